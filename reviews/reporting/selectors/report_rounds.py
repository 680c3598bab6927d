"""Reads of reporting rounds: the rounds of a review with their counts, and the tracker
(ministries × goals with the round's reports)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from indicators.models import Goal
from indicators.selectors import goals_in_order
from reviews.core.models import Review
from reviews.reporting.models import ProgressReport, ReportingRound, ReportStatus
from reviews.workspace.models import GoalAssignment, GoalRole, Ministry
from reviews.workspace.selectors.focal_points import ACCOUNT, INVITATION, NOBODY, FocalPointReach, focal_point_reach
from reviews.workspace.selectors.ministries import ministry_list_tree
from vnr_portal.common.compiled import compiled_objects, compiled_rows

# The most ministries the grid of statuses shows at once (17 cells each); above, a summary.
GRID_MAX_ROWS = 25

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


def report_is_overdue(report: ProgressReport | TrackedReport, today: datetime.date) -> bool:
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
class TrackedReport:
    """What the tracker and its CSV need of a progress report, read as plain values (a
    thousand model instances cost more than the rest of the page)."""

    pk: int
    ministry_id: int
    goal_id: int
    role: str
    status: str
    deadline: datetime.date
    submitted_at: datetime.datetime | None = None  # read for the CSV only

    @property
    def is_contribution(self) -> bool:
        return self.role != GoalRole.LEAD


@dataclass
class TrackerCell:
    """A goal's cell in a ministry's row; its texts are worked out once by `tracker_get`
    (a big round has a thousand cells). `url`, the report's deadline page, is set by the
    view for those who may change it."""

    goal: Goal
    report: TrackedReport | None
    overdue: bool = False
    abbreviation: str = ""
    css: str = ""
    text: str = ""  # what a screen reader says: status, the role of a contribution, overdue
    url: str = ""


@dataclass(frozen=True)
class MinistrySummary:
    """A ministry's line of the tracker's summary: how many of its shown reports are in
    each status (in `ReportStatus` order), how many are overdue."""

    ministry: Ministry
    counts: list[str]  # as text: a number the template need not localize
    overdue: int
    total: int


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
    goals: list[Goal]  # the grid's columns (empty, not read, when only the summary is shown)
    rows: list[tuple[Ministry, list[TrackerCell]]]
    counts: list[StatusCount]  # every status, in order
    overdue_count: int
    reports: list[TrackedReport]
    # Above GRID_MAX_ROWS ministries (and no ministry chosen) the page shows `summary`, a
    # line of counts per ministry, each opening that ministry's row of the grid.
    summary: list[MinistrySummary] = field(default_factory=list)
    grid: bool = True
    # How many reports match the filters (`reports` is left empty when only the summary is
    # shown: it is counted in SQL).
    shown_count: int | None = None

    def __post_init__(self):
        if self.shown_count is None:
            self.shown_count = len(self.reports)


def _rounds_by_deadline(review_id):
    return ReportingRound.objects.filter(review_id=review_id).order_by("deadline", "pk")


def tracker_rounds(review: Review) -> list[ReportingRound]:
    """The review's rounds, the latest last (the tracker's menu; compiled once)."""
    return compiled_objects(_rounds_by_deadline, review.pk)


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
    with_cells: bool = False,
) -> Tracker:
    """Ministries (tree order) × goals with the round's reports, filtered.

    Counts per status cover the whole round (before filters). With `with_reach` each
    ministry gets `reach`, its FocalPointReach (focal points with an account, "invited, not yet signed
    in" since when, or nobody), its people by name only (PersonName). A fixed number of queries whatever the number of
    ministries and goals: ministries (unless given, as loaded by `ministry_list_tree`),
    reports (counted per ministry and status for the summary), goals (for the grid only),
    and with `with_reach` the two of `focal_point_reach`.

    `summary` has a line of counts per ministry; `rows` (the grid of cells) is built when
    the page shows it (`grid`: a ministry chosen, or at most GRID_MAX_ROWS ministries
    listed) or `with_cells` asks for it (the CSV).
    """
    ministries = ministries if ministries is not None else ministry_list_tree(review)
    if round is not None and ministry is None and not with_cells and len(ministries) > GRID_MAX_ROWS:
        summary_only = _summary_counted(review, round, today, status, overdue_only, ministries, with_reach)
        if summary_only is not None:
            return summary_only
    goals = goals_in_order()
    # Neither the ministry nor the goal is joined: both are loaded already, and a goal's
    # JSON titles would be parsed again for each report.
    # The submission time only for the CSV (`with_cells`): parsing a thousand of them costs.
    fields = ("pk", "ministry_id", "goal_id", "role", "status", "deadline", "submitted_at")
    fields = fields if with_cells else fields[:-1]
    reports = (
        [TrackedReport(*row) for row in ProgressReport.objects.filter(round=round).order_by("pk").values_list(*fields)]
        if round is not None
        else []
    )
    totals = {value: 0 for value, _label in ReportStatus.choices}
    overdue_pks = set()
    for report in reports:
        totals[report.status] += 1
        if report_is_overdue(report, today):
            overdue_pks.add(report.pk)
    shown = [
        r
        for r in reports
        if (not status or r.status == status)
        and (ministry is None or r.ministry_id == ministry.pk)
        and (not overdue_only or r.pk in overdue_pks)
    ]
    if with_reach:
        reach = focal_point_reach(review, ministries, now=timezone.now(), names_only=True, with_accounts=False)
        for m in ministries:
            m.reach = reach[m.pk]
    filtering = bool(status or overdue_only)
    labels = {value: str(label) for value, label in ReportStatus.choices}
    abbreviations = {value: str(text) for value, text in STATUS_ABBREVIATIONS.items()}
    statuses = [value for value, _label in ReportStatus.choices]
    # The summary first: a line per ministry (those with a shown report when filtering).
    per_ministry: dict[int, dict[str, int]] = {}
    overdue_per_ministry: dict[int, int] = {}
    for report in shown:
        per_ministry.setdefault(report.ministry_id, dict.fromkeys(statuses, 0))[report.status] += 1
        if report.pk in overdue_pks:
            overdue_per_ministry[report.ministry_id] = overdue_per_ministry.get(report.ministry_id, 0) + 1
    listed = [
        m for m in ministries if (ministry is None or m.pk == ministry.pk) and (not filtering or m.pk in per_ministry)
    ]
    summary = _summaries(listed, statuses, per_ministry, overdue_per_ministry)
    grid = ministry is not None or len(listed) <= GRID_MAX_ROWS
    rows = _tracker_rows(listed, goals, shown, overdue_pks, labels, abbreviations) if grid or with_cells else []
    counts = [
        StatusCount(value, labels[value], abbreviations[value], STATUS_CLASSES[value], totals[value])
        for value in statuses
    ]
    return Tracker(
        round=round,
        goals=goals,
        rows=rows,
        counts=counts,
        overdue_count=len(overdue_pks),
        reports=shown,
        summary=summary,
        grid=grid,
    )


def _counted_per_ministry(today, *rest):
    """(ministry, status, reports, overdue reports) of a round: `rest` is DONE_STATUSES and
    the round's id, the order of the query's parameters. Compiled once: the tracker's page."""
    *done, round_id = rest
    late = Q(deadline__lt=today) & ~Q(status__in=done)
    return (
        ProgressReport.objects.filter(round_id=round_id)
        .values_list("ministry_id", "status")
        .annotate(n=Count("pk"), late=Count("pk", filter=late))
        .order_by()
    )


def _summary_counted(review, round, today, status, overdue_only, ministries, with_reach) -> Tracker | None:
    """The tracker of a big country as its summary shows it: the reports counted per
    ministry, status and lateness in SQL (one query, a few hundred rows at most) instead of
    reading every report. None when the filters leave few enough ministries for the grid,
    which needs the reports themselves."""
    rows = compiled_rows(_counted_per_ministry, today.isoformat(), *DONE_STATUSES, round.pk)
    statuses = [value for value, _label in ReportStatus.choices]
    totals = dict.fromkeys(statuses, 0)
    overdue_count = 0
    per_ministry: dict[int, dict[str, int]] = {}
    overdue_per_ministry: dict[int, int] = {}
    for ministry_id, report_status, n, late in rows:
        totals[report_status] += n
        overdue_count += late
        if status and report_status != status:
            continue
        shown = late if overdue_only else n
        if not shown:
            continue
        per_ministry.setdefault(ministry_id, dict.fromkeys(statuses, 0))[report_status] += shown
        if late:
            overdue_per_ministry[ministry_id] = overdue_per_ministry.get(ministry_id, 0) + late
    filtering = bool(status or overdue_only)
    listed = [m for m in ministries if not filtering or m.pk in per_ministry]
    if len(listed) <= GRID_MAX_ROWS:
        return None
    if with_reach:
        reach = focal_point_reach(review, ministries, now=timezone.now(), names_only=True, with_accounts=False)
        for m in ministries:
            m.reach = reach[m.pk]
    labels = {value: str(label) for value, label in ReportStatus.choices}
    abbreviations = {value: str(text) for value, text in STATUS_ABBREVIATIONS.items()}
    summary = _summaries(listed, statuses, per_ministry, overdue_per_ministry)
    counts = [
        StatusCount(value, labels[value], abbreviations[value], STATUS_CLASSES[value], totals[value])
        for value in statuses
    ]
    return Tracker(
        round=round,
        goals=[],
        rows=[],
        counts=counts,
        overdue_count=overdue_count,
        reports=[],
        shown_count=sum(line.total for line in summary),
        summary=summary,
        grid=False,
    )


def _summaries(ministries, statuses, per_ministry: dict, overdue_per_ministry: dict) -> list[MinistrySummary]:
    """A summary row per ministry: its reports counted per status (in `statuses`' order),
    the overdue ones and the total."""
    empty = dict.fromkeys(statuses, 0)
    summary = []
    for m in ministries:
        counts = per_ministry.get(m.pk, empty)
        summary.append(
            MinistrySummary(
                m, [str(counts[value]) for value in statuses], overdue_per_ministry.get(m.pk, 0), sum(counts.values())
            )
        )
    return summary


def _tracker_rows(ministries, goals, reports, overdue_pks, labels, abbreviations):
    """The grid: a cell per goal for each ministry, its texts worked out here once."""
    by_cell = {(r.ministry_id, r.goal_id): r for r in reports}
    role_labels = {value: str(label) for value, label in GoalRole.choices}
    overdue_text = str(_("overdue"))
    rows = []
    for m in ministries:
        cells = []
        for goal in goals:
            report = by_cell.get((m.pk, goal.pk))
            if report is None:
                cells.append(TrackerCell(goal=goal, report=None))
                continue
            overdue = report.pk in overdue_pks
            parts = [labels[report.status]]
            if report.role != GoalRole.LEAD:
                parts.append(role_labels[report.role])
            if overdue:
                parts.append(overdue_text)
            cells.append(
                TrackerCell(
                    goal=goal,
                    report=report,
                    overdue=overdue,
                    abbreviation=abbreviations[report.status],
                    css=STATUS_CLASSES[report.status],
                    text=", ".join(parts),
                )
            )
        rows.append((m, cells))
    return rows


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
