"""The council's electronic vote on the final report, freezing and reopening.

A vote opens once every section of the outline is approved, on the report as it then is
(its fingerprint is kept); council members vote once each before the deadline; the vote
closes when everybody voted or at the deadline, and an approval freezes the report until
a coordinator reopens it with a reason, which voids the approval and opens a new vote.
A change to the report while a vote is open (a section added, removed, moved, retitled
or rewritten; the title or the cover) voids that vote and starts it again
(`vote_restart_for_change`).
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from reviews.core.audit import audit_record
from reviews.core.models import MemberRole, Membership, Notification, Review
from reviews.core.notifications import notify
from reviews.core.signals import review_frozen
from reviews.drafting.models import Ballot, CouncilVote, Section, SectionKind, VoteOutcome
from reviews.drafting.selectors.votes import (
    council_member_list,
    report_get_fingerprint,
    section_list_not_approved,
    vote_get_approval,
    vote_get_tally,
)

FROZEN_MESSAGE = _lazy("The report is frozen: the council has already approved it.")
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
    council members (eligible voters), quorum and majority, and the report's fingerprint
    (what the council votes on); notifies the council members (e-mail after commit);
    records the opening in the audit log.
    """
    now = now or timezone.now()
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.is_frozen:
        raise ValidationError(FROZEN_MESSAGE)
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
    vote = _vote_create(
        opened_by=actor,
        review=review,
        deadline=deadline,
        quorum_percent=review.vote_quorum_percent,
        majority=review.vote_majority,
        voters=voters,
        now=now,
    )
    audit_record(
        review=review,
        actor=actor,
        action="vote.open",
        summary=_("Council vote opened until %(deadline)s for %(count)d members")
        % {"deadline": _when(deadline), "count": len(voters)},
        data=_vote_facts(vote, voters),
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


def _vote_create(*, opened_by, review, deadline, quorum_percent, majority, voters, now) -> CouncilVote:
    vote = CouncilVote(
        review=review,
        opened_by=opened_by,
        opened_at=now,
        deadline=deadline,
        quorum_percent=quorum_percent,
        majority=majority,
        content_fingerprint=report_get_fingerprint(review=review),
    )
    vote.full_clean()
    try:
        with transaction.atomic():
            vote.save()
    except IntegrityError as error:  # another coordinator opened one at the same moment
        raise ValidationError(_("A vote is already open for this review.")) from error
    vote.eligible_voters.set(voters)
    return vote


def _vote_facts(vote: CouncilVote, voters) -> dict:
    return {
        "vote": vote.pk,
        "deadline": vote.deadline.isoformat(),
        "eligible": [user.pk for user in voters],
        "quorum_percent": vote.quorum_percent,
        "majority": vote.majority,
        "content_fingerprint": vote.content_fingerprint,
    }


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


def _close(*, vote: CouncilVote, closed_at: datetime, check_content: bool = True) -> VoteOutcome | None:
    """Claim the vote (only one caller wins), count it, freeze the report if approved.

    With `check_content`, an approval of a report that changed since the vote opened (by
    a path that did not restart the vote) is voided rather than frozen.
    """
    claimed = CouncilVote.objects.filter(pk=vote.pk, closed_at=None).update(closed_at=closed_at)
    if not claimed:
        return None
    result = vote_get_tally(vote=vote)
    review = vote.review
    if (
        check_content
        and result.outcome == VoteOutcome.APPROVED
        and vote.content_fingerprint
        and vote.content_fingerprint != report_get_fingerprint(review=review)
    ):
        CouncilVote.objects.filter(pk=vote.pk).update(outcome=VoteOutcome.CANCELLED)
        vote.closed_at, vote.outcome = closed_at, VoteOutcome.CANCELLED
        audit_record(
            review=review,
            actor=None,
            action="vote.void",
            summary=_("Council vote voided at its close: the report changed since the vote opened."),
            data={"vote": vote.pk, "ballots": _ballot_facts(vote), "approve": result.approve},
        )
        return VoteOutcome.CANCELLED
    CouncilVote.objects.filter(pk=vote.pk).update(outcome=result.outcome)
    vote.closed_at, vote.outcome = closed_at, result.outcome
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
            review_frozen.send(sender=Review, review=review)
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


def _ballot_facts(vote: CouncilVote) -> list[dict]:
    return [
        {"ballot": ballot.pk, "voter": ballot.voter_id, "choice": ballot.choice, "cast_at": ballot.cast_at.isoformat()}
        for ballot in vote.ballots.order_by("cast_at", "pk")
    ]


def _may_open_again(*, review: Review, now: datetime, deadline: datetime) -> bool:
    return (
        deadline > now
        and Section.objects.filter(review=review).exclude(kind=SectionKind.MAIN_MESSAGES).exists()
        and not section_list_not_approved(review=review)
    )


def vote_restart_for_change(*, actor, review: Review, change: Callable[[], str]) -> CouncilVote | None:
    """Void `review`'s open vote because the report changed, and start it again.

    Call inside the change's transaction, once the change is written. `change` returns,
    in the current language, what changed ("the section “X” was added"), for the audit
    log and the notifications. The ballots cast stay with the voided vote (outcome
    "voided") and are listed in the audit entry. When every section is still approved (a
    section removed, moved or retitled; the title or cover changed), a new vote opens at
    once with the same deadline and rules, opened in the name of the first vote's opener,
    for the council as it now is; otherwise (a section added or rewritten) a coordinator
    opens it once the sections are approved again. The council members (and, in the
    second case, the coordinators) are notified. Returns the new vote, or None.

    An open vote already past its deadline is closed as it stood instead; when that
    approves the report, the change is refused (ValidationError): the council approved
    the report before it.
    """
    vote = CouncilVote.objects.select_for_update().filter(review_id=review.pk, closed_at=None).first()
    if vote is None:
        return None
    vote.review = review
    now = timezone.now()
    if now >= vote.deadline:
        if _close(vote=vote, closed_at=vote.deadline, check_content=False) == VoteOutcome.APPROVED:
            raise ValidationError(FROZEN_MESSAGE)
        return None
    ballots = _ballot_facts(vote)
    CouncilVote.objects.filter(pk=vote.pk).update(closed_at=now, outcome=VoteOutcome.CANCELLED)
    vote.closed_at, vote.outcome = now, VoteOutcome.CANCELLED
    voters = list(vote.eligible_voters.all())
    audit_record(
        review=review,
        actor=actor,
        action="vote.void",
        summary=_("Council vote voided because %(change)s: the %(count)d ballots cast no longer count.")
        % {"change": change(), "count": len(ballots)},
        data={"vote": vote.pk, "ballots": ballots},
    )
    url = reverse("reviews:vote", args=[review.pk])
    restarted = None
    council = list(council_member_list(review=review))
    if council and _may_open_again(review=review, now=now, deadline=vote.deadline):
        restarted = _vote_create(
            opened_by=vote.opened_by,
            review=review,
            deadline=vote.deadline,
            quorum_percent=vote.quorum_percent,
            majority=vote.majority,
            voters=council,
            now=now,
        )
        audit_record(
            review=review,
            actor=actor,
            action="vote.restart",
            summary=_("Council vote started again until %(deadline)s for %(count)d members")
            % {"deadline": _when(restarted.deadline), "count": len(council)},
            data={**_vote_facts(restarted, council), "voided": vote.pk},
        )
        notify(
            users=[*voters, *council],
            review=review,
            kind=Notification.Kind.VOTE_OPENED,
            message=lambda: (
                _(
                    "The council's vote on “%(review)s” started again because %(change)s. The ballots cast before "
                    "no longer count: vote again by %(deadline)s."
                )
                % {"review": review.title, "change": change(), "deadline": _when(restarted.deadline)}
            ),
            url=url,
            key=f"vote-voided:{vote.pk}",
        )
        return restarted
    notify(
        users=voters,
        review=review,
        kind=Notification.Kind.OTHER,
        message=lambda: (
            _(
                "The council's vote on “%(review)s” was voided because %(change)s. The ballots cast no longer "
                "count; a new vote opens once every section is approved again."
            )
            % {"review": review.title, "change": change()}
        ),
        url=url,
        key=f"vote-voided:{vote.pk}",
    )
    coordinators = [
        membership.user
        for membership in Membership.objects.filter(review=review, role=MemberRole.COORDINATOR).select_related("user")
        if actor is None or membership.user_id != actor.pk
    ]
    notify(
        users=coordinators,
        review=review,
        kind=Notification.Kind.OTHER,
        message=lambda: (
            _(
                "The council's vote on “%(review)s” was voided because %(change)s. Open a new vote once every "
                "section is approved again."
            )
            % {"review": review.title, "change": change()}
        ),
        url=url,
        key=f"vote-voided-coordinator:{vote.pk}",
    )
    return None


# --- Reopening -----------------------------------------------------------------------


@transaction.atomic
def review_reopen(
    *, actor, review: Review, reason: str, deadline: datetime, now: datetime | None = None
) -> CouncilVote:
    """Reopen a report the council approved: unfreeze it, void the approval and open a
    new vote until `deadline`; returns the new vote.

    The reason goes to the audit log (with the voided vote); the new vote is opened as
    `vote_open` opens one (its refusals, a deadline in the past for one, undo the whole
    reopening). The sections stay approved; any later change voids the new vote and
    makes the changed sections need approval again.
    """
    now = now or timezone.now()
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
    approval = vote_get_approval(review=review)
    if approval is not None:
        CouncilVote.objects.filter(pk=approval.pk).update(voided_at=now)
    audit_record(
        review=review,
        actor=actor,
        action="review.reopen",
        summary=_("Report reopened, the council's approval voided: %(reason)s") % {"reason": reason},
        data={"reason": reason, "voided_vote": approval.pk if approval is not None else None},
    )
    return vote_open(actor=actor, review=review, deadline=deadline, now=now)
