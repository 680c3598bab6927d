"""'My tasks': what waits for a person across their reviews, each a link to where it is done."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.core.my_tasks import member_reviews, task_groups_for_user
from reviews.tests.factories import (
    BallotFactory,
    CouncilVoteFactory,
    MembershipFactory,
    MilestoneFactory,
    MinistryFactory,
    ProgressReportFactory,
    ReviewFactory,
    SectionFactory,
    SectionRevisionFactory,
    TaskFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

URL = reverse("reviews:my-tasks")


def _today():
    return timezone.localdate()


def _groups(user) -> dict:
    return {group.key: group for group in task_groups_for_user(user, today=_today())}


def _urls(group) -> list[str]:
    return [item.url for item in group.items]


def _links(html: str) -> list[str]:
    return re.findall(r'<a href="(/reviews/[^"]+)" class="fw-semibold"', html)


# --- Reports ------------------------------------------------------------------------------


def test_focal_point_has_their_ministrys_reports_to_fill_and_not_others(review, focal_a, ministry_a, ministry_b):
    mine = ProgressReportFactory(review=review, ministry=ministry_a, status="draft")
    returned = ProgressReportFactory(review=review, ministry=ministry_a, round=mine.round, status="returned")
    ProgressReportFactory(review=review, ministry=ministry_a, round=mine.round, status="submitted")
    ProgressReportFactory(review=review, ministry=ministry_b, round=mine.round, status="draft")
    division = MinistryFactory(review=review, name="Division of Clinics", parent=ministry_a)
    of_division = ProgressReportFactory(review=review, ministry=division, round=mine.round)

    group = _groups(focal_a)["reports-to-fill"]

    expected = {reverse("reviews:report-fill", args=[review.pk, r.pk]) for r in (mine, returned, of_division)}
    assert set(_urls(group)) == expected
    assert any(item.note == "Returned with comments" for item in group.items)


def test_reviewer_has_submitted_reports_to_review_focal_point_not(review, reviewer, focal_a, ministry_a):
    submitted = ProgressReportFactory(review=review, ministry=ministry_a, status="submitted")
    ProgressReportFactory(review=review, ministry=ministry_a, round=submitted.round, status="accepted")

    assert _urls(_groups(reviewer)["reports-to-review"]) == [
        reverse("reviews:report-review", args=[review.pk, submitted.pk])
    ]
    assert "reports-to-review" not in _groups(focal_a)


# --- Sections -----------------------------------------------------------------------------


def test_editor_has_unassigned_and_own_sections_in_drafting(review, editor):
    other_editor = UserFactory()
    MembershipFactory(review=review, user=other_editor, role="editor")
    unassigned = SectionFactory(review=review, title="Introduction")
    mine = SectionFactory(review=review, title="Goal 3")
    mine.editors.add(editor)
    theirs = SectionFactory(review=review, title="Goal 4")
    theirs.editors.add(other_editor)
    SectionFactory(review=review, title="In review", status="in_review")

    group = _groups(editor)["sections-to-edit"]

    assert [item.title for item in group.items] == ["Introduction", "Goal 3"]
    assert reverse("reviews:section-edit", args=[review.pk, unassigned.pk]) in _urls(group)


def test_frozen_review_has_no_sections_to_edit(review, editor):
    SectionFactory(review=review, title="Introduction")
    review.frozen_at = timezone.now()
    review.save()

    assert "sections-to-edit" not in _groups(editor)


def test_reviewer_has_sections_in_review_to_approve_but_not_their_own_revision(review, reviewer, editor):
    theirs = SectionFactory(review=review, title="Goal 5", status="in_review", version=1)
    SectionRevisionFactory(section=theirs, number=1, author=editor)
    own = SectionFactory(review=review, title="Goal 6", status="in_review", version=1)
    SectionRevisionFactory(section=own, number=1, author=reviewer)

    group = _groups(reviewer)["sections-to-approve"]

    assert _urls(group) == [reverse("reviews:section-review", args=[review.pk, theirs.pk])]


def test_self_approval_allowed_lists_the_reviewers_own_revision(review, reviewer):
    review.allow_self_approval = True
    review.save()
    own = SectionFactory(review=review, title="Goal 6", status="in_review", version=1)
    SectionRevisionFactory(section=own, number=1, author=reviewer)

    assert [item.title for item in _groups(reviewer)["sections-to-approve"].items] == ["Goal 6"]


# --- Votes --------------------------------------------------------------------------------


def test_council_member_has_the_open_vote_until_they_cast_their_ballot(review, council_member, coordinator):
    vote = CouncilVoteFactory(review=review, opened_by=coordinator)
    vote.eligible_voters.add(council_member)

    group = _groups(council_member)["votes"]
    assert _urls(group) == [reverse("reviews:vote", args=[review.pk])]

    BallotFactory(vote=vote, voter=council_member)
    assert "votes" not in _groups(council_member)


def test_council_member_who_is_not_an_eligible_voter_has_no_vote(review, council_member, coordinator):
    CouncilVoteFactory(review=review, opened_by=coordinator)

    assert "votes" not in _groups(council_member)


def test_closed_or_past_deadline_vote_is_not_waiting(review, council_member, coordinator):
    closed = CouncilVoteFactory(review=review, opened_by=coordinator, closed_at=timezone.now(), outcome="approved")
    closed.eligible_voters.add(council_member)
    past = CouncilVoteFactory(
        review=review, opened_by=coordinator, deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    past.eligible_voters.add(council_member)

    assert "votes" not in _groups(council_member)


# --- Deadlines ----------------------------------------------------------------------------


def test_deadlines_soon_or_late_of_the_planner(review, coordinator, editor):
    today = _today()
    late = MilestoneFactory(review=review, title="Letter of intent", due_date=today - datetime.timedelta(days=3))
    MilestoneFactory(review=review, title="Far away", due_date=today + datetime.timedelta(days=90))
    MilestoneFactory(review=review, title="Done", due_date=today, done_on=today)
    own = TaskFactory(review=review, title="Book the hall", owner=editor, due_date=today + datetime.timedelta(days=2))
    TaskFactory(review=review, title="Someone else's", owner=coordinator, due_date=today)

    coordinator_group = _groups(coordinator)["deadlines"]
    assert [item.title for item in coordinator_group.items] == ["Letter of intent", "Someone else's"]
    assert coordinator_group.items[0].status == "late"
    assert coordinator_group.late_count == 1
    assert reverse("reviews:milestone-edit", args=[review.pk, late.pk]) in _urls(coordinator_group)

    editor_group = _groups(editor)["deadlines"]
    assert [(item.title, item.status) for item in editor_group.items] == [("Book the hall", "due")]
    assert editor_group.items[0].url.endswith(f"#task-{own.pk}")


# --- The page -----------------------------------------------------------------------------


def test_page_needs_a_signed_in_person(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_page_groups_and_counts_and_every_link_opens(client, review, focal_a, ministry_a):
    for _n in range(3):
        ProgressReportFactory(review=review, ministry=ministry_a)
    client.force_login(focal_a)

    response = client.get(URL)
    html = response.content.decode()

    assert response.status_code == 200
    assert "Reports to fill" in html
    assert "3 things wait for you across your reviews." in html
    links = _links(html)
    assert len(links) == 3
    for link in links:
        assert client.get(link).status_code == 200


def test_page_for_a_member_with_nothing_to_do(client, review, statistician):
    client.force_login(statistician)
    html = client.get(URL).content.decode()
    assert "Nothing waits for you right now." in html


def test_a_person_without_review_is_sent_to_the_public_landing(client, outsider):
    client.force_login(outsider)
    response = client.get(URL)
    assert (response.status_code, response.url) == (302, "/")


def test_an_administrator_without_review_is_told_so(client, outsider):
    outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)
    html = client.get(URL).content.decode()
    assert "You are not a member of any review yet." in html


def test_past_review_record_has_no_tasks(first_review):
    person = UserFactory()
    MembershipFactory(review=first_review, user=person, role="coordinator")
    MilestoneFactory(review=first_review, due_date=_today())
    assert member_reviews(person) == {}


def test_signing_in_lands_on_my_tasks(client, focal_a):
    response = client.post(reverse("login"), {"username": "focal_a", "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert response.url == URL


def _busy_person(reviews: int, items: int):
    """A person with every role in `reviews` reviews, each with `items` of every kind of task."""
    person = UserFactory(username=f"busy{reviews}x{items}")
    today = _today()
    for _r in range(reviews):
        review = ReviewFactory()
        ministry = MinistryFactory(review=review)
        for role in ("coordinator", "editor", "reviewer", "council_member", "moderator"):
            MembershipFactory(review=review, user=person, role=role)
        MembershipFactory(review=review, user=person, role="focal_point", ministry=ministry)
        author = UserFactory()
        vote = CouncilVoteFactory(review=review, opened_by=author)
        vote.eligible_voters.add(person)
        for n in range(items):
            ProgressReportFactory(review=review, ministry=ministry, status="draft")
            ProgressReportFactory(review=review, ministry=ministry, status="submitted")
            SectionFactory(review=review, title=f"Drafting {n}").editors.add(person, author)
            in_review = SectionFactory(review=review, title=f"In review {n}", status="in_review", version=1)
            SectionRevisionFactory(section=in_review, number=1, author=author)
            MilestoneFactory(review=review, due_date=today)
            TaskFactory(review=review, owner=person, due_date=today)
    return person


@pytest.mark.parametrize(("reviews", "items"), [(1, 1), (4, 6)])
def test_page_query_count_is_fixed(client, django_assert_num_queries, reviews, items):
    person = _busy_person(reviews, items)
    client.force_login(person)
    # Session, user; memberships, reviews; votes, reports to fill, to review, sections to
    # edit (+ editors), to approve (+ editors), moderation, checklist tasks, milestones;
    # commitment updates to review (the follow-up).
    with django_assert_num_queries(15):
        response = client.get(URL)
    assert response.status_code == 200
    groups = {group.key: group.count for group in response.context["groups"]}
    expected = reviews * items
    assert groups["reports-to-fill"] == groups["reports-to-review"] == expected
    assert groups["sections-to-edit"] == groups["sections-to-approve"] == expected
    assert groups["deadlines"] == 2 * expected
    assert groups["votes"] == reviews


# --- The dashboard ------------------------------------------------------------------------


def test_dashboard_flags_a_waiting_vote(client, review, council_member, coordinator):
    vote = CouncilVoteFactory(review=review, opened_by=coordinator)
    vote.eligible_voters.add(council_member)
    client.force_login(council_member)

    html = client.get(reverse("reviews:dashboard")).content.decode()

    assert "A council vote is waiting for your ballot." in html
    assert "Your vote is waiting" in html
    assert f'href="{reverse("reviews:vote", args=[review.pk])}"' in html


def test_dashboard_has_no_flag_once_voted(client, review, council_member, coordinator):
    vote = CouncilVoteFactory(review=review, opened_by=coordinator)
    vote.eligible_voters.add(council_member)
    BallotFactory(vote=vote, voter=council_member)
    client.force_login(council_member)

    html = client.get(reverse("reviews:dashboard")).content.decode()

    assert "waiting for your ballot" not in html
    assert "Your vote is waiting" not in html


@pytest.mark.parametrize("count", [1, 6])
def test_dashboard_query_count_with_waiting_votes_is_fixed(client, count, django_assert_num_queries):
    person = UserFactory(username=f"council{count}")
    for _n in range(count):
        review = ReviewFactory()
        MembershipFactory(review=review, user=person, role="council_member")
        CouncilVoteFactory(review=review, opened_by=UserFactory()).eligible_voters.add(person)
    client.force_login(person)
    # Session, user, reviews (+ my memberships), countries to add; memberships (rules), votes.
    with django_assert_num_queries(7):
        response = client.get(reverse("reviews:dashboard"))
    assert len(response.context["waiting_votes"]) == count


def test_member_review_ids_are_the_reviews_with_a_role(review, other_review, coordinator, outsider):
    from reviews import rules as perms

    MembershipFactory(review=other_review, user=coordinator, role="reviewer")
    assert perms.member_review_ids(coordinator) == sorted([review.pk, other_review.pk])
    assert perms.member_review_ids(outsider) == []
