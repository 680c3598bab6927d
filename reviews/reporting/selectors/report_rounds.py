"""Reads of reporting rounds: the rounds of a review with their counts, and the tracker
(ministries × goals with the round's reports)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from indicators.models import Goal
from reviews.core.models import Review
from reviews.reporting.models import ProgressReport, ReportingRound, ReportStatus
from reviews.workspace.models import GoalAssignment, GoalRole, Ministry
from reviews.workspace.selectors.focal_points import ACCOUNT, INVITATION, NOBODY, FocalPointReach, focal_point_reach
from reviews.workspace.selectors.ministries import ministry_list_tree

DONE_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED, ReportStatus.INCORPORATED)

STATUS_ABBREVIATIONS = {
    ReportStatus.NOT_STARTED: pgettext_lazy("report tracker: abbreviation of Not started", "NS"),
    ReportStatus.DRAFT: pgettext_lazy("report tracker: abbreviation of Draft", "D"),
    ReportStatus.SUBMITTED: pgettext_lazy("report tracker: abbreviation of Submitted", "S"),
    ReportStatus.RETURNED: pgettext_lazy("report tracker: abbreviation of Returned", "R"),
    ReportStatus.ACCEPTED: pgettext_lazy("report tracker: abbreviation of Accepted", "A"),
    ReportStatus.INCORPORATED: pgettext_lazy("report tracker: abbreviation of Incorporated", "I"),
}

# Bootstrap colour classes of the statuses (always shown with the status's text too).
STATUS_CLASSES = {
    ReportStatus.NOT_STARTED: "text-bg-light border",
    ReportStatus.DRAFT: "text-bg-warning",
    ReportStatus.SUBMITTED: "text-bg-info",
    ReportStatus.RETURNED: "text-bg-secondary",
    ReportStatus.ACCEPTED: "text-bg-success",
    ReportStatus.INCORPORATED: "text-bg-primary",
}


def report_is_overdue(report: ProgressReport, today: datetime.date) -> bool:
    return report.deadline < today and report.status not in DONE_STATUSES


def report_round_list(review: Review) -> list[ReportingRound]:
    """The review's rounds, each with `report_count`, `submitted_count` and `versions`
    (the template versions its reports use). Two queries."""
    rounds = list(
        ReportingRound.objects.filter(review=review)
        .annotate(
            report_count=Count("reports"),
            done_count=Count("reports", filter=Q(reports__status__in=DONE_STATUSES)),
        )
        .order_by("deadline", "pk")
    )
    versions: dict[int, list[int]] = {}
    rows = (
        ProgressReport.objects.filter(round__review=review)
        .values_list("round_id", "template__version")
        .distinct()
        .order_by("round_id", "template__version")
    )
    for round_id, version in rows:
        versions.setdefault(round_id, []).append(version)
    for round_ in rounds:
        round_.versions = versions.get(round_.pk, [])
    return rounds


def report_round_issue_preview(round_: ReportingRound) -> dict:
    """What issuing `round_` will work from, for its confirmation step: the role matrix's
    cells by role (`matrix`: lead, co-lead, associate counts), the ministries they cover
    (`ministry_count`) and the reports the round has already (`issued_count`). Two queries."""
    cells = GoalAssignment.objects.filter(review_id=round_.review_id).aggregate(
        ministry_count=Count("ministry", distinct=True),
        **{role: Count("pk", filter=Q(role=role)) for role in GoalRole.values},
    )
    return {
        "matrix": {role: cells[role] for role in GoalRole.values},
        "ministry_count": cells["ministry_count"],
        "issued_count": ProgressReport.objects.filter(round=round_).count(),
    }


@dataclass
class TrackerCell:
    goal: Goal
    report: ProgressReport | None
    overdue: bool = False

    @property
    def abbreviation(self) -> str:
        return str(STATUS_ABBREVIATIONS[self.report.status]) if self.report else ""

    @property
    def css(self) -> str:
        return STATUS_CLASSES[self.report.status] if self.report else ""


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    abbreviation: str
    css: str
    count: int


@dataclass
class Tracker:
    round: ReportingRound | None
    goals: list[Goal]
    rows: list[tuple[Ministry, list[TrackerCell]]]
    counts: list[StatusCount]  # every status, in order
    overdue_count: int
    reports: list[ProgressReport]


def tracker_get(
    review: Review,
    round: ReportingRound | None,
    *,
    today: datetime.date,
    status: str = "",
    ministry: Ministry | None = None,
    overdue_only: bool = False,
    ministries: list[Ministry] | None = None,
    with_reach: bool = False,
) -> Tracker:
    """Ministries (tree order) × goals with the round's reports, filtered.

    Counts per status cover the whole round (before filters). With `with_reach` each
    ministry gets `reach`, its FocalPointReach (focal points with an account, "invited, not yet signed
    in" since when, or nobody). A fixed number of queries whatever the number of
    ministries and goals: goals, ministries (unless given, as loaded by
    `ministry_list_tree`), reports, and with `with_reach` the three of `focal_point_reach`.
    """
    goals = list(Goal.objects.order_by("number"))
    ministries = ministries if ministries is not None else ministry_list_tree(review)
    reports = (
        list(ProgressReport.objects.filter(round=round).select_related("ministry", "goal").order_by("pk"))
        if round is not None
        else []
    )
    totals = {value: 0 for value, _label in ReportStatus.choices}
    for report in reports:
        totals[report.status] += 1
    overdue_count = sum(1 for report in reports if report_is_overdue(report, today))
    shown = [
        r
        for r in reports
        if (not status or r.status == status)
        and (ministry is None or r.ministry_id == ministry.pk)
        and (not overdue_only or report_is_overdue(r, today))
    ]
    if with_reach:
        reach = focal_point_reach(review, ministries, now=timezone.now())
        for m in ministries:
            m.reach = reach[m.pk]
    by_cell = {(r.ministry_id, r.goal_id): r for r in shown}
    filtering = bool(status or overdue_only)
    rows = []
    for m in ministries:
        if ministry is not None and m.pk != ministry.pk:
            continue
        cells = []
        for goal in goals:
            report = by_cell.get((m.pk, goal.pk))
            cells.append(
                TrackerCell(goal=goal, report=report, overdue=bool(report and report_is_overdue(report, today)))
            )
        if filtering and not any(cell.report for cell in cells):
            continue
        rows.append((m, cells))
    counts = [
        StatusCount(value, str(label), str(STATUS_ABBREVIATIONS[value]), STATUS_CLASSES[value], totals[value])
        for value, label in ReportStatus.choices
    ]
    return Tracker(round=round, goals=goals, rows=rows, counts=counts, overdue_count=overdue_count, reports=shown)


@dataclass
class IssueReach:
    """How the focal points of the ministries in the role matrix are told of new reports."""

    items: list[FocalPointReach]

    @property
    def by_account(self) -> list[FocalPointReach]:
        return [item for item in self.items if item.channel == ACCOUNT]

    @property
    def by_invitation(self) -> list[FocalPointReach]:
        return [item for item in self.items if item.channel == INVITATION]

    @property
    def nobody(self) -> list[FocalPointReach]:
        return [item for item in self.items if item.channel == NOBODY]


def issue_reach(review: Review) -> IssueReach:
    """Who issuing a round tells of their reports, and how, for each ministry with a role
    in the matrix (the ministries that get reports), by name. Four queries."""
    ministries = list(Ministry.objects.filter(review=review, assignments__isnull=False).distinct().order_by("name"))
    reach = focal_point_reach(review, ministries, now=timezone.now())
    return IssueReach(items=[reach[m.pk] for m in ministries])
