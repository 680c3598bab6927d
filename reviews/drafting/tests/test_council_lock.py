"""The council's approval locks what it approved (issue 13, item 9).

A change to the report while a vote is open voids that vote (its ballots kept in the
audit log) and starts it again, telling the council; once approved, the report's title,
outline and text are read-only until a coordinator reopens it.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from reviews.drafting.services.outline import section_add, section_move, section_remove, section_update
from reviews.drafting.services.votes import vote_cast, vote_close_if_due, vote_open
from reviews.models import AuditEntry, Ballot, CouncilVote, Notification, Review, Section, VoteOutcome
from reviews.tests.factories import approved_section
from reviews.workspace.services.reviews import review_update

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def outline(review, reviewer):
    return [approved_section(review, reviewer, f"Chapter {n}", position=n) for n in range(1, 4)]


@pytest.fixture
def vote(review, coordinator, outline, council):
    return vote_open(actor=coordinator, review=review, deadline=timezone.now() + timedelta(days=3))


@pytest.fixture
def cast(vote, council):
    """The first council member has voted."""
    return vote_cast(vote=vote, voter=council[0], choice="approve")


@pytest.fixture
def frozen(review, vote, council):
    for voter in council:
        vote_cast(vote=vote, voter=voter, choice="approve")
    review.refresh_from_db()
    assert review.is_frozen
    return review


def _open_votes(review):
    return list(CouncilVote.objects.filter(review=review, closed_at=None))


def _told(key) -> set[int]:
    return set(Notification.objects.filter(key=key).values_list("user", flat=True))


# --- A change during the vote ----------------------------------------------------------


def test_section_added_during_the_vote_voids_it_and_tells_the_council(review, coordinator, vote, cast, council):
    section_add(actor=coordinator, review=review, title="A late chapter")

    vote.refresh_from_db()
    entry = AuditEntry.objects.get(action="vote.void")
    assert (vote.outcome, vote.closed_at is not None) == (VoteOutcome.CANCELLED, True)
    assert Ballot.objects.filter(vote=vote).count() == 1  # kept, no longer counted
    assert (entry.actor, [b["ballot"] for b in entry.data["ballots"]]) == (coordinator, [cast.pk])
    assert "the section “A late chapter” was added" in entry.summary
    assert _told(f"vote-voided:{vote.pk}") == {member.pk for member in council}
    # The new chapter must be written and approved before the council votes again.
    assert _open_votes(review) == []


def test_section_added_during_the_vote_tells_the_other_coordinators(review, coordinator, vote, cast):
    from reviews.tests.factories import MembershipFactory, UserFactory

    second = UserFactory(username="coordinator_2")
    MembershipFactory(review=review, user=second, role="coordinator")

    section_add(actor=coordinator, review=review, title="A late chapter")

    assert _told(f"vote-voided-coordinator:{vote.pk}") == {second.pk}


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda actor, sections: section_remove(actor=actor, section=sections[1]), "was removed"),
        (lambda actor, sections: section_move(actor=actor, section=sections[1], direction="up"), "was moved"),
        (
            lambda actor, sections: section_update(
                actor=actor, section=sections[1], title="Chapter Two", editors=[], due_date=None, word_limit=None
            ),
            "was renamed “Chapter Two”",
        ),
    ],
    ids=["removed", "moved", "retitled"],
)
def test_outline_change_during_the_vote_starts_it_again(
    review, coordinator, vote, cast, council, outline, change, words
):
    change(coordinator, [Section.objects.select_related("review").get(pk=s.pk) for s in outline])

    vote.refresh_from_db()
    (restarted,) = _open_votes(review)
    assert (vote.outcome, restarted.deadline, restarted.ballots.count()) == (VoteOutcome.CANCELLED, vote.deadline, 0)
    assert set(restarted.eligible_voters.all()) == set(council)
    assert words in AuditEntry.objects.get(action="vote.void").summary
    assert AuditEntry.objects.get(action="vote.restart").data["voided"] == vote.pk
    told = Notification.objects.filter(key=f"vote-voided:{vote.pk}")
    assert {n.user_id for n in told} == {member.pk for member in council}
    assert "vote again by" in told.first().message
    # The first member votes again in the new vote; their first ballot stays where it was.
    vote_cast(vote=restarted, voter=council[0], choice="reject")
    assert list(Ballot.objects.filter(voter=council[0]).order_by("pk").values_list("vote", "choice")) == [
        (vote.pk, "approve"),
        (restarted.pk, "reject"),
    ]


def test_section_settings_without_a_new_title_leave_the_vote_alone(review, coordinator, vote, outline):
    section = Section.objects.select_related("review").get(pk=outline[0].pk)

    section_update(actor=coordinator, section=section, title=section.title, editors=[], due_date=None, word_limit=50)

    assert _open_votes(review) == [vote]


def test_report_title_changed_during_the_vote_starts_it_again(review, coordinator, vote, cast):
    review_update(actor=coordinator, review=review, title="A better title")

    vote.refresh_from_db()
    assert (vote.outcome, len(_open_votes(review))) == (VoteOutcome.CANCELLED, 1)
    assert _open_votes(review)[0].content_fingerprint != vote.content_fingerprint


def test_a_change_that_did_not_void_the_vote_voids_the_approval_at_its_close(review, vote, council):
    """A path that changes the text without going through the services (the admin, a
    script) is caught when the vote closes: the approval is void, nothing freezes."""
    Section.objects.filter(review=review).update(content="<p>Changed behind the vote's back.</p>")
    for voter in council:
        vote_cast(vote=vote, voter=voter, choice="approve")

    vote.refresh_from_db()
    assert (vote.outcome, Review.objects.get(pk=review.pk).is_frozen) == (VoteOutcome.CANCELLED, False)


def test_a_change_after_the_deadline_of_an_approved_vote_is_refused(review, coordinator, vote, council):
    for voter in council:
        Ballot.objects.create(vote=vote, voter=voter, choice="approve")
    CouncilVote.objects.filter(pk=vote.pk).update(deadline=timezone.now() - timedelta(minutes=1))

    with pytest.raises(ValidationError) as error:
        section_add(actor=coordinator, review=review, title="Too late")

    assert error.value.messages == ["The report is frozen: the council has already approved it."]
    assert Section.objects.filter(title="Too late").exists() is False
    # The vote closes as it stood at its deadline when it is next looked at.
    vote.refresh_from_db()
    assert vote_close_if_due(vote=vote) == VoteOutcome.APPROVED


# --- After the approval: read-only -------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        lambda actor, review, section: section_add(actor=actor, review=review, title="After the approval"),
        lambda actor, review, section: section_remove(actor=actor, section=section),
        lambda actor, review, section: section_move(actor=actor, section=section, direction="down"),
        lambda actor, review, section: section_update(
            actor=actor, section=section, title="Renamed", editors=[], due_date=None, word_limit=None
        ),
    ],
    ids=["add", "remove", "move", "retitle"],
)
def test_outline_is_read_only_after_the_approval(frozen, coordinator, outline, change):
    section = Section.objects.select_related("review").get(pk=outline[0].pk)
    before = list(Section.objects.filter(review=frozen).order_by("pk").values_list("pk", "title", "position"))

    with pytest.raises(ValidationError) as error:
        change(coordinator, frozen, section)

    assert error.value.messages == [
        "The council approved the report and it is frozen: its outline cannot change until a coordinator reopens it."
    ]
    assert list(Section.objects.filter(review=frozen).order_by("pk").values_list("pk", "title", "position")) == before


def test_outline_add_page_tells_the_coordinator_it_is_frozen(client, frozen, coordinator):
    client.force_login(coordinator)

    response = client.post(reverse("reviews:outline-section-add", args=[frozen.pk]), {"title": "After the approval"})

    assert response.status_code == 403
    assert "its outline cannot change until a coordinator reopens it" in response.content.decode()


def test_section_remove_view_after_the_approval_changes_nothing(client, frozen, coordinator, outline):
    client.force_login(coordinator)

    response = client.post(reverse("reviews:outline-section-remove", args=[frozen.pk, outline[0].pk]))

    assert (response.status_code, Section.objects.filter(pk=outline[0].pk).exists()) == (403, True)


def test_report_title_change_after_the_approval_is_refused_at_the_field(client, frozen, coordinator):
    client.force_login(coordinator)
    data = {
        "title": "A new title after the approval",
        "hlpf_year": frozen.hlpf_year,
        "languages": frozen.languages,
        "stage": "publication",
        "vote_quorum_percent": frozen.vote_quorum_percent,
        "vote_majority": frozen.vote_majority,
    }

    response = client.post(reverse("reviews:review-edit", args=[frozen.pk]), data)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "title": [
            "The council approved the report with this value: it cannot change until a coordinator reopens the report."
        ]
    }
    assert Review.objects.get(pk=frozen.pk).title == "Second VNR of Aurelia"


def test_review_settings_other_than_the_report_still_change_after_the_approval(client, frozen, coordinator):
    client.force_login(coordinator)
    data = {
        "title": frozen.title,
        "hlpf_year": frozen.hlpf_year,
        "languages": frozen.languages,
        "stage": "publication",
        "vote_quorum_percent": frozen.vote_quorum_percent,
        "vote_majority": frozen.vote_majority,
    }

    response = client.post(reverse("reviews:review-edit", args=[frozen.pk]), data)

    assert (response.status_code, Review.objects.get(pk=frozen.pk).stage) == (302, "publication")


def test_review_update_service_refuses_the_title_after_the_approval(frozen, coordinator):
    with pytest.raises(ValidationError) as error:
        review_update(actor=coordinator, review=frozen, title="Changed", hlpf_year=2028)

    assert set(error.value.message_dict) == {"title", "hlpf_year"}
    assert Review.objects.filter(pk=frozen.pk).values_list("title", "hlpf_year").get() == (
        "Second VNR of Aurelia",
        2027,
    )


def test_title_lock_follows_the_predicate(frozen, coordinator, review):
    assert coordinator.has_perm("reviews.change_report_title", frozen) is False
    Review.objects.filter(pk=frozen.pk).update(frozen_at=None)
    assert coordinator.has_perm("reviews.change_report_title", Review.objects.get(pk=frozen.pk)) is True


# --- Reopening -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["editor", "reviewer", "council_member", "focal_a", "moderator"])
def test_reopen_refused_to_everyone_but_a_coordinator(client, request, frozen, who):
    client.force_login(request.getfixturevalue(who))
    deadline = timezone.localtime(timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")

    response = client.post(
        reverse("reviews:vote-reopen", args=[frozen.pk]), {"reason": "Because we want it", "deadline": deadline}
    )

    assert (response.status_code, Review.objects.get(pk=frozen.pk).is_frozen, CouncilVote.objects.count()) == (
        403,
        True,
        1,
    )
    assert AuditEntry.objects.filter(action="review.reopen").exists() is False
