"""Reads of the national development strategy, its coverage of the SDG targets and the
sector reviews; each in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Prefetch

from indicators.models import Goal, Target
from reviews.core.models import Review
from reviews.followup.models.strategy import NationalStrategy, SectorReview, StrategyPillar, StrategyPriority


def strategy_page(review: Review) -> NationalStrategy | None:
    """The strategy with its pillars, priorities and their targets: four queries."""
    return (
        NationalStrategy.objects.filter(review=review)
        .prefetch_related(
            Prefetch(
                "pillars",
                queryset=StrategyPillar.objects.prefetch_related(
                    Prefetch(
                        "priorities",
                        queryset=StrategyPriority.objects.prefetch_related(
                            Prefetch("targets", queryset=Target.objects.order_by("position"))
                        ),
                    )
                ),
            )
        )
        .first()
    )


@dataclass
class GoalCoverage:
    goal: Goal
    targets: list  # [(target, [priority names])]
    covered: int
    total: int

    @property
    def missing(self) -> int:
        return self.total - self.covered


def coverage_matrix(review: Review) -> list[GoalCoverage]:
    """Every goal with its targets, each with the strategy's priorities that address it
    (none: the plan leaves it out). Three queries."""
    priorities: dict[int, list[str]] = {}
    for target_id, name in StrategyPriority.targets.through.objects.filter(
        strategypriority__pillar__strategy__review=review
    ).values_list("target_id", "strategypriority__name"):
        priorities.setdefault(target_id, []).append(name)
    goals = Goal.objects.prefetch_related(Prefetch("targets", queryset=Target.objects.order_by("position")))
    rows = []
    for goal in goals:
        targets = [(target, priorities.get(target.pk, [])) for target in goal.targets.all()]
        rows.append(
            GoalCoverage(goal=goal, targets=targets, covered=sum(1 for _t, p in targets if p), total=len(targets))
        )
    return rows


def sector_reviews_for(review: Review) -> list[SectorReview]:
    """The review's sector reviews with the goals they inform: two queries."""
    return list(SectorReview.objects.filter(review=review).prefetch_related("goals"))
