"""Reads of the council's vote: what keeps it from opening, the council, the current vote
and its tally, and who may vote."""

import hashlib
import json

from django.db.models import F, OuterRef, QuerySet, Subquery

from reviews.core.models import MemberRole, Review
from reviews.drafting.models import (
    BallotChoice,
    CouncilVote,
    Section,
    SectionDecision,
    SectionKind,
    SectionStatus,
    VoteOutcome,
)
from reviews.drafting.tallies import Tally, tally


def section_list_not_approved(*, review: Review) -> list[Section]:
    """Sections of the outline (not the main messages) that keep the vote from opening.

    A section counts as approved when its status is approved and its latest approval was
    given to its current version (a later change makes the approval fall away). One query.
    """
    last_approval = (
        SectionDecision.objects.filter(
            section=OuterRef("pk"), kind=SectionDecision.Kind.APPROVE, data_stale_at__isnull=True
        )
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


# --- What the council approves -------------------------------------------------------------


def report_get_fingerprint(*, review: Review) -> str:
    """A hash of what the council votes on: the report's title, year and languages, its
    cover picture and text alternative, and every section's place, title and text (the
    main messages included). Equal fingerprints mean the same report. Reads the review
    row afresh and its sections: two queries.
    """
    fields = Review.objects.filter(pk=review.pk).values(
        "title", "hlpf_year", "languages", "cover_image", "cover_image_alt"
    )
    head = fields.get()
    sections = [
        [pk, parent, position, kind, goal, title, version, hashlib.sha256((content or "").encode()).hexdigest()]
        for pk, parent, position, kind, goal, title, version, content in Section.objects.filter(review_id=review.pk)
        .order_by("pk")
        .values_list("pk", "parent_id", "position", "kind", "goal_id", "title", "version", "content")
    ]
    facts = {"review": head, "sections": sections}
    return hashlib.sha256(json.dumps(facts, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def vote_get_approval(*, review: Review) -> CouncilVote | None:
    """The vote whose approval froze `review` (the latest approval not voided by a
    reopening), or None. One query."""
    return (
        CouncilVote.objects.filter(review=review, outcome=VoteOutcome.APPROVED, voided_at=None)
        .order_by("-closed_at", "-pk")
        .first()
    )


def report_is_as_approved(*, review: Review) -> bool:
    """Whether `review`'s content is what the council approved: True when it is not frozen,
    or frozen with the fingerprint its approving vote was opened on (approvals recorded
    before fingerprints existed count as matching). Three queries when frozen, else none.
    """
    if review.frozen_at is None:
        return True
    approval = vote_get_approval(review=review)
    if approval is None or not approval.content_fingerprint:
        return True
    return approval.content_fingerprint == report_get_fingerprint(review=review)
