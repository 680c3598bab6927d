"""Reads reused across views: what a user may see, with its relations loaded."""

from django.db.models import Prefetch, QuerySet

from reviews import rules as perms
from reviews.core.models import MemberRole, Membership, Review


def review_list_for_user(user) -> QuerySet[Review]:
    """Reviews `user` may view (`perms.reviews_visible_to`: all for a superuser, else those
    they belong to), each with `my_memberships`; country and previous review loaded."""
    reviews = perms.reviews_visible_to(user, Review.objects.select_related("country", "previous_review"))
    return reviews.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(user_id=user.pk).select_related("ministry"),
            to_attr="my_memberships",
        )
    ).order_by("country__name", "-hlpf_year")


def is_coordinator_of_any_review(user) -> bool:
    """Whether `user` coordinates at least one review: settings.TWO_FACTOR_REQUIRED_FOR, which
    vnr_portal.accounts asks (it imports no app) when REQUIRE_2FA_FOR_COORDINATORS is on."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(user_id=user.pk, role=MemberRole.COORDINATOR).exists()
