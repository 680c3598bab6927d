"""What came of a round, for the public: "you said, we did".

Only decided, visible contributions; only what the public may read (an excerpt of the
contribution, its section or question, the decision, the reason and where it went):
never the text of hidden contributions, never who wrote it or how to reach them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.text import Truncator

from ..models import Classification, ConsultationRound, Contribution, Uptake, Visibility

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


def _row(contribution: Contribution) -> OutcomeRow:
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
    )


def outcome_rows(round_: ConsultationRound) -> list[OutcomeRow]:
    """The "you said, we did" rows of one round (one query)."""
    return [_row(c) for c in _decided(Contribution.objects.filter(round=round_))]


def outcome_figures(round_: ConsultationRound) -> OutcomeFigures:
    """Contributions received and distinct participants (hidden ones included, spam not),
    and the visible ones by decision (one query)."""
    visible = Q(visibility=Visibility.VISIBLE)
    counts = (
        Contribution.objects.filter(round=round_)
        .exclude(classification=Classification.SPAM)
        .aggregate(
            contributions=Count("pk"),
            participants=Count("author", distinct=True),
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


def review_outcomes(review) -> list[tuple[ConsultationRound, list[OutcomeRow]]]:
    """Per round of `review` with at least one decided visible contribution: the round
    and its rows, oldest round first (one query)."""
    rows: dict[int, list[OutcomeRow]] = defaultdict(list)
    rounds: dict[int, ConsultationRound] = {}
    for contribution in _decided(Contribution.objects.filter(round__review=review)).select_related("round"):
        rounds[contribution.round_id] = contribution.round
        rows[contribution.round_id].append(_row(contribution))
    ordered = sorted(rounds.values(), key=lambda r: (r.opens_at, r.pk))
    return [(round_, rows[round_.pk]) for round_ in ordered]
