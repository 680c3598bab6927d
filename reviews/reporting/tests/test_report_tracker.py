import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.models import GoalAssignment, Ministry, ProgressReport
from reviews.reporting.selectors.report_rounds import GRID_MAX_ROWS
from reviews.reporting.services.report_rounds import report_round_create, report_round_issue
from reviews.tests.factories import GoalAssignmentFactory, MinistryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

TODAY = timezone.localdate()
PAST = TODAY - datetime.timedelta(days=3)
FUTURE = TODAY + datetime.timedelta(days=30)


def url(name, review, query=""):
    return reverse(name, args=[review.pk]) + query


@pytest.fixture
def round_(review, coordinator, goals, ministry_a, ministry_b):
    """Health leads goal 1, Education leads goal 2 and is associated with goal 1; due in the past."""
    GoalAssignmentFactory(ministry=ministry_a, goal=goals[0], role="lead")
    GoalAssignmentFactory(ministry=ministry_b, goal=goals[1], role="lead")
    GoalAssignmentFactory(ministry=ministry_b, goal=goals[0], role="associate")
    round_ = report_round_create(actor=coordinator, review=review, title="Round 1", deadline=PAST)
    report_round_issue(actor=coordinator, round=round_)
    return round_


def set_status(round_, ministry, goal_number, status, submitted=False):
    ProgressReport.objects.filter(round=round_, ministry=ministry, goal__number=goal_number).update(
        status=status, submitted_at=timezone.now() if submitted else None
    )


def cells(response) -> dict:
    """{(ministry name, goal number): (status, overdue)} of the cells shown."""
    return {
        (ministry.name, cell.goal.number): (cell.report.status, cell.overdue)
        for ministry, row in response.context["tracker"].rows
        for cell in row
        if cell.report
    }


# --- Permissions ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["reviews:report-tracker", "reviews:report-tracker-csv"])
def test_tracker_redirects_anonymous_to_login(client, review, name):
    response = client.get(url(name, review))
    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("login"))


@pytest.mark.parametrize("who", ["focal_a", "statistician", "outsider", "other_member"])
@pytest.mark.parametrize("name", ["reviews:report-tracker", "reviews:report-tracker-csv"])
def test_tracker_refused_to_focal_points_and_outsiders(request, client, review, who, name):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(name, review)).status_code == 403


@pytest.mark.parametrize("who", ["coordinator", "reviewer", "editor"])
def test_tracker_shows_the_round_to_the_taskforce(request, client, review, round_, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url("reviews:report-tracker", review))
    assert cells(response) == {
        ("Ministry of Health", 1): ("not_started", True),
        ("Ministry of Education", 1): ("not_started", True),
        ("Ministry of Education", 2): ("not_started", True),
    }


def test_tracker_links_cells_to_the_deadline_page_only_for_coordinators(client, review, round_, coordinator, reviewer):
    report = ProgressReport.objects.filter(round=round_).first()
    link = reverse("reviews:report-deadline", args=[review.pk, report.pk])
    client.force_login(coordinator)
    as_coordinator = link in client.get(url("reviews:report-tracker", review)).content.decode()
    client.force_login(reviewer)
    as_reviewer = link in client.get(url("reviews:report-tracker", review)).content.decode()
    assert (as_coordinator, as_reviewer) == (True, False)


# --- Overdue, filters, counts ----------------------------------------------------------


def test_tracker_marks_only_open_reports_past_their_deadline_overdue(
    client, review, round_, coordinator, ministry_a, ministry_b
):
    set_status(round_, ministry_a, 1, "submitted", submitted=True)
    ProgressReport.objects.filter(round=round_, ministry=ministry_b, goal__number=2).update(deadline=FUTURE)
    client.force_login(coordinator)
    response = client.get(url("reviews:report-tracker", review))
    assert cells(response) == {
        ("Ministry of Health", 1): ("submitted", False),
        ("Ministry of Education", 1): ("not_started", True),
        ("Ministry of Education", 2): ("not_started", False),
    }
    page = response.content.decode()
    assert page.count('<span class="visually-hidden">Not started, Associate, overdue</span>') == 1


def test_tracker_counts_per_status(client, review, round_, coordinator, ministry_a):
    set_status(round_, ministry_a, 1, "accepted")
    client.force_login(coordinator)
    response = client.get(url("reviews:report-tracker", review))
    counts = {item.status: item.count for item in response.context["tracker"].counts}
    assert counts == {"not_started": 2, "draft": 0, "submitted": 0, "returned": 0, "accepted": 1, "incorporated": 0}
    assert response.context["tracker"].overdue_count == 2


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?status=draft", {("Ministry of Education", 2)}),
        ("?overdue=on", {("Ministry of Education", 1), ("Ministry of Education", 2)}),
        ("?ministry={a}", {("Ministry of Health", 1)}),
        ("?status=draft&ministry={a}", set()),
    ],
    ids=["status", "overdue", "ministry", "nothing"],
)
def test_tracker_filters(client, review, round_, coordinator, ministry_a, ministry_b, query, expected):
    set_status(round_, ministry_a, 1, "accepted")
    set_status(round_, ministry_b, 2, "draft")
    client.force_login(coordinator)
    response = client.get(url("reviews:report-tracker", review, query.format(a=ministry_a.pk)))
    assert set(cells(response)) == expected


def test_tracker_selects_a_round(client, review, round_, coordinator, goals):
    later = report_round_create(actor=coordinator, review=review, title="Round 2", deadline=FUTURE)
    client.force_login(coordinator)
    latest = client.get(url("reviews:report-tracker", review))
    chosen = client.get(url("reviews:report-tracker", review, f"?round={round_.pk}"))
    assert (latest.context["tracker"].round, len(cells(latest))) == (later, 0)
    assert (chosen.context["tracker"].round, len(cells(chosen))) == (round_, 3)


@pytest.mark.parametrize(
    "query",
    [
        "?round=abc",
        "?round=999999",
        "?status=<script>",
        "?ministry=-1",
        "?ministry=1e309",
        "?overdue=%00",
        "?round=%00",
    ],
)
def test_tracker_with_bad_filters_shows_the_latest_round(client, review, round_, coordinator, query):
    client.force_login(coordinator)
    response = client.get(url("reviews:report-tracker", review, query))
    assert (response.status_code, len(cells(response))) == (200, 3)


def test_tracker_of_another_reviews_round_ignores_it(client, review, round_, coordinator, other_review, other_member):
    theirs = report_round_create(actor=other_member, review=other_review, title="Theirs", deadline=FUTURE)
    client.force_login(coordinator)
    response = client.get(url("reviews:report-tracker", review, f"?round={theirs.pk}"))
    assert response.context["tracker"].round == round_


def test_tracker_without_rounds_says_so(client, review, coordinator):
    client.force_login(coordinator)
    assert "No reporting round yet." in client.get(url("reviews:report-tracker", review)).content.decode()


# --- CSV ------------------------------------------------------------------------------


def test_tracker_csv_lists_the_reports(client, review, round_, coordinator, ministry_a):
    set_status(round_, ministry_a, 1, "submitted", submitted=True)
    submitted = ProgressReport.objects.get(round=round_, ministry=ministry_a).submitted_at
    client.force_login(coordinator)
    response = client.get(url("reviews:report-tracker-csv", review))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows == [
        ["ministry", "goal", "role", "status", "deadline", "submitted_at", "overdue"],
        ["Ministry of Education", "1", "associate", "not_started", PAST.isoformat(), "", "yes"],
        ["Ministry of Education", "2", "lead", "not_started", PAST.isoformat(), "", "yes"],
        ["Ministry of Health", "1", "lead", "submitted", PAST.isoformat(), submitted.isoformat(), "no"],
    ]


def test_tracker_csv_applies_the_filters(client, review, round_, coordinator, ministry_a):
    client.force_login(coordinator)
    response = client.get(url("reviews:report-tracker-csv", review, f"?ministry={ministry_a.pk}"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [row[:3] for row in rows[1:]] == [["Ministry of Health", "1", "lead"]]


@pytest.mark.parametrize("name", ['=HYPERLINK("http://example.invalid","click")', "+1+1", "-2+3", "@SUM(1+1)"])
def test_tracker_csv_is_formula_safe(client, review, round_, coordinator, ministry_a, name):
    Ministry.objects.filter(pk=ministry_a.pk).update(name=name)
    client.force_login(coordinator)
    rows = list(csv.reader(io.StringIO(client.get(url("reviews:report-tracker-csv", review)).content.decode())))
    assert [row[0] for row in rows if row[1] == "1" and row[2] == "lead"] == ["'" + name]


# --- Query budget -----------------------------------------------------------------------


def build(review, goals, count):
    ministries = [MinistryFactory(review=review, name=f"Ministry {i:02}") for i in range(count)]
    GoalAssignment.objects.bulk_create(
        GoalAssignment(review=review, ministry=m, goal=goal, role="lead" if i == goal.number % count else "associate")
        for i, m in enumerate(ministries)
        for goal in goals
    )


# The grid (up to GRID_MAX_ROWS ministries) reads the goals, its columns; the summary does not.
@pytest.mark.parametrize(("count", "queries"), [(5, 9), (GRID_MAX_ROWS, 9), (GRID_MAX_ROWS + 1, 8), (40, 8)])
def test_tracker_query_budget(client, review, coordinator, goals, django_assert_num_queries, count, queries):
    build(review, goals, count)
    round_ = report_round_create(actor=coordinator, review=review, title="Round", deadline=PAST)
    report_round_issue(actor=coordinator, round=round_)
    assert ProgressReport.objects.filter(round=round_).count() == count * 17
    client.force_login(coordinator)
    page = url("reviews:report-tracker", review, "?overdue=on")
    client.get(page)
    # And the focal points' memberships (no e-mail address here: test_report_round_invitations pins the rest).
    with django_assert_num_queries(queries):
        response = client.get(page)
    assert len(response.context["tracker"].summary) == count
    assert response.context["tracker"].grid == (count <= GRID_MAX_ROWS)


@pytest.mark.parametrize("count", [5, 40])
def test_tracker_csv_query_budget(client, review, coordinator, goals, django_assert_num_queries, count):
    build(review, goals, count)
    round_ = report_round_create(actor=coordinator, review=review, title="Round", deadline=PAST)
    report_round_issue(actor=coordinator, round=round_)
    client.force_login(coordinator)
    page = url("reviews:report-tracker-csv", review)
    client.get(page)
    with django_assert_num_queries(8):
        response = client.get(page)
    assert len(response.content.decode().splitlines()) == count * 17 + 1


def _selected_round(html: str) -> str:
    menu = html.split('name="round"')[1].split("</select>")[0]
    return re.search(r"<option value=\"\d+\"\s+selected>([^<]*)</option>", menu).group(1)


def _named_round(html: str) -> str:
    region = html.split('id="tracker-results"')[1]
    return re.search(r'id="tracker-round">“<bdi>([^<]*)</bdi>”', region).group(1)


def test_tracker_round_menu_and_heading_name_the_same_round(client, review, round_, coordinator):
    # Round 2 is due later, so it is the latest and shown when no round is chosen.
    report_round_create(actor=coordinator, review=review, title="Round 2", deadline=FUTURE)
    client.force_login(coordinator)
    latest = client.get(url("reviews:report-tracker", review)).content.decode()
    assert (_selected_round(latest), _named_round(latest)) == ("Round 2", "Round 2")
    chosen = client.get(url("reviews:report-tracker", review, f"?round={round_.pk}")).content.decode()
    # The heading is inside the region the filters replace (htmx), so it follows the menu.
    assert (_selected_round(chosen), _named_round(chosen)) == ("Round 1", "Round 1")


# --- A big country: a summary per ministry, opening one ministry's row ---------------------


def test_tracker_of_many_ministries_shows_counts_per_ministry_and_opens_one(client, review, coordinator, goals):
    import re

    build(review, goals, 30)  # 30 ministries x 17 goals: more than a person reads as a grid
    round_ = report_round_create(actor=coordinator, review=review, title="Round", deadline=PAST)
    report_round_issue(actor=coordinator, round=round_)
    ministry = Ministry.objects.get(review=review, name="Ministry 03")
    set_status(round_, ministry, 1, "submitted", submitted=True)
    client.force_login(coordinator)
    response = client.get(url("reviews:report-tracker", review))
    html = response.content.decode()
    tracker = response.context["tracker"]
    assert (tracker.grid, len(tracker.summary), tracker.rows) == (False, 30, [])
    line = next(line for line in tracker.summary if line.ministry == ministry)
    labels = [item.status for item in tracker.counts]
    counts = dict(zip(labels, line.counts, strict=True))
    assert (counts["not_started"], counts["submitted"], line.overdue, line.total) == ("16", "1", 16, 17)
    assert 'id="tracker-summary"' in html
    assert f'href="?ministry={ministry.pk}"' in html
    assert "report-deadline" not in html and "/deadline/" not in html  # no cell grid

    # Opening the ministry (a plain link, no JavaScript): its row of goals, each cell linked.
    opened = client.get(url("reviews:report-tracker", review, f"?ministry={ministry.pk}"))
    page = opened.content.decode()
    assert opened.context["tracker"].grid is True
    assert [m.name for m, _cells in opened.context["tracker"].rows] == ["Ministry 03"]
    report = ProgressReport.objects.get(round=round_, ministry=ministry, goal__number=1)
    assert reverse("reviews:report-deadline", args=[review.pk, report.pk]) in page
    assert "Submitted" in re.sub(r"<[^>]+>", " ", page)
    assert "Back to all ministries" in page


def test_tracker_summary_keeps_the_other_filters_in_its_links(client, review, coordinator, goals):
    build(review, goals, 30)
    round_ = report_round_create(actor=coordinator, review=review, title="Round", deadline=PAST)
    report_round_issue(actor=coordinator, round=round_)
    client.force_login(coordinator)
    html = client.get(url("reviews:report-tracker", review, "?status=not_started&overdue=on")).content.decode()
    ministry = Ministry.objects.get(review=review, name="Ministry 00")
    assert f'href="?status=not_started&amp;overdue=on&amp;ministry={ministry.pk}"' in html


@pytest.mark.parametrize(
    ("status", "overdue_only"), [("", False), ("submitted", False), ("", True), ("not_started", True), ("draft", True)]
)
def test_the_summary_counted_in_sql_equals_the_reports_counted_one_by_one(
    review, coordinator, goals, status, overdue_only
):
    from reviews.reporting.selectors.report_rounds import tracker_get

    build(review, goals, 30)
    round_ = report_round_create(actor=coordinator, review=review, title="Round", deadline=PAST)
    report_round_issue(actor=coordinator, round=round_)
    reports = list(ProgressReport.objects.filter(round=round_).order_by("pk"))
    for index, report in enumerate(reports):  # every status, some late and some not
        report.status = ["not_started", "draft", "submitted", "accepted", "returned", "incorporated"][index % 6]
        report.deadline = PAST if index % 4 else FUTURE
    ProgressReport.objects.bulk_update(reports, ["status", "deadline"])

    def read(with_cells):
        filters = {"status": status, "overdue_only": overdue_only}
        return tracker_get(review, round_, today=TODAY, **filters, with_reach=True, with_cells=with_cells)

    counted, one_by_one = read(False), read(True)  # the CSV reads every report
    assert counted.grid is False and counted.reports == [] and counted.rows == []
    assert [(line.ministry.pk, line.counts, line.overdue, line.total) for line in counted.summary] == [
        (line.ministry.pk, line.counts, line.overdue, line.total) for line in one_by_one.summary
    ]
    assert counted.counts == one_by_one.counts and counted.overdue_count == one_by_one.overdue_count
    assert counted.shown_count == len(one_by_one.reports) > 0
    assert all(hasattr(line.ministry, "reach") for line in counted.summary)


def test_filters_that_leave_few_ministries_of_many_show_their_grid(client, review, coordinator, goals):
    build(review, goals, 30)
    round_ = report_round_create(actor=coordinator, review=review, title="Round", deadline=PAST)
    report_round_issue(actor=coordinator, round=round_)
    ministry = Ministry.objects.get(review=review, name="Ministry 03")
    set_status(round_, ministry, 1, "submitted", submitted=True)
    client.force_login(coordinator)
    response = client.get(url("reviews:report-tracker", review, "?status=submitted"))
    tracker = response.context["tracker"]
    assert tracker.grid is True and [m.name for m, _cells in tracker.rows] == ["Ministry 03"]
    assert cells(response) == {("Ministry 03", 1): ("submitted", False)}
    assert "1 report matches the filters." in response.content.decode()
