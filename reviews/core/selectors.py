"""Reads reused across views: what a user may see, with its relations loaded."""

from django.db.models import Prefetch, QuerySet

from reviews.models import Membership, Review


def review_list_for_user(user) -> QuerySet[Review]:
    """Reviews `user` belongs to (all for a superuser), each with `my_memberships`."""
    reviews = Review.objects.select_related("country", "previous_review")
    if not user.is_superuser:
        reviews = reviews.filter(memberships__user=user).distinct()
    return reviews.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(user_id=user.pk).select_related("ministry"),
            to_attr="my_memberships",
        )
    ).order_by("country__name", "-hlpf_year")
