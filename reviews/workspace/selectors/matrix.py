"""Reads of the ministry × goal role matrix: the whole matrix of a review, and the goals
that no ministry leads yet.

A cell is addressed as (ministry id, goal number); its value is a `GoalRole` value.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy, pgettext_lazy

from indicators.models import Goal
from indicators.selectors import goals_in_order
from reviews.core.models import Review
from reviews.workspace.models import GoalAssignment, GoalRole, Ministry
from reviews.workspace.selectors.ministries import ministry_list_tree

Cell = tuple[int, int]  # (ministry id, goal number)

ROLE_COUNT_LABELS = {
    GoalRole.LEAD: gettext_lazy("Leads"),
    GoalRole.CO_LEAD: gettext_lazy("Co-leads"),
    GoalRole.ASSOCIATE: gettext_lazy("Associates"),
}
ROLE_LETTERS = {
    GoalRole.LEAD: pgettext_lazy("role matrix: one-letter abbreviation of Lead", "L"),
    GoalRole.CO_LEAD: pgettext_lazy("role matrix: one-letter abbreviation of Co-lead", "C"),
    GoalRole.ASSOCIATE: pgettext_lazy("role matrix: one-letter abbreviation of Associate", "A"),
}


@dataclass(frozen=True)
class MatrixCell:
    goal: Goal
    role: str | None

    @property
    def letter(self) -> str:
        return str(ROLE_LETTERS[self.role]) if self.role else ""

    @property
    def label(self) -> str:
        return str(GoalRole(self.role).label) if self.role else ""


@dataclass(frozen=True)
class MatrixColumn:
    goal: Goal
    has_lead: bool
    errors: tuple[str, ...] = ()


@dataclass
class Matrix:
    """The whole matrix of a review, as loaded by `matrix_get`."""

    review: Review
    ministries: list[Ministry]  # tree order, each with `depth`
    goals: list[Goal]
    roles: dict[Cell, str]

    def role(self, ministry_id: int, goal_number: int) -> str | None:
        return self.roles.get((ministry_id, goal_number))

    @cached_property
    def rows(self) -> list[tuple[Ministry, list[MatrixCell]]]:
        return [
            (ministry, [MatrixCell(goal, self.role(ministry.pk, goal.number)) for goal in self.goals])
            for ministry in self.ministries
        ]

    @cached_property
    def _lead_goals(self) -> set[int]:
        return {number for (_ministry, number), role in self.roles.items() if role == GoalRole.LEAD}

    @cached_property
    def columns(self) -> list[MatrixColumn]:
        return [MatrixColumn(goal, goal.number in self._lead_goals) for goal in self.goals]

    @cached_property
    def goals_without_lead(self) -> list[Goal]:
        return [goal for goal in self.goals if goal.number not in self._lead_goals]

    @cached_property
    def counts(self) -> list[tuple[str, list[int]]]:
        """Per role, how many ministries hold it for each goal: [(label, [n per goal])]."""
        per_role = defaultdict(lambda: defaultdict(int))
        for (_ministry, number), role in self.roles.items():
            per_role[role][number] += 1
        return [
            (str(ROLE_COUNT_LABELS[role]), [per_role[role.value][goal.number] for goal in self.goals])
            for role in GoalRole
        ]

    @property
    def assignment_count(self) -> int:
        return len(self.roles)


def matrix_get(review: Review) -> Matrix:
    """The review's ministries (tree order), the goals and every assignment: three queries."""
    goals = goals_in_order()
    # By goal id, unordered: neither the goal nor the ministry joined for a thousand rows.
    numbers = {goal.pk: goal.number for goal in goals}
    roles = {
        (ministry_id, numbers[goal_id]): role
        for ministry_id, goal_id, role in GoalAssignment.objects.filter(review=review)
        .order_by()
        .values_list("ministry_id", "goal_id", "role")
    }
    return Matrix(review=review, ministries=ministry_list_tree(review, with_goal_count=False), goals=goals, roles=roles)


def goal_list_without_lead(review: Review) -> QuerySet:
    """Goals of the framework that no ministry of `review` leads yet (one query)."""
    leads = GoalAssignment.objects.filter(review=review, role=GoalRole.LEAD).values("goal_id")
    return Goal.objects.exclude(pk__in=leads).order_by("number")
