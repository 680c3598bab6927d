"""Reads reused across views: what a user may see, with its relations loaded."""

from django.db.models import Count, Prefetch, QuerySet

from indicators.models import Goal
from reviews.models import GoalAssignment, GoalRole, Membership, Ministry, Review


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


def ministry_tree(review: Review) -> list[Ministry]:
    """The review's ministries in tree order, each with `depth` (0 ministry, 1 division…)
    and `goal_count` (its roles in the matrix).

    One query; the tree is built in memory.
    """
    ministries = list(Ministry.objects.filter(review=review).annotate(goal_count=Count("assignments")).order_by("name"))
    children: dict[int | None, list[Ministry]] = {}
    for ministry in ministries:
        children.setdefault(ministry.parent_id, []).append(ministry)
    ordered: list[Ministry] = []

    def walk(parent_id, depth):
        for ministry in children.get(parent_id, []):
            ministry.depth = depth
            ordered.append(ministry)
            walk(ministry.pk, depth + 1)

    walk(None, 0)
    return ordered


def goals_without_lead(review: Review) -> QuerySet:
    """Goals of the framework that no ministry of `review` leads yet (one query)."""
    leads = GoalAssignment.objects.filter(review=review, role=GoalRole.LEAD).values("goal_id")
    return Goal.objects.exclude(pk__in=leads).order_by("number")
