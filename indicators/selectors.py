"""Reads of the SDG framework, with their relations loaded."""

from django.db.models import Count, Prefetch, Q, QuerySet, Subquery

from vnr_portal.common.compiled import compiled_objects

from .models import Goal, Indicator, Target


def _goals_by_number():
    return Goal.objects.order_by("number")


def goals_in_order() -> list[Goal]:
    """The Goals by number (compiled once: the matrix, the tracker and the registers' filters
    list them on every visit)."""
    return compiled_objects(_goals_by_number)


def goal_list_with_counts() -> QuerySet[Goal]:
    """All goals with `target_count` and `indicator_count` annotated (1 query)."""
    return Goal.objects.annotate(
        target_count=Count("targets", distinct=True),
        indicator_count=Count("targets__indicators", distinct=True),
    ).order_by("number")


def goal_with_targets() -> QuerySet[Goal]:
    """Goals with the counts of `goal_list_with_counts`, their targets and each target's
    indicators prefetched in natural order (3 queries)."""
    return goal_list_with_counts().prefetch_related(
        Prefetch(
            "targets",
            queryset=Target.objects.order_by("position").prefetch_related(
                Prefetch("indicators", queryset=Indicator.objects.order_by("position"))
            ),
        )
    )


def goal_neighbours(goal: Goal) -> tuple[Goal | None, Goal | None]:
    """The goals just before and after `goal` by number, None at either end (1 query)."""
    previous_number = Goal.objects.filter(number__lt=goal.number).order_by("-number").values("number")[:1]
    next_number = Goal.objects.filter(number__gt=goal.number).order_by("number").values("number")[:1]
    previous = following = None
    for other in Goal.objects.filter(Q(number=Subquery(previous_number)) | Q(number=Subquery(next_number))):
        if other.number < goal.number:
            previous = other
        else:
            following = other
    return previous, following
