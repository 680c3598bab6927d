from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from reviews.drafting.selectors.votes import section_list_not_approved
from reviews.drafting.services.votes import (
    review_reopen,
    vote_cast,
    vote_close_if_due,
    vote_open,
    votes_close_due,
)
from reviews.models import (
    AuditEntry,
    Ballot,
    CouncilVote,
    Notification,
    Review,
    Section,
    SectionDecision,
    SectionKind,
    SectionStatus,
    VoteMajority,
    VoteOutcome,
)
from reviews.tasks import task_close_due_votes
from reviews.tests.factories import (
    CouncilVoteFactory,
    MembershipFactory,
    SectionDecisionFactory,
    SectionFactory,
    UserFactory,
    approved_section,
)

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def outline(review, reviewer):
    return [approved_section(review, reviewer, f"Chapter {n}", position=n) for n in range(1, 4)]


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def vote(review, coordinator, outline, council, now):
    return vote_open(actor=coordinator, review=review, deadline=now + timedelta(days=3), now=now)


def _actions(review):
    return list(AuditEntry.objects.filter(review=review).order_by("pk").values_list("action", flat=True))


# --- Opening ------------------------------------------------------------------------


def test_vote_open_copies_rules_and_council(review, coordinator, outline, council, now):
    review.vote_quorum_percent, review.vote_majority = 75, VoteMajority.TWO_THIRDS
    review.save()

    vote = vote_open(actor=coordinator, review=review, deadline=now + timedelta(days=1), now=now)

    assert (vote.quorum_percent, vote.majority, vote.opened_by, vote.closed_at) == (75, "two_thirds", coordinator, None)
    assert set(vote.eligible_voters.all()) == set(council)
    assert _actions(review) == ["vote.open"]


def test_vote_open_notifies_council_members_by_app_and_mail(
    review, coordinator, outline, council, now, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        vote_open(actor=coordinator, review=review, deadline=now + timedelta(days=1), now=now)

    assert sorted(Notification.objects.values_list("user__username", "kind", "url")) == [
        ("council_2", "vote_opened", f"/reviews/{review.pk}/vote/"),
        ("council_member", "vote_opened", f"/reviews/{review.pk}/vote/"),
    ]
    assert sorted(message.to[0] for message in mail.outbox) == ["council_2@example.org", "council_member@example.org"]


@pytest.mark.parametrize(
    "change",
    ["drafting", "in_review", "changed_after_approval", "never_decided", "changes_requested"],
)
def test_vote_open_refused_until_every_section_approved(review, coordinator, reviewer, outline, council, now, change):
    section = outline[1]
    if change in {"drafting", "in_review"}:
        Section.objects.filter(pk=section.pk).update(status=change)
    elif change == "changed_after_approval":
        Section.objects.filter(pk=section.pk).update(version=2)
    elif change == "never_decided":
        section.decisions.all().delete()
    else:
        SectionDecisionFactory(
            section=section, reviewer=reviewer, kind=SectionDecision.Kind.REQUEST_CHANGES, revision_number=1
        )
        Section.objects.filter(pk=section.pk).update(status=SectionStatus.IN_REVIEW)

    with pytest.raises(ValidationError) as error:
        vote_open(actor=coordinator, review=review, deadline=now + timedelta(days=1), now=now)

    assert error.value.messages == [
        "Every section must be approved before the vote opens. Not approved yet: Chapter 2."
    ]
    assert (CouncilVote.objects.count(), _actions(review)) == (0, [])


def test_sections_not_approved_leaves_out_the_main_messages(review, reviewer, outline):
    SectionFactory(review=review, title="Main messages", kind=SectionKind.MAIN_MESSAGES)

    assert section_list_not_approved(review=review) == []


def test_vote_open_refused_without_sections(review, coordinator, council, now):
    with pytest.raises(ValidationError) as error:
        vote_open(actor=coordinator, review=review, deadline=now + timedelta(days=1), now=now)

    assert error.value.messages == ["The report has no sections yet: there is nothing to vote on."]


@pytest.mark.parametrize("offset", [timedelta(0), -timedelta(minutes=1)], ids=["now", "past"])
def test_vote_open_refuses_deadline_not_in_future(review, coordinator, outline, council, now, offset):
    with pytest.raises(ValidationError) as error:
        vote_open(actor=coordinator, review=review, deadline=now + offset, now=now)

    assert error.value.message_dict == {"deadline": ["The deadline must be in the future."]}


def test_vote_open_refused_without_council_members(review, coordinator, outline, now):
    with pytest.raises(ValidationError) as error:
        vote_open(actor=coordinator, review=review, deadline=now + timedelta(days=1), now=now)

    assert error.value.messages == ["The review has no council members: invite them before opening the vote."]


def test_vote_open_refused_while_one_is_open(review, coordinator, vote, now):
    with pytest.raises(ValidationError) as error:
        vote_open(actor=coordinator, review=review, deadline=now + timedelta(days=5), now=now)

    assert (error.value.messages, CouncilVote.objects.count()) == (["A vote is already open for this review."], 1)


def test_vote_open_closes_a_due_vote_and_opens_a_new_one(review, coordinator, vote, now):
    later = vote.deadline + timedelta(hours=1)

    second = vote_open(actor=coordinator, review=review, deadline=later + timedelta(days=2), now=later)

    vote.refresh_from_db()
    assert (vote.outcome, second.closed_at) == (VoteOutcome.NO_QUORUM, None)


def test_one_open_vote_per_review_is_a_database_constraint(review, coordinator, vote, now):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        CouncilVoteFactory(
            review=review, opened_by=coordinator, deadline=now + timedelta(days=1), quorum_percent=50, majority="simple"
        )


# --- Casting ------------------------------------------------------------------------


def test_vote_cast_records_ballot_and_audit(review, vote, council_member, now):
    ballot = vote_cast(vote=vote, voter=council_member, choice="approve", statement="  Good report. ", now=now)

    assert (ballot.choice, ballot.statement, ballot.voter) == ("approve", "Good report.", council_member)
    entry = AuditEntry.objects.filter(action="vote.cast").get()
    assert (entry.actor, entry.data["choice"], entry.review) == (council_member, "approve", review)


def test_vote_cast_second_time_refused(vote, council_member, now):
    vote_cast(vote=vote, voter=council_member, choice="approve", now=now)

    with pytest.raises(ValidationError) as error:
        vote_cast(vote=vote, voter=council_member, choice="reject", now=now)

    assert error.value.messages == ["You have already voted."]
    assert list(Ballot.objects.values_list("choice", flat=True)) == ["approve"]


def test_vote_cast_after_deadline_refused(vote, council_member):
    with pytest.raises(ValidationError) as error:
        vote_cast(vote=vote, voter=council_member, choice="approve", now=vote.deadline)

    assert error.value.messages[0].startswith("The vote closed at ")
    assert Ballot.objects.count() == 0


@pytest.mark.parametrize("who", ["editor", "outsider", "late_council_member"])
def test_vote_cast_refused_to_who_was_not_council_at_opening(request, review, vote, now, who):
    if who == "late_council_member":
        voter = UserFactory(username="late")
        MembershipFactory(review=review, user=voter, role="council_member")
    else:
        voter = request.getfixturevalue(who)

    with pytest.raises(ValidationError) as error:
        vote_cast(vote=vote, voter=voter, choice="approve", now=now)

    assert error.value.messages == ["Only the council members at the opening of the vote can vote."]


def test_vote_cast_refuses_oversize_statement(vote, council_member, now):
    with pytest.raises(ValidationError) as error:
        vote_cast(vote=vote, voter=council_member, choice="approve", statement="x" * 5001, now=now)

    assert list(error.value.message_dict) == ["statement"]


# --- Closing ------------------------------------------------------------------------


def test_vote_closes_when_everybody_voted_and_approval_freezes(review, vote, council, now):
    vote_cast(vote=vote, voter=council[0], choice="approve", now=now)
    vote_cast(vote=vote, voter=council[1], choice="approve", now=now + timedelta(minutes=5))

    vote.refresh_from_db()
    review.refresh_from_db()
    assert (vote.outcome, vote.closed_at, review.frozen_at) == (
        VoteOutcome.APPROVED,
        now + timedelta(minutes=5),
        now + timedelta(minutes=5),
    )
    assert _actions(review) == ["vote.open", "vote.cast", "vote.cast", "vote.outcome", "review.freeze"]


def test_vote_rejected_does_not_freeze(review, vote, council, now):
    vote_cast(vote=vote, voter=council[0], choice="approve", now=now)
    vote_cast(vote=vote, voter=council[1], choice="reject", now=now)

    vote.refresh_from_db()
    review.refresh_from_db()
    assert (vote.outcome, review.frozen_at) == (VoteOutcome.REJECTED, None)
    assert _actions(review)[-1] == "vote.outcome"


def test_vote_close_if_due_waits_until_deadline(vote, council, now):
    vote_cast(vote=vote, voter=council[0], choice="approve", now=now)

    before = vote_close_if_due(vote=vote, now=vote.deadline - timedelta(seconds=1))
    at = vote_close_if_due(vote=vote, now=vote.deadline)

    vote.refresh_from_db()
    assert (before, at, vote.outcome, vote.closed_at) == (None, VoteOutcome.APPROVED, "approved", vote.deadline)


def test_vote_close_if_due_is_idempotent(review, vote, now):
    stale = CouncilVote.objects.get(pk=vote.pk)  # loaded before the close, as a racing worker would

    first = vote_close_if_due(vote=vote, now=vote.deadline)
    again = vote_close_if_due(vote=CouncilVote.objects.get(pk=vote.pk), now=vote.deadline + timedelta(days=1))
    racing = vote_close_if_due(vote=stale, now=vote.deadline)

    assert (first, again, racing) == (VoteOutcome.NO_QUORUM, None, None)
    assert _actions(review).count("vote.outcome") == 1


def test_votes_close_due_by_the_beat_task(review, vote, council, now, settings):
    vote_cast(vote=vote, voter=council[0], choice="approve", now=now)
    CouncilVote.objects.filter(pk=vote.pk).update(deadline=timezone.now() - timedelta(minutes=1))

    closed = task_close_due_votes.delay().get()
    again = votes_close_due()

    review.refresh_from_db()
    assert (closed, again, review.is_frozen) == (1, 0, True)


def test_frozen_review_refuses_section_editing(review, vote, council, editor, now):
    section = Section.objects.select_related("review").filter(review=review).first()
    editor_before = editor.has_perm("reviews.change_section", section)

    vote_cast(vote=vote, voter=council[0], choice="approve", now=now)
    vote_cast(vote=vote, voter=council[1], choice="abstain", now=now)

    section = Section.objects.select_related("review").get(pk=section.pk)
    assert (editor_before, editor.has_perm("reviews.change_section", section)) == (True, False)


# --- Reopening ----------------------------------------------------------------------


@pytest.fixture
def frozen_review(review, vote, council, now):
    for voter in council:
        vote_cast(vote=vote, voter=voter, choice="approve", now=now)
    review.refresh_from_db()
    return review


@pytest.mark.parametrize("reason", ["", "   ", "too short"], ids=["empty", "blank", "nine-chars"])
def test_review_reopen_needs_a_reason(frozen_review, coordinator, reason, now):
    with pytest.raises(ValidationError) as error:
        review_reopen(actor=coordinator, review=frozen_review, reason=reason, deadline=now + timedelta(days=2))

    assert list(error.value.message_dict) == ["reason"]
    assert Review.objects.get(pk=frozen_review.pk).is_frozen is True


def test_review_reopen_unfreezes_voids_the_approval_and_opens_a_new_vote(
    frozen_review, vote, council, coordinator, editor, now, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        new_vote = review_reopen(
            actor=coordinator,
            review=frozen_review,
            reason="Typo in the statistical annex",
            deadline=now + timedelta(days=5),
        )

    section = Section.objects.select_related("review").filter(review=frozen_review).first()
    entry = AuditEntry.objects.filter(action="review.reopen").get()
    assert (entry.actor, entry.data, editor.has_perm("reviews.change_section", section)) == (
        coordinator,
        {"reason": "Typo in the statistical annex", "voided_vote": vote.pk},
        True,
    )
    assert (section.status, Review.objects.get(pk=frozen_review.pk).frozen_at) == (SectionStatus.APPROVED, None)
    vote.refresh_from_db()
    assert (vote.outcome, vote.voided_at is not None, Ballot.objects.filter(vote=vote).count()) == (
        VoteOutcome.APPROVED,
        True,
        2,
    )
    assert (new_vote.closed_at, new_vote.deadline, set(new_vote.eligible_voters.all())) == (
        None,
        now + timedelta(days=5),
        set(council),
    )
    assert _actions(frozen_review)[-2:] == ["review.reopen", "vote.open"]
    told = Notification.objects.filter(key=f"vote_opened:{new_vote.pk}")
    assert set(told.values_list("user", flat=True)) == {member.pk for member in council}


def test_review_reopen_with_a_past_deadline_changes_nothing(frozen_review, vote, coordinator, now):
    with pytest.raises(ValidationError) as error:
        review_reopen(actor=coordinator, review=frozen_review, reason="Typo in the statistical annex", deadline=now)

    vote.refresh_from_db()
    assert error.value.message_dict == {"deadline": ["The deadline must be in the future."]}
    assert (Review.objects.get(pk=frozen_review.pk).is_frozen, vote.voided_at, CouncilVote.objects.count()) == (
        True,
        None,
        1,
    )


def test_review_reopen_refused_when_not_frozen(review, coordinator, now):
    with pytest.raises(ValidationError) as error:
        review_reopen(
            actor=coordinator, review=review, reason="Nothing to reopen here", deadline=now + timedelta(days=2)
        )

    assert error.value.messages == ["The report is not frozen: there is nothing to reopen."]


def test_vote_open_refuses_deadline_beyond_a_year(review, coordinator, outline, council, now):
    with pytest.raises(ValidationError) as error:
        vote_open(actor=coordinator, review=review, deadline=now + timedelta(days=366), now=now)

    assert error.value.message_dict == {"deadline": ["The deadline must be within a year."]}


# --- An edit during the vote -----------------------------------------------------------


def test_editing_a_section_while_the_vote_is_open_voids_it(review, vote, council, coordinator, now):
    from reviews.drafting.services.sections import section_save

    ballot = vote_cast(vote=vote, voter=council[0], choice="approve", now=now)
    section = Section.objects.select_related("review").filter(review=review).first()

    section_save(actor=coordinator, section=section, content="<p>A late change.</p>", base_version=section.version)

    vote.refresh_from_db()
    section.refresh_from_db()
    review.refresh_from_db()
    assert (vote.closed_at is not None, vote.outcome) == (True, VoteOutcome.CANCELLED)
    assert section.status == SectionStatus.IN_REVIEW
    assert not review.is_frozen  # the one approval cast before the edit does not count
    assert _actions(review)[-1] == "vote.void"
    entry = AuditEntry.objects.get(action="vote.void")
    assert entry.data["ballots"] == [
        {"ballot": ballot.pk, "voter": council[0].pk, "choice": "approve", "cast_at": now.isoformat()}
    ]
    assert "the text of the section “Chapter 1” changed" in entry.summary
    told = Notification.objects.filter(review=review, key=f"vote-voided:{vote.pk}")
    assert set(told.values_list("user", flat=True)) == {member.pk for member in council}
    # The section needs a new approval first: no vote opens by itself.
    assert CouncilVote.objects.filter(review=review, closed_at=None).exists() is False
    with pytest.raises(ValidationError):
        vote_cast(vote=vote, voter=council[1], choice="approve", now=now)


def test_editing_without_an_open_vote_changes_no_vote(review, vote, council, coordinator, now):
    from reviews.drafting.services.sections import section_save

    for voter in council:
        vote_cast(vote=vote, voter=voter, choice="reject", now=now)
    vote.refresh_from_db()
    section = Section.objects.select_related("review").filter(review=review).first()

    section_save(actor=coordinator, section=section, content="<p>After the vote.</p>", base_version=section.version)

    closed = CouncilVote.objects.get(pk=vote.pk)
    assert (closed.outcome, closed.closed_at) == (VoteOutcome.REJECTED, vote.closed_at)
