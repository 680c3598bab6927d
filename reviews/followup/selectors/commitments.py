"""Reads of the commitments register, the roll-ups and the roadmap, each in a fixed
number of queries whatever the number of commitments."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.http import Http404

from indicators.evidence.models import Series
from indicators.models import Goal
from reviews.core.models import Review
from reviews.followup.models import (
    Commitment,
    CommitmentDocument,
    CommitmentKind,
    CommitmentStatus,
    CommitmentUpdate,
    UpdateState,
)
from reviews.workspace.models import Ministry
from vnr_portal.common.compiled import compiled_rows

UNREPORTED = "unreported"


def accepted_value(field_name: str):
    """A subquery: `field_name` of the latest accepted update of the outer commitment."""
    return Subquery(
        CommitmentUpdate.objects.filter(commitment=OuterRef("pk"), state=UpdateState.ACCEPTED)
        .order_by("-decided_at", "-pk")
        .values(field_name)[:1]
    )


def commitments_of(review: Review):
    """The register's queryset: goals, targets and ministries prefetched, the accepted
    update's status and id annotated, the number of updates waiting for a decision."""
    return (
        Commitment.objects.filter(review=review)
        .annotate(
            current_status=accepted_value("status"),
            current_update_id=accepted_value("pk"),
            pending=Count("updates", filter=Q(updates__state=UpdateState.SUBMITTED), distinct=True),
        )
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.order_by("number")),
            "targets",
            Prefetch("ministries", queryset=Ministry.objects.order_by("name")),
        )
        .order_by("position", "pk")
    )


def status_choices() -> list[tuple[str, str]]:
    from django.utils.translation import gettext as _

    return [*CommitmentStatus.choices, (UNREPORTED, _("Not reported yet"))]


def register(
    review: Review, *, goal: int | None = None, ministry: int | None = None, status: str = "", documents: bool = True
) -> list:
    """The commitments of `review`, filtered by goal number, ministry id and status; each
    with its `current_update` (the latest accepted one) and, unless `documents` is False,
    that update's documents (one query more)."""
    queryset = _filtered(commitments_of(review), goal=goal, ministry=ministry, status=status)
    commitments = list(queryset.distinct())
    _attach_current_updates(commitments, documents=documents)
    return commitments


def _filtered(queryset, *, goal: int | None, ministry: int | None, status: str):
    if goal:
        queryset = queryset.filter(goals__number=goal)
    if ministry:
        queryset = queryset.filter(ministries__pk=ministry)
    if status == UNREPORTED:
        queryset = queryset.filter(current_status__isnull=True)
    elif status:
        queryset = queryset.filter(current_status=status)
    return queryset


# The badge of each status, as reviews/followup/_status.html shows it.
STATUS_BADGES = {
    CommitmentStatus.DONE: "success",
    CommitmentStatus.IN_PROGRESS: "primary",
    CommitmentStatus.DROPPED: "secondary",
    CommitmentStatus.REPLACED: "info",
    CommitmentStatus.NOT_STARTED: "warning",
    UNREPORTED: "light",
}


@dataclass
class RegisterRow:
    """A commitment as the register's page shows it: plain values, nothing to query or
    look up when rendered."""

    pk: int
    text: str
    kind: str  # the kind's label
    goals_and_targets: str  # "3, 4 · 3.4, 4.1"
    ministries: list[str]  # labels (acronym, else name), by name
    status: str  # a CommitmentStatus value, or UNREPORTED
    status_label: str
    badge: str
    pending: int  # updates waiting for a decision
    documents: list[tuple] = field(default_factory=list)  # (pk, name) of the accepted update's
    # Set by the page: its link and its text shortened; documents become (link, name).
    url: str = ""
    short_text: str = ""


# The register's goals, targets and ministries, of every commitment of a review (those the
# filters leave out are not looked up): plain values, their SQL compiled once per process.
def _goal_numbers(review_id):
    links = Commitment.goals.through.objects.filter(commitment__review_id=review_id)
    return links.order_by("goal__number").values_list("commitment_id", "goal__number")


def _target_codes(review_id):
    links = Commitment.targets.through.objects.filter(commitment__review_id=review_id)
    return links.order_by("target__position", "target_id").values_list("commitment_id", "target__code")


def _ministry_names(review_id):
    links = Commitment.ministries.through.objects.filter(commitment__review_id=review_id)
    fields = ("commitment_id", "ministry__acronym", "ministry__name")
    return links.order_by("ministry__name", "ministry_id").values_list(*fields)


def register_rows(
    review: Review, *, goal: int | None = None, ministry: int | None = None, status: str = ""
) -> list[RegisterRow]:
    """`register(review, ...)` as rows for its page (5 queries, no model instance): the
    commitments, their updates (the latest accepted one with its documents, and how many
    wait for a decision: found here rather than by subqueries, cheaper to build), then the
    goals, targets and ministries of the review's commitments, each as plain values."""
    queryset = Commitment.objects.filter(review=review).order_by("position", "pk")
    queryset = _filtered(queryset, goal=goal, ministry=ministry, status="")
    found = list(queryset.distinct().values_list("pk", "text", "kind"))
    if not found:
        return []
    # (decided_at, pk) of each commitment's latest accepted update as `accepted_value` orders them.
    current: dict[int, tuple] = {}
    waiting = defaultdict(set)
    documents = defaultdict(list)
    for commitment_id, update_id, state, update_status, decided_at, document_id, name, uploaded_at in (
        CommitmentUpdate.objects.filter(
            commitment_id__in=[pk for pk, *_rest in found], state__in=[UpdateState.ACCEPTED, UpdateState.SUBMITTED]
        )
        .order_by()
        .values_list(
            "commitment_id",
            "pk",
            "state",
            "status",
            "decided_at",
            "evidence_documents__pk",
            "evidence_documents__name",
            "evidence_documents__uploaded_at",
        )
    ):
        if state == UpdateState.SUBMITTED:
            waiting[commitment_id].add(update_id)  # a row per document: counted once
            continue
        rank = (decided_at is not None, decided_at, update_id)
        if commitment_id not in current or rank > current[commitment_id][0]:
            current[commitment_id] = (rank, update_id, update_status)
        if document_id is not None:
            documents[update_id].append((uploaded_at, document_id, name))
    if status:
        found = [row for row in found if (current[row[0]][2] if row[0] in current else UNREPORTED) == status]
        if not found:
            return []
    goals, targets, ministries = defaultdict(list), defaultdict(list), defaultdict(list)
    for commitment_id, number in compiled_rows(_goal_numbers, review.pk):
        goals[commitment_id].append(str(number))
    for commitment_id, code in compiled_rows(_target_codes, review.pk):
        targets[commitment_id].append(code)
    for commitment_id, acronym, name in compiled_rows(_ministry_names, review.pk):
        ministries[commitment_id].append(acronym or name)
    kinds = {value: str(label) for value, label in CommitmentKind.choices}
    labels = {value: str(label) for value, label in status_choices()}
    rows = []
    for pk, text, kind in found:
        _rank, update_id, shown = current.get(pk, (None, None, UNREPORTED))
        cell = ", ".join(goals.get(pk, ()))
        if pk in targets:
            cell += " · " + ", ".join(targets[pk])
        rows.append(
            RegisterRow(
                pk=pk,
                text=text,
                kind=kinds.get(kind, kind),
                goals_and_targets=cell,
                ministries=ministries.get(pk, []),
                status=shown,
                status_label=labels.get(shown, shown),
                badge=STATUS_BADGES.get(shown, "warning"),
                pending=len(waiting.get(pk, ())),
                documents=[(pk_, name) for _at, pk_, name in sorted(documents.get(update_id, []))],
            )
        )
    return rows


def _attach_current_updates(commitments: list, *, documents: bool) -> None:
    ids = [c.current_update_id for c in commitments if c.current_update_id]
    updates = CommitmentUpdate.objects.filter(pk__in=ids)
    if documents:
        updates = updates.prefetch_related("evidence_documents")
    updates = {u.pk: u for u in updates} if ids else {}
    for commitment in commitments:
        commitment.current_update = updates.get(commitment.current_update_id)


def commitment_of_review(review: Review, commitment_pk: int) -> Commitment:
    """One commitment of `review` with its review and ministries loaded; 404 otherwise."""
    commitment = (
        Commitment.objects.filter(review=review, pk=commitment_pk)
        .select_related("review__country", "source_review")
        .prefetch_related("ministries", "goals", "targets")
        .first()
    )
    if commitment is None:
        raise Http404
    return commitment


def update_of_review(review: Review, update_pk: int) -> CommitmentUpdate:
    update = (
        CommitmentUpdate.objects.filter(commitment__review=review, pk=update_pk)
        .select_related("commitment__review", "submitted_by", "replaced_by")
        .first()
    )
    if update is None:
        raise Http404
    return update


def history(commitment: Commitment) -> list[CommitmentUpdate]:
    """Every update of `commitment`, newest first."""
    return list(
        commitment.updates.select_related("submitted_by", "decided_by", "replaced_by").prefetch_related(
            "evidence_documents"
        )
    )


def document_of_commitment(review: Review, commitment_pk: int, document_pk: int) -> CommitmentDocument:
    """A document given for a commitment of `review`; 404 otherwise."""
    document = CommitmentDocument.objects.filter(
        pk=document_pk, commitment_id=commitment_pk, commitment__review=review
    ).first()
    if document is None:
        raise Http404
    return document


def series_choices(review: Review):
    """The review's country's series, for the evidence of an update."""
    return Series.objects.filter(country=review.country.iso3).order_by("indicator_sort_key", "code", "unit")


@dataclass
class RollUp:
    """Counts per status of one goal or ministry (or of the whole register)."""

    label: str
    key: object
    counts: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def cells(self) -> list[int]:
        return [self.counts.get(value, 0) for value, _label in status_choices()]


def rollups(commitments: list) -> dict:
    """{"total": RollUp, "goals": [RollUp], "ministries": [RollUp]} of `commitments`
    (their prefetched goals and ministries; no query)."""
    total = RollUp("", None)
    goals: dict[int, RollUp] = {}
    ministries: dict[int, RollUp] = {}
    for commitment in commitments:
        status = commitment.current_status or UNREPORTED
        total.counts[status] += 1
        for goal in commitment.goals.all():
            goals.setdefault(goal.number, RollUp(str(goal), goal.number)).counts[status] += 1
        for ministry in commitment.ministries.all():
            ministries.setdefault(ministry.pk, RollUp(ministry.name, ministry.pk)).counts[status] += 1
    return {
        "total": total,
        "goals": [goals[number] for number in sorted(goals)],
        "ministries": sorted(ministries.values(), key=lambda r: r.label.lower()),
    }


@dataclass
class RoadmapYear:
    year: int
    events: list = field(default_factory=list)


def roadmap(review: Review, *, goal: int | None = None, ministry: int | None = None) -> dict:
    """The accepted updates between the previous review and `review`, by year: each with
    its commitment, status and whether the status changed. Years without events are kept
    so the timeline shows the whole span."""
    # Only each commitment's text is shown: no annotations, prefetches or current updates.
    queryset = Commitment.objects.filter(review=review).only("pk", "text")
    if goal:
        queryset = queryset.filter(goals__number=goal)
    if ministry:
        queryset = queryset.filter(ministries__pk=ministry)
    commitments = {c.pk: c for c in queryset.distinct()}
    # What the roadmap and the annex show of each update: not its evidence (JSON) fields.
    updates = list(
        CommitmentUpdate.objects.filter(commitment_id__in=list(commitments), state=UpdateState.ACCEPTED)
        .only("pk", "commitment_id", "status", "narrative", "decided_at")
        .order_by("decided_at", "pk")
    )
    start = review.previous_review.hlpf_year if review.previous_review_id else None
    end = review.hlpf_year
    last_status: dict[int, str] = {}
    by_year: dict[int, list] = defaultdict(list)
    for update in updates:
        update.commitment = commitments[update.commitment_id]
        update.status_changed = last_status.get(update.commitment_id) != update.status
        last_status[update.commitment_id] = update.status
        by_year[update.decided_at.year].append(update)
    years = set(by_year)
    if start is not None and start <= end:
        years |= set(range(start, end + 1))
    return {
        "start": start,
        "end": end,
        "years": [RoadmapYear(year, by_year.get(year, [])) for year in sorted(years)],
        "count": len(updates),
    }
