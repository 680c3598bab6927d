"""Issuing a round asks for confirmation first: a page that says what issuing does (no JavaScript needed)."""

import datetime

import pytest
from django.urls import reverse

from reviews.models import ProgressReport
from reviews.reporting.services.report_rounds import report_round_create, report_round_issue
from reviews.tests.factories import GoalAssignmentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def matrix(goals, ministry_a, ministry_b):
    GoalAssignmentFactory(ministry=ministry_a, goal=goals[2], role="lead")
    GoalAssignmentFactory(ministry=ministry_b, goal=goals[2], role="associate")
    GoalAssignmentFactory(ministry=ministry_b, goal=goals[3], role="lead")


@pytest.fixture
def round_(review, coordinator):
    return report_round_create(actor=coordinator, review=review, title="Round 2026", deadline=datetime.date(2027, 3, 1))


def _url(review, round_):
    return reverse("reviews:report-round-issue", args=[review.pk, round_.pk])


def test_rounds_list_links_to_the_confirmation_instead_of_issuing(client, review, coordinator, round_):
    client.force_login(coordinator)
    html = client.get(reverse("reviews:reports", args=[review.pk])).content.decode()
    assert f'href="{_url(review, round_)}"' in html
    assert f'action="{_url(review, round_)}"' not in html


def test_confirmation_page_says_what_issuing_does_and_issues_nothing(client, review, coordinator, matrix, round_):
    client.force_login(coordinator)

    response = client.get(_url(review, round_))

    html = response.content.decode()
    assert response.status_code == 200
    assert ProgressReport.objects.count() == 0
    assert "Issue the reports?" in html
    assert "2 ministries: Lead 2 · Co-lead 0 · Associate 1" in html
    assert f'<form method="post" action="{_url(review, round_)}"' in html
    assert 'id="issue-again"' not in html
    # Who issuing reaches, and how (reviews/templatetags/report_reach.py).
    assert 'id="issue-reach"' in html


def test_confirmation_page_of_an_issued_round_says_it_issues_again(client, review, coordinator, matrix, round_):
    report_round_issue(actor=coordinator, round=round_)
    client.force_login(coordinator)

    html = client.get(_url(review, round_)).content.decode()

    assert "Issue the reports again?" in html
    assert "The round has 3 reports already" in html


def test_confirming_issues_the_round(client, review, coordinator, matrix, round_):
    client.force_login(coordinator)

    response = client.post(_url(review, round_))

    assert (response.status_code, response.url) == (302, reverse("reviews:reports", args=[review.pk]))
    assert ProgressReport.objects.filter(round=round_).count() == 3


@pytest.mark.parametrize("who", ["focal_a", "editor", "reviewer", "outsider"])
def test_confirmation_page_refused_to_non_coordinators(client, request, review, round_, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_url(review, round_)).status_code == 403


def test_confirmation_page_of_a_missing_round_is_not_found(client, review, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("reviews:report-round-issue", args=[review.pk, 999999])).status_code == 404


@pytest.mark.parametrize("rounds", [1, 5])
def test_confirmation_page_query_count_is_fixed(client, review, coordinator, matrix, django_assert_num_queries, rounds):
    made = [
        report_round_create(actor=coordinator, review=review, title=f"R{n}", deadline=datetime.date(2027, 3, 1))
        for n in range(rounds)
    ]
    for round_ in made:
        report_round_issue(actor=coordinator, round=round_)
    client.force_login(coordinator)
    # Session, user, review, round; the person's roles; matrix, reports of the round; who
    # is reached (issue_reach).
    with django_assert_num_queries(9):
        assert client.get(_url(review, made[-1])).status_code == 200
