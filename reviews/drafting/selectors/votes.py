"""Reads of the council's vote: what keeps it from opening, the council, the current vote
and its tally, and who may vote."""

from django.db.models import F, OuterRef, QuerySet, Subquery

from reviews.core.models import MemberRole, Review
from reviews.drafting.models import (
    BallotChoice,
    CouncilVote,
    Section,
    SectionDecision,
    SectionKind,
    SectionStatus,
)
from reviews.drafting.tallies import Tally, tally


def section_list_not_approved(*, review: Review) -> list[Section]:
    """Sections of the outline (not the main messages) that keep the vote from opening.

    A section counts as approved when its status is approved and its latest approval was
    given to its current version (a later change makes the approval fall away). One query.
    """
    last_approval = (
        SectionDecision.objects.filter(section=OuterRef("pk"), kind=SectionDecision.Kind.APPROVE)
        .order_by("-created_at", "-pk")
        .values("revision_number")[:1]
    )
    sections = (
        Section.objects.filter(review=review)
        .exclude(kind=SectionKind.MAIN_MESSAGES)
        .annotate(approved_revision=Subquery(last_approval))
        .order_by("parent__position", "position", "pk")
    )
    return [
        section
        for section in sections
        if section.status != SectionStatus.APPROVED or section.approved_revision != section.version
    ]


def council_member_list(*, review: Review) -> QuerySet:
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(vnr_memberships__review=review, vnr_memberships__role=MemberRole.COUNCIL_MEMBER, is_active=True)
        .distinct()
        .order_by("last_name", "username")
    )


def vote_get_current(*, review: Review) -> CouncilVote | None:
    """The open vote of `review`, else its latest closed one, else None (one query)."""
    return (
        CouncilVote.objects.filter(review=review)
        .select_related("opened_by")
        .order_by(F("closed_at").desc(nulls_first=True), "-opened_at")
        .first()
    )


def vote_get_tally(*, vote: CouncilVote, ballots=None, eligible: int | None = None) -> Tally:
    """The tally of `vote` (pass `ballots` and `eligible` when already loaded)."""
    choices = [ballot.choice for ballot in (ballots if ballots is not None else vote.ballots.all())]
    return tally(
        eligible=eligible if eligible is not None else vote.eligible_voters.count(),
        approve=choices.count(BallotChoice.APPROVE),
        reject=choices.count(BallotChoice.REJECT),
        abstain=choices.count(BallotChoice.ABSTAIN),
        quorum_percent=vote.quorum_percent,
        majority=vote.majority,
    )


def vote_is_eligible_voter(*, vote: CouncilVote, user) -> bool:
    return user.is_authenticated and vote.eligible_voters.filter(pk=user.pk).exists()
