"""Reads of taking feedback in: the uptake board of a round (its contributions grouped by
section or question, one page at a time, with the revisions a decision may point to),
and what came of a round for the public, "you said, we did".

The public reads only decided, visible contributions, and only what the public may read
(an excerpt of the contribution, its section or question, the decision, the reason and
where it went): never the text of hidden contributions, never who wrote it or how to
reach them.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Max, Prefetch, Q
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from reviews.models import Review, Section, SectionRevision
from stakeholders.moderation.models import ModeratorResponse
from stakeholders.portal.models import Classification, Contribution, Uptake, Visibility
from stakeholders.portal.selectors import participant_count
from stakeholders.rounds.models import ConsultationRound, RoundDocument

# --- The uptake board --------------------------------------------------------------------


@dataclass
class UptakeGroup:
    """The contributions on one section, one question, or general ones."""

    key: str
    title: str
    contributions: list = field(default_factory=list)


@dataclass
class UptakeBoard:
    groups: list[UptakeGroup]
    # The hidden (or waiting) contributions of the page, when `state` is "hidden".
    hidden: list[Contribution]
    # section id -> revisions of that section since the round opened (newest first).
    revisions: dict[int, list[SectionRevision]]
    decided: int
    undecided: int
    hidden_count: int
    page: Page


PAGE_SIZE = 50
STATES = ("undecided", "decided", "hidden")


def _contributions(round_: ConsultationRound):
    # Sections in the round's order, then questions, then general submissions: the same
    # order on every page, whatever the database does with NULLs.
    return (
        Contribution.objects.filter(round=round_)
        .select_related("document", "question", "author__contributor", "uptake_revision", "uptake_by")
        .order_by(
            F("document__position").asc(nulls_last=True),
            F("document_id").asc(nulls_last=True),
            F("question__position").asc(nulls_last=True),
            F("question_id").asc(nulls_last=True),
            "created_at",
            "pk",
        )
    )


def _revisions_since_opening(round_: ConsultationRound, section_ids) -> dict[int, list[SectionRevision]]:
    by_section: dict[int, list[SectionRevision]] = defaultdict(list)
    if section_ids:
        revisions = SectionRevision.objects.filter(section_id__in=section_ids, created_at__gte=round_.opens_at).only(
            "pk", "section_id", "number", "created_at"
        )
        for revision in revisions.order_by("-number"):
            by_section[revision.section_id].append(revision)
    return by_section


def _group_of(contribution: Contribution) -> tuple[str, str]:
    if contribution.document_id:
        return f"d{contribution.document_id}", contribution.document.title
    if contribution.question_id:
        return f"q{contribution.question_id}", contribution.question.text
    return "general", _("General submissions")


def uptake_board(round_: ConsultationRound, *, state: str = "", page: int | str = 1) -> UptakeBoard:
    """One page of the contributions of `round_`, grouped by section or question.

    `state` "undecided" or "decided" filters the visible ones; "hidden" lists those that
    moderation hid (they need no decision) apart. Counts are of the whole round. A fixed
    number of queries (counts, the page, the revisions it may link to) whatever the
    number of contributions.
    """
    visible = Q(visibility=Visibility.VISIBLE)
    counts = Contribution.objects.filter(round=round_).aggregate(
        decided=Count("pk", filter=visible & ~Q(uptake="")),
        undecided=Count("pk", filter=visible & Q(uptake="")),
        hidden=Count("pk", filter=~visible),
    )
    queryset = _contributions(round_)
    if state == "hidden":
        queryset, total = queryset.exclude(visible), counts["hidden"]
    elif state == "decided":
        queryset, total = queryset.filter(visible).exclude(uptake=""), counts["decided"]
    elif state == "undecided":
        queryset, total = queryset.filter(visible, uptake=""), counts["undecided"]
    else:
        queryset, total = queryset.filter(visible), counts["decided"] + counts["undecided"]
    paginator = Paginator(queryset, PAGE_SIZE)
    paginator.count = total  # known from the counts above: saves a COUNT query
    current = paginator.get_page(page)
    contributions = list(current.object_list)
    groups: dict[str, UptakeGroup] = {}
    section_ids = set()
    if state != "hidden":
        for contribution in contributions:
            key, title = _group_of(contribution)
            groups.setdefault(key, UptakeGroup(key=key, title=title)).contributions.append(contribution)
            if contribution.document_id and contribution.document.section_id:
                section_ids.add(contribution.document.section_id)
    return UptakeBoard(
        groups=list(groups.values()),
        hidden=contributions if state == "hidden" else [],
        revisions=_revisions_since_opening(round_, section_ids),
        decided=counts["decided"],
        undecided=counts["undecided"],
        hidden_count=counts["hidden"],
        page=current,
    )


def revision_stamp(round_: ConsultationRound) -> str:
    """What changes whenever the revisions a decision on `round_` may point to change (the
    board's forms offer them; the round's public token does not follow the draft): their
    number and newest id, revisions being only added or deleted. One query."""
    found = SectionRevision.objects.filter(
        section_id__in=RoundDocument.objects.filter(round=round_).values("section_id"),
        created_at__gte=round_.opens_at,
    ).aggregate(n=Count("pk"), last=Max("pk"))
    return f"{found['n']}.{found['last'] or 0}"


def revision_list_for_contribution(contribution: Contribution) -> list[SectionRevision]:
    """The revisions a decision on `contribution` may point to (its section's, since the
    round opened)."""
    section_id = contribution.document.section_id if contribution.document_id else None
    if not section_id:
        return []
    return _revisions_since_opening(contribution.round, {section_id}).get(section_id, [])


# --- You said, we did --------------------------------------------------------------------


EXCERPT_CHARS = 280


@dataclass(frozen=True)
class OutcomeRow:
    contribution_id: int
    said: str  # plain text excerpt: escape when shown
    about: str  # the section or question
    kind_label: str
    decision: str
    decision_label: str
    reason: str  # plain text
    went_to: str  # section title, or ""
    revision_number: int | None
    received: str = ""  # how it came when not online ("received at a workshop"), or ""
    answers: tuple[str, ...] = ()  # the moderators' public answers (plain text), oldest first
    paragraph: int | None = None  # the paragraph of the section the contribution is on, if any


@dataclass(frozen=True)
class OutcomeFigures:
    contributions: int
    participants: int
    decided: int
    by_decision: list[tuple[str, str, int]]  # (value, label, count)


def _decided(queryset):
    return (
        queryset.filter(visibility=Visibility.VISIBLE)
        .exclude(uptake="")
        .select_related("document", "question", "uptake_revision__section")
        .order_by("document__position", "document_id", "question__position", "question_id", "created_at", "pk")
    )


def _row(contribution: Contribution, *, answers: tuple[str, ...] = ()) -> OutcomeRow:
    if contribution.document_id:
        about = contribution.document.title
    elif contribution.question_id:
        about = contribution.question.text
    else:
        about = ""
    revision = contribution.uptake_revision
    return OutcomeRow(
        contribution_id=contribution.pk,
        said=Truncator(" ".join(contribution.body.split())).chars(EXCERPT_CHARS),
        about=about,
        kind_label=str(Contribution.Kind(contribution.kind).label),
        decision=contribution.uptake,
        decision_label=str(Uptake(contribution.uptake).label),
        reason=contribution.uptake_reason,
        went_to=revision.section.title if revision is not None else "",
        revision_number=revision.number if revision is not None else None,
        received=contribution.channel_received,
        answers=answers,
        paragraph=contribution.paragraph,
    )


def outcome_list(round_: ConsultationRound) -> list[OutcomeRow]:
    """The "you said, we did" rows of one round, with the moderators' public answers that
    the round page shows under each contribution (two queries)."""
    answers = Prefetch("responses", queryset=ModeratorResponse.objects.order_by("created_at", "pk"))
    return [
        _row(c, answers=tuple(answer.body for answer in c.responses.all()))
        for c in _decided(Contribution.objects.filter(round=round_)).prefetch_related(answers)
    ]


OUTCOMES_PER_PAGE = 50


def outcome_page(round_: ConsultationRound, page: int | str | None = 1) -> Page:
    """One page of the round's "you said, we did" rows (`outcome_list`'s, OUTCOMES_PER_PAGE
    at a time), its `object_list` the rows. Any `page` answers a page (not a number: the
    first; past the end: the last). Three queries (count, rows, answers) whatever the
    number of contributions."""
    answers = Prefetch("responses", queryset=ModeratorResponse.objects.order_by("created_at", "pk"))
    paginator = Paginator(
        _decided(Contribution.objects.filter(round=round_)).prefetch_related(answers), OUTCOMES_PER_PAGE
    )
    current = paginator.get_page(page)
    current.object_list = [
        _row(c, answers=tuple(answer.body for answer in c.responses.all())) for c in current.object_list
    ]
    return current


def outcome_stamp(round_: ConsultationRound) -> str:
    """What changes when the "where it went" of the round's rows changes outside the round
    (its public token follows the rest): a digest of the titles of the sections of its
    documents (a decision points only to a revision of its contribution's section). One query."""
    titles = Section.objects.filter(pk__in=RoundDocument.objects.filter(round=round_).values("section_id")).values_list(
        "pk", "title"
    )
    return hashlib.sha256(repr(sorted(titles)).encode()).hexdigest()[:32]


def outcome_figures(round_: ConsultationRound) -> OutcomeFigures:
    """Contributions received and distinct participants (hidden ones included, spam not),
    and the visible ones by decision (one query)."""
    visible = Q(visibility=Visibility.VISIBLE)
    counts = (
        Contribution.objects.filter(round=round_)
        .exclude(classification=Classification.SPAM)
        .aggregate(
            contributions=Count("pk"),
            participants=participant_count(),
            **{f"d_{value}": Count("pk", filter=visible & Q(uptake=value)) for value in Uptake.values},
        )
    )
    by_decision = [(value, str(label), counts[f"d_{value}"]) for value, label in Uptake.choices]
    return OutcomeFigures(
        contributions=counts["contributions"],
        participants=counts["participants"],
        decided=sum(count for _value, _label, count in by_decision),
        by_decision=by_decision,
    )


def outcome_list_by_round(review: Review) -> list[tuple[ConsultationRound, list[OutcomeRow]]]:
    """Per round of `review` with at least one decided visible contribution: the round
    and its rows, oldest round first (one query)."""
    rows: dict[int, list[OutcomeRow]] = defaultdict(list)
    rounds: dict[int, ConsultationRound] = {}
    for contribution in _decided(Contribution.objects.filter(round__review=review)).select_related("round"):
        rounds[contribution.round_id] = contribution.round
        rows[contribution.round_id].append(_row(contribution))
    ordered = sorted(rounds.values(), key=lambda r: (r.opens_at, r.pk))
    return [(round_, rows[round_.pk]) for round_ in ordered]


def outcome_list_for_rounds(rounds) -> list[tuple[ConsultationRound, OutcomeRow]]:
    """The "you said, we did" rows of every round in `rounds` (a queryset), each with its
    round and the moderators' public answers, as `outcome_list` makes them: oldest round
    first (two queries whatever the number of contributions)."""
    answers = Prefetch("responses", queryset=ModeratorResponse.objects.order_by("created_at", "pk"))
    contributions = (
        _decided(Contribution.objects.filter(round__in=rounds))
        .select_related("round")
        .prefetch_related(answers)
        .order_by(
            "round__opens_at",
            "round_id",
            "document__position",
            "document_id",
            "question__position",
            "question_id",
            "created_at",
            "pk",
        )
    )
    return [(c.round, _row(c, answers=tuple(answer.body for answer in c.responses.all()))) for c in contributions]


def outcome_count_for_rounds(rounds) -> int:
    """How many rows `outcome_list_for_rounds(rounds)` holds (one query)."""
    return _decided(Contribution.objects.filter(round__in=rounds)).count()
