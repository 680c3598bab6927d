from django.db.models import Count, Prefetch, QuerySet

from .models import Goal, Indicator, Target


def goal_list_with_counts() -> QuerySet[Goal]:
    """All goals with `target_count` and `indicator_count` annotated."""
    return Goal.objects.annotate(
        target_count=Count("targets", distinct=True),
        indicator_count=Count("targets__indicators", distinct=True),
    ).order_by("number")


def goal_with_targets() -> QuerySet[Goal]:
    """Goals with their targets and each target's indicators prefetched (3 queries)."""
    return Goal.objects.prefetch_related(
        Prefetch(
            "targets",
            queryset=Target.objects.order_by("position").prefetch_related(
                Prefetch("indicators", queryset=Indicator.objects.order_by("position"))
            ),
        )
    )
