"""Reads of ministries and their divisions."""

from django.db.models import Count

from reviews.core.models import Review
from reviews.workspace.models import Ministry
from vnr_portal.common.compiled import compiled_objects, compiled_rows


def _ministries(review_id):
    return Ministry.objects.filter(review_id=review_id).order_by("name")


def _ministries_with_goal_count(review_id):
    return _ministries(review_id).annotate(goal_count=Count("assignments"))


def _ministry_names(review_id):
    return _ministries(review_id).values_list("pk", "name")


def ministry_choices(review: Review) -> list[tuple[int, str]]:
    """(id, name) of the review's ministries by name, for a menu (compiled once)."""
    return compiled_rows(_ministry_names, review.pk)


def ministry_list_tree(review: Review, *, with_goal_count: bool = True) -> list[Ministry]:
    """The review's ministries in tree order, each with `depth` (0 ministry, 1 division…)
    and, unless `with_goal_count` is False, `goal_count` (its roles in the matrix: counted
    over every assignment of the review, which the matrix and the tracker do not show).

    One query (compiled once: the tracker and the matrix read it on every visit); the
    tree is built in memory.
    """
    ministries = compiled_objects(_ministries_with_goal_count if with_goal_count else _ministries, review.pk)
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
