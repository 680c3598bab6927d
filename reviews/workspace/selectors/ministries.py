"""Reads of ministries and their divisions."""

from django.db.models import Count

from reviews.core.models import Review
from reviews.workspace.models import Ministry


def ministry_list_tree(review: Review) -> list[Ministry]:
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
