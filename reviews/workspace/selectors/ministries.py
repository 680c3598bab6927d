"""Reads of ministries and their divisions."""

from django.db.models import Count

from reviews.core.models import Review
from reviews.workspace.models import Ministry


def ministry_list_tree(review: Review, *, with_goal_count: bool = True) -> list[Ministry]:
    """The review's ministries in tree order, each with `depth` (0 ministry, 1 division…)
    and, unless `with_goal_count` is False, `goal_count` (its roles in the matrix: counted
    over every assignment of the review, which the matrix and the tracker do not show).

    One query; the tree is built in memory.
    """
    queryset = Ministry.objects.filter(review=review)
    if with_goal_count:
        queryset = queryset.annotate(goal_count=Count("assignments"))
    ministries = list(queryset.order_by("name"))
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
