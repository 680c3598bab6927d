import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from reviews.drafting.services.votes import review_reopen, vote_cast, vote_open
from reviews.models import AuditEntry, Ballot, CouncilVote, Review, Section, SectionStatus
from reviews.tests.factories import MembershipFactory, UserFactory, approved_section

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

HOSTILE = json.loads(Path("/work/shared/data/security/hostile-inputs.json").read_text(encoding="utf-8"))


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def outline(review, reviewer):
    return [approved_section(review, reviewer, f"Chapter {n}", position=n) for n in range(1, 3)]


@pytest.fixture
def vote(review, coordinator, outline, council):
    return vote_open(actor=coordinator, review=review, deadline=timezone.now() + timedelta(days=2))


@pytest.fixture
def vote_url(review):
    return reverse("reviews:vote", args=[review.pk])


@pytest.fixture
def open_url(review):
    return reverse("reviews:vote-open", args=[review.pk])


@pytest.fixture
def ballot_url(review):
    return reverse("reviews:vote-ballot", args=[review.pk])


@pytest.fixture
def reopen_url(review):
    return reverse("reviews:vote-reopen", args=[review.pk])


def _aware_deadline(days=2):
    return timezone.now() + timedelta(days=days)


def _deadline(days=2) -> str:
    return timezone.localtime(timezone.now() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


# --- The vote page ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["vote_url", "reopen_url"])
def test_vote_pages_redirect_anonymous_to_login(client, request, name):
    url = request.getfixturevalue(name)

    response = client.get(url)

    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next={url}")


@pytest.mark.parametrize("who", ["outsider", "other_member"])
def test_vote_page_forbidden_to_non_members(client, request, vote_url, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(vote_url).status_code == 403


def test_vote_page_lists_sections_not_approved_to_coordinator(client, review, coordinator, outline, council, vote_url):
    Section.objects.filter(pk=outline[0].pk).update(status=SectionStatus.IN_REVIEW)
    client.force_login(coordinator)

    response = client.get(vote_url)

    assert [section.title for section in response.context["pending_sections"]] == ["Chapter 1"]
    assert "Open the vote" not in response.content.decode()


def test_vote_page_offers_open_form_when_all_approved(client, coordinator, outline, council, vote_url):
    client.force_login(coordinator)

    response = client.get(vote_url)

    content = response.content.decode()
    assert (response.context["pending_sections"], "Open the vote" in content, 'for="id_deadline"' in content) == (
        [],
        True,
        True,
    )


@pytest.mark.parametrize("who", ["editor", "reviewer", "council_member"])
def test_vote_page_shows_no_open_form_to_other_roles(client, request, outline, council, vote_url, who):
    client.force_login(request.getfixturevalue(who))

    response = client.get(vote_url)

    assert (response.status_code, "open_form" in response.context) == (200, False)


def test_vote_page_shows_running_count_not_choices_while_open(client, vote, council, vote_url):
    vote_cast(vote=vote, voter=council[0], choice="reject", statement="Secret until the end")
    client.force_login(council[1])

    response = client.get(vote_url)

    content = response.content.decode()
    assert "1 of 2 council members has voted." in content
    assert ("Secret until the end" in content, "ballot_form" in response.context) == (False, True)


def test_vote_page_shows_tally_and_statements_once_closed(client, vote, council, vote_url, coordinator):
    vote_cast(vote=vote, voter=council[0], choice="approve", statement="Well argued.")
    vote_cast(vote=vote, voter=council[1], choice="abstain")
    client.force_login(coordinator)

    response = client.get(vote_url)

    tally = response.context["tally"]
    assert (tally.outcome, tally.approve, tally.abstain, tally.cast) == ("approved", 1, 1, 2)
    content = response.content.decode()
    assert ("Outcome: Approved" in content, "Well argued." in content, 'id="frozen-notice"' in content) == (
        True,
        True,
        True,
    )


def test_vote_page_closes_vote_past_its_deadline(client, review, vote, coordinator, vote_url):
    CouncilVote.objects.filter(pk=vote.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    client.force_login(coordinator)

    response = client.get(vote_url)

    vote.refresh_from_db()
    assert (vote.outcome, response.context["tally"].outcome) == ("no_quorum", "no_quorum")
    assert "open_form" in response.context


@pytest.mark.parametrize("value", HOSTILE["xss_html"], ids=range(len(HOSTILE["xss_html"])))
def test_vote_page_escapes_hostile_statements(client, vote, council, vote_url, value):
    vote_cast(vote=vote, voter=council[0], choice="reject", statement=value)
    vote_cast(vote=vote, voter=council[1], choice="reject")
    client.force_login(council[0])

    content = client.get(vote_url).content.decode()

    stored = Ballot.objects.get(voter=council[0]).statement
    assert (escape(stored).replace("\n", "<br>") in content, stored in content) == (True, stored == escape(stored))


@pytest.mark.parametrize("ballots", [3, 30], ids=["3-ballots", "30-ballots"])
def test_vote_page_query_budget(client, review, coordinator, outline, ballots, vote_url, django_assert_num_queries):
    voters = []
    for n in range(ballots):
        voter = UserFactory(username=f"member{n}")
        MembershipFactory(review=review, user=voter, role="council_member")
        voters.append(voter)
    vote = vote_open(actor=coordinator, review=review, deadline=timezone.now() + timedelta(days=1))
    vote_open_earlier = CouncilVote.objects.filter(pk=vote.pk)
    for voter in voters:
        vote_cast(vote=vote, voter=voter, choice="approve", statement=f"Statement {voter.username}")
    client.force_login(coordinator)

    with django_assert_num_queries(8):
        response = client.get(vote_url)

    assert (len(response.context["ballots"]), vote_open_earlier.get().outcome) == (ballots, "approved")


# --- Opening ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["editor", "reviewer", "council_member", "focal_a", "other_member", "outsider"])
def test_vote_open_forbidden_to_non_coordinators(client, request, outline, council, open_url, who):
    client.force_login(request.getfixturevalue(who))

    response = client.post(open_url, {"deadline": _deadline()})

    assert (response.status_code, CouncilVote.objects.count()) == (403, 0)


def test_vote_open_by_coordinator_redirects_to_vote_page(
    client, review, coordinator, outline, council, open_url, vote_url
):
    client.force_login(coordinator)

    response = client.post(open_url, {"deadline": _deadline()})

    assert (response.status_code, response.url) == (302, vote_url)
    assert _messages(response) == ["The vote is open; the council members have been notified."]
    assert list(CouncilVote.objects.values_list("review", "closed_at")) == [(review.pk, None)]


def test_vote_open_refused_with_message_while_sections_pending(client, coordinator, outline, council, open_url):
    Section.objects.filter(pk=outline[1].pk).update(version=2)
    client.force_login(coordinator)

    response = client.post(open_url, {"deadline": _deadline()})

    assert response.status_code == 302
    assert _messages(response) == ["Every section must be approved before the vote opens. Not approved yet: Chapter 2."]


def test_vote_open_double_submit_gets_clear_message(client, coordinator, outline, council, open_url):
    client.force_login(coordinator)
    client.post(open_url, {"deadline": _deadline()})

    response = client.post(open_url, {"deadline": _deadline(3)})

    assert (_messages(response)[-1], CouncilVote.objects.count()) == ("A vote is already open for this review.", 1)


@pytest.mark.parametrize(
    "value",
    ["", "2020-01-01T10:00", "2099-01-01T10:00", *HOSTILE["dates"], *HOSTILE["xss_html"][:3], *HOSTILE["numbers"]],
)
def test_vote_open_bad_deadline_shown_at_field(client, coordinator, outline, council, open_url, value):
    client.force_login(coordinator)

    response = client.post(open_url, {"deadline": value})

    assert (response.status_code, list(response.context["open_form"].errors), CouncilVote.objects.count()) == (
        200,
        ["deadline"],
        0,
    )


# --- Ballots ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["editor", "coordinator", "focal_a", "other_member", "outsider"])
def test_vote_ballot_forbidden_to_non_council(client, request, vote, ballot_url, who):
    client.force_login(request.getfixturevalue(who))

    response = client.post(ballot_url, {"choice": "approve"})

    assert (response.status_code, Ballot.objects.count()) == (403, 0)


def test_vote_ballot_forbidden_to_council_member_who_joined_after_opening(client, review, vote, ballot_url):
    late = UserFactory(username="late")
    MembershipFactory(review=review, user=late, role="council_member")
    client.force_login(late)

    assert (client.post(ballot_url, {"choice": "approve"}).status_code, Ballot.objects.count()) == (403, 0)


def test_vote_ballot_cast_by_council_member(client, vote, council_member, ballot_url, vote_url):
    client.force_login(council_member)

    response = client.post(ballot_url, {"choice": "abstain", "statement": "I chaired the drafting.", "confirmed": "1"})

    assert (response.status_code, response.url, _messages(response)) == (
        302,
        vote_url,
        ["Your vote has been recorded."],
    )
    assert list(Ballot.objects.values_list("voter", "choice", "statement")) == [
        (council_member.pk, "abstain", "I chaired the drafting.")
    ]


def test_vote_ballot_second_time_says_already_voted(client, vote, council_member, ballot_url):
    client.force_login(council_member)
    client.post(ballot_url, {"choice": "approve", "confirmed": "1"})

    response = client.post(ballot_url, {"choice": "reject", "confirmed": "1"})

    assert (_messages(response)[-1], list(Ballot.objects.values_list("choice", flat=True))) == (
        "You have already voted.",
        ["approve"],
    )


def test_vote_ballot_after_deadline_says_vote_closed(client, vote, council_member, ballot_url):
    deadline = timezone.now() - timedelta(minutes=1)
    CouncilVote.objects.filter(pk=vote.pk).update(deadline=deadline)
    client.force_login(council_member)

    response = client.post(ballot_url, {"choice": "approve", "confirmed": "1"})

    assert len(_messages(response)) == 1
    assert _messages(response)[0].startswith("The vote closed at ")
    assert Ballot.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "field"),
    [({"choice": "maybe"}, "choice"), ({}, "choice"), ({"choice": "approve", "statement": "x" * 5001}, "statement")],
    ids=["unknown-choice", "no-choice", "statement-too-long"],
)
def test_vote_ballot_bad_input_shown_at_field(client, vote, council_member, ballot_url, data, field):
    client.force_login(council_member)

    response = client.post(ballot_url, data)

    assert (response.status_code, list(response.context["ballot_form"].errors), Ballot.objects.count()) == (
        200,
        [field],
        0,
    )


@pytest.mark.parametrize("value", HOSTILE["text_edges"], ids=range(len(HOSTILE["text_edges"])))
def test_vote_ballot_takes_edge_case_statements_without_error(client, vote, council_member, ballot_url, value):
    client.force_login(council_member)

    response = client.post(ballot_url, {"choice": "approve", "statement": value, "confirmed": "1"})

    assert response.status_code in (200, 302)
    assert Ballot.objects.count() == (1 if response.status_code == 302 else 0)


# --- Reopening ----------------------------------------------------------------------


@pytest.fixture
def frozen(review, vote, council):
    for voter in council:
        vote_cast(vote=vote, voter=voter, choice="approve")
    review.refresh_from_db()
    return review


@pytest.mark.parametrize("who", ["editor", "reviewer", "council_member", "other_member", "outsider"])
def test_vote_reopen_forbidden_to_non_coordinators(client, request, frozen, reopen_url, who):
    client.force_login(request.getfixturevalue(who))

    response = client.post(reopen_url, {"reason": "Because we want to change it"})

    assert (response.status_code, Review.objects.get(pk=frozen.pk).is_frozen) == (403, True)


def test_vote_reopen_needs_reason_at_field(client, frozen, coordinator, reopen_url):
    client.force_login(coordinator)

    response = client.post(reopen_url, {"reason": "short", "deadline": _deadline()})

    assert (response.status_code, list(response.context["form"].errors)) == (200, ["reason"])
    assert Review.objects.get(pk=frozen.pk).is_frozen is True


@pytest.mark.parametrize("deadline", ["", "yesterday", "2001-01-01T10:00"], ids=["empty", "junk", "past"])
def test_vote_reopen_needs_a_future_deadline_at_field(client, frozen, coordinator, reopen_url, deadline):
    client.force_login(coordinator)

    response = client.post(reopen_url, {"reason": "The council asked for a corrected annex.", "deadline": deadline})

    assert (response.status_code, list(response.context["form"].errors)) == (200, ["deadline"])
    assert (Review.objects.get(pk=frozen.pk).is_frozen, CouncilVote.objects.count()) == (True, 1)


def test_vote_reopen_by_coordinator_voids_the_approval_and_opens_a_new_vote(
    client, frozen, vote, council, coordinator, reopen_url, vote_url
):
    client.force_login(coordinator)

    response = client.post(reopen_url, {"reason": "The council asked for a corrected annex.", "deadline": _deadline()})

    assert (response.status_code, response.url) == (302, vote_url)
    assert Review.objects.get(pk=frozen.pk).frozen_at is None
    entry = AuditEntry.objects.filter(action="review.reopen").get()
    assert (entry.actor, entry.data) == (
        coordinator,
        {"reason": "The council asked for a corrected annex.", "voided_vote": vote.pk},
    )
    approved, new = CouncilVote.objects.order_by("pk")
    assert (approved.outcome, approved.voided_at is not None) == ("approved", True)
    assert (new.closed_at, set(new.eligible_voters.all())) == (None, set(council))
    page = client.get(vote_url).content.decode()
    assert ("Vote in progress" in page, "approval voided by a reopening" in page) == (True, True)


def test_vote_page_after_reopen_shows_the_new_vote_not_the_frozen_notice(client, frozen, coordinator, vote_url):
    review_reopen(actor=coordinator, review=frozen, reason="A corrected annex is needed.", deadline=_aware_deadline())
    client.force_login(coordinator)

    response = client.get(vote_url)

    assert (response.context["vote"].closed_at, 'id="frozen-notice"' in response.content.decode()) == (None, False)


def test_review_edit_form_saves_the_vote_rules(client, review, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("reviews:review-edit", args=[review.pk]),
        {
            "title": review.title,
            "hlpf_year": review.hlpf_year,
            "languages": ["en"],
            "stage": review.stage,
            "allow_self_approval": "on",
            "vote_quorum_percent": "60",
            "vote_majority": "two_thirds",
        },
    )

    review.refresh_from_db()
    assert response.status_code == 302
    assert (review.allow_self_approval, review.vote_quorum_percent, review.vote_majority) == (True, 60, "two_thirds")


@pytest.mark.parametrize("value", ["0", "101", "-5", "abc"])
def test_review_edit_form_refuses_bad_quorum_at_field(client, review, coordinator, value):
    client.force_login(coordinator)

    response = client.post(
        reverse("reviews:review-edit", args=[review.pk]),
        {
            "title": review.title,
            "hlpf_year": review.hlpf_year,
            "languages": ["en"],
            "stage": review.stage,
            "vote_quorum_percent": value,
            "vote_majority": "simple",
        },
    )

    assert (response.status_code, list(response.context["form"].errors)) == (200, ["vote_quorum_percent"])


# --- Confirming a ballot and what it is about (issue 16, item 10) --------------------------


def test_vote_ballot_asks_for_confirmation_before_recording(client, vote, council_member, ballot_url, review):
    client.force_login(council_member)

    response = client.post(ballot_url, {"choice": "reject", "statement": "Goal 5 is missing."})

    html = response.content.decode()
    assert response.status_code == 200
    assert Ballot.objects.count() == 0
    assert "Confirm your vote" in html
    assert '<dd class="col-sm-9" id="confirm-choice">Reject</dd>' in html
    assert "Goal 5 is missing." in html
    assert f'href="{reverse("reviews:outline", args=[review.pk])}"' in html
    assert '<input type="hidden" name="confirmed" value="1">' in html


def test_vote_ballot_change_goes_back_to_the_vote_page_with_the_answers(client, vote, council_member, ballot_url):
    client.force_login(council_member)

    response = client.post(
        ballot_url, {"choice": "reject", "statement": "Goal 5 is missing.", "confirmed": "1", "change": "1"}
    )

    assert (response.status_code, Ballot.objects.count()) == (200, 0)
    form = response.context["ballot_form"]
    assert (form.initial["choice"], form.initial["statement"]) == ("reject", "Goal 5 is missing.")
    assert "Cast my vote" in response.content.decode()


def test_vote_ballot_confirmed_records_once(client, vote, council_member, ballot_url, vote_url):
    client.force_login(council_member)

    response = client.post(ballot_url, {"choice": "approve", "statement": "", "confirmed": "1"})

    assert (response.status_code, response.url) == (302, vote_url)
    assert list(Ballot.objects.values_list("voter", "choice")) == [(council_member.pk, "approve")]


@pytest.mark.parametrize(("who", "shown"), [("council_member", True), ("focal_a", False)])
def test_vote_page_links_to_the_report_it_asks_about(client, request, vote, vote_url, review, who, shown):
    client.force_login(request.getfixturevalue(who))

    html = client.get(vote_url).content.decode()

    assert ('id="vote-subject"' in html) is shown
    assert (f'href="{reverse("reviews:outline", args=[review.pk])}"' in html) is shown
