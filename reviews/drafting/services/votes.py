"""The council's electronic vote on the final report, freezing and reopening.

A vote opens once every section of the outline is approved; council members vote once
each before the deadline; the vote closes when everybody voted or at the deadline, and an
approval freezes the report until a coordinator reopens it with a reason.
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from reviews.core.models import Notification, Review
from reviews.core.notifications import notify
from reviews.drafting.models import Ballot, CouncilVote, Section, SectionKind, VoteOutcome
from reviews.drafting.selectors.votes import council_member_list, section_list_not_approved, vote_get_tally

STATEMENT_MAX_LENGTH = 5000
REOPEN_REASON_MIN_LENGTH = 10
# A vote runs for weeks, not years: a far deadline is a typing slip (e.g. year 9999).
MAX_VOTE_DAYS = 365


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


# --- Opening -------------------------------------------------------------------------


@transaction.atomic
def vote_open(*, actor, review: Review, deadline: datetime, now: datetime | None = None) -> CouncilVote:
    """Open the council's vote on `review`.

    Preconditions: not frozen, no vote open, every section of the outline approved at its
    current version, a deadline in the future, at least one council member. Copies the
    council members (eligible voters), quorum and majority; notifies the council members
    (e-mail after commit); records the opening in the audit log.
    """
    now = now or timezone.now()
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.is_frozen:
        raise ValidationError(_("The report is frozen: the council has already approved it."))
    open_vote = CouncilVote.objects.filter(review=review, closed_at=None).first()
    if open_vote is not None:
        vote_close_if_due(vote=open_vote, now=now)
        if CouncilVote.objects.filter(pk=open_vote.pk, closed_at=None).exists():
            raise ValidationError(_("A vote is already open for this review."))
    if not Section.objects.filter(review=review).exclude(kind=SectionKind.MAIN_MESSAGES).exists():
        raise ValidationError(_("The report has no sections yet: there is nothing to vote on."))
    pending = section_list_not_approved(review=review)
    if pending:
        raise ValidationError(
            _("Every section must be approved before the vote opens. Not approved yet: %(sections)s.")
            % {"sections": ", ".join(section.title for section in pending)}
        )
    if deadline is None or deadline <= now:
        raise ValidationError({"deadline": _("The deadline must be in the future.")})
    if deadline > now + timedelta(days=MAX_VOTE_DAYS):
        raise ValidationError({"deadline": _("The deadline must be within a year.")})
    voters = list(council_member_list(review=review))
    if not voters:
        raise ValidationError(_("The review has no council members: invite them before opening the vote."))
    vote = CouncilVote(
        review=review,
        opened_by=actor,
        opened_at=now,
        deadline=deadline,
        quorum_percent=review.vote_quorum_percent,
        majority=review.vote_majority,
    )
    vote.full_clean()
    try:
        with transaction.atomic():
            vote.save()
    except IntegrityError as error:  # another coordinator opened one at the same moment
        raise ValidationError(_("A vote is already open for this review.")) from error
    vote.eligible_voters.set(voters)
    audit_record(
        review=review,
        actor=actor,
        action="vote.open",
        summary=_("Council vote opened until %(deadline)s for %(count)d members")
        % {"deadline": _when(deadline), "count": len(voters)},
        data={
            "vote": vote.pk,
            "deadline": deadline.isoformat(),
            "eligible": [user.pk for user in voters],
            "quorum_percent": vote.quorum_percent,
            "majority": vote.majority,
        },
    )
    notify(
        users=voters,
        review=review,
        kind=Notification.Kind.VOTE_OPENED,
        message=lambda: (
            _("The council's vote on “%(title)s” is open until %(deadline)s.")
            % {"title": review.title, "deadline": _when(deadline)}
        ),
        url=reverse("reviews:vote", args=[review.pk]),
        key=f"vote_opened:{vote.pk}",
    )
    return vote


# --- Casting -------------------------------------------------------------------------


@transaction.atomic
def vote_cast(*, vote: CouncilVote, voter, choice: str, statement: str = "", now: datetime | None = None) -> Ballot:
    """Record `voter`'s ballot, once, before the deadline; closes the vote when it was the last.

    Refused (ValidationError) when the vote is closed or past its deadline, when `voter`
    is not an eligible voter, or voted already. Audit entry with the voter and choice.
    """
    now = now or timezone.now()
    vote = CouncilVote.objects.select_for_update().select_related("review").get(pk=vote.pk)
    if vote.closed_at is not None or now >= vote.deadline:
        raise ValidationError(_("The vote closed at %(when)s.") % {"when": _when(vote.closed_at or vote.deadline)})
    if not vote.eligible_voters.filter(pk=voter.pk).exists():
        raise ValidationError(_("Only the council members at the opening of the vote can vote."))
    if Ballot.objects.filter(vote=vote, voter=voter).exists():
        raise ValidationError(_("You have already voted."))
    statement = (statement or "").strip()
    if len(statement) > STATEMENT_MAX_LENGTH:
        # A TextField's max_length is not checked by full_clean: check it here.
        raise ValidationError(
            {"statement": _("The statement is too long: at most %(n)d characters.") % {"n": STATEMENT_MAX_LENGTH}}
        )
    ballot = Ballot(vote=vote, voter=voter, choice=choice, statement=statement, cast_at=now)
    ballot.full_clean()
    try:
        with transaction.atomic():
            ballot.save()
    except IntegrityError as error:  # a second submit racing the first
        raise ValidationError(_("You have already voted.")) from error
    audit_record(
        review=vote.review,
        actor=voter,
        action="vote.cast",
        summary=_("%(voter)s voted: %(choice)s")
        % {"voter": voter.get_full_name() or voter.get_username(), "choice": ballot.get_choice_display()},
        data={"vote": vote.pk, "ballot": ballot.pk, "choice": ballot.choice},
    )
    if vote.ballots.count() >= vote.eligible_voters.count():
        _close(vote=vote, closed_at=now)
    return ballot


# --- Closing -------------------------------------------------------------------------


def _close(*, vote: CouncilVote, closed_at: datetime) -> VoteOutcome | None:
    """Claim the vote (only one caller wins), count it, freeze the report if approved."""
    claimed = CouncilVote.objects.filter(pk=vote.pk, closed_at=None).update(closed_at=closed_at)
    if not claimed:
        return None
    result = vote_get_tally(vote=vote)
    CouncilVote.objects.filter(pk=vote.pk).update(outcome=result.outcome)
    vote.closed_at, vote.outcome = closed_at, result.outcome
    review = vote.review
    audit_record(
        review=review,
        actor=None,
        action="vote.outcome",
        summary=_("Council vote closed: %(outcome)s (%(approve)d approve, %(reject)d reject, %(abstain)d abstain)")
        % {
            "outcome": result.outcome_label,
            "approve": result.approve,
            "reject": result.reject,
            "abstain": result.abstain,
        },
        data={
            "vote": vote.pk,
            "outcome": result.outcome,
            "eligible": result.eligible,
            "approve": result.approve,
            "reject": result.reject,
            "abstain": result.abstain,
            "quorum_needed": result.quorum_needed,
        },
    )
    if result.outcome == VoteOutcome.APPROVED:
        if Review.objects.filter(pk=review.pk, frozen_at=None).update(frozen_at=closed_at):
            review.frozen_at = closed_at
            audit_record(
                review=review,
                actor=None,
                action="review.freeze",
                summary=_("The report was approved by the council and is frozen."),
                data={"vote": vote.pk},
            )
    return VoteOutcome(result.outcome)


@transaction.atomic
def vote_close_if_due(*, vote: CouncilVote, now: datetime | None = None) -> VoteOutcome | None:
    """Close `vote` when its deadline has passed or every eligible voter has voted.

    Idempotent: the vote is claimed with a conditional update, so a second caller (page
    load, beat task) changes nothing. Returns the outcome when this call closed it.
    """
    now = now or timezone.now()
    if vote.closed_at is not None:
        return None
    if now >= vote.deadline:
        return _close(vote=vote, closed_at=vote.deadline)
    if vote.ballots.count() >= vote.eligible_voters.count():
        return _close(vote=vote, closed_at=now)
    return None


def votes_close_due(*, now: datetime | None = None) -> int:
    """Close every open vote past its deadline (the beat task); returns how many closed."""
    now = now or timezone.now()
    closed = 0
    for vote in CouncilVote.objects.filter(closed_at=None, deadline__lte=now).select_related("review"):
        if vote_close_if_due(vote=vote, now=now) is not None:
            closed += 1
    return closed


def vote_cancel_for_change(*, actor, section: Section) -> CouncilVote | None:
    """Cancel the review's open vote because `section` changed (call inside its save).

    The council was voting on the text as it was; after an edit the coordinator opens a
    new vote once the section is approved again. Voters are told; audited.
    """
    vote = CouncilVote.objects.filter(review_id=section.review_id, closed_at=None).first()
    if vote is None:
        return None
    now = timezone.now()
    if not CouncilVote.objects.filter(pk=vote.pk, closed_at=None).update(closed_at=now, outcome=VoteOutcome.CANCELLED):
        return None
    vote.closed_at, vote.outcome = now, VoteOutcome.CANCELLED
    review = section.review
    audit_record(
        review=review,
        actor=actor,
        action="vote.cancel",
        summary=_("Council vote cancelled: the section “%(section)s” changed while the vote was open.")
        % {"section": section.title},
        data={"vote": vote.pk, "section": section.pk},
    )
    notify(
        users=vote.eligible_voters.all(),
        review=review,
        kind=Notification.Kind.OTHER,
        message=lambda: (
            _(
                "The council's vote on “%(review)s” was cancelled: the section “%(section)s” changed. "
                "A new vote will be opened."
            )
            % {"review": review.title, "section": section.title}
        ),
        url=reverse("reviews:vote", args=[review.pk]),
        key=f"vote-cancelled:{vote.pk}",
    )
    return vote


# --- Reopening -----------------------------------------------------------------------


@transaction.atomic
def review_reopen(*, actor, review: Review, reason: str) -> Review:
    """Unfreeze a report the council approved; the reason goes to the audit log.

    The sections stay approved; any later change makes them need approval again.
    """
    reason = (reason or "").strip()
    if len(reason) < REOPEN_REASON_MIN_LENGTH:
        raise ValidationError(
            {
                "reason": _("Say why the report is reopened, in at least %(n)d characters.")
                % {"n": REOPEN_REASON_MIN_LENGTH}
            }
        )
    if not Review.objects.filter(pk=review.pk).exclude(frozen_at=None).update(frozen_at=None):
        raise ValidationError(_("The report is not frozen: there is nothing to reopen."))
    review.frozen_at = None
    audit_record(
        review=review,
        actor=actor,
        action="review.reopen",
        summary=_("Report reopened: %(reason)s") % {"reason": reason},
        data={"reason": reason},
    )
    return review
