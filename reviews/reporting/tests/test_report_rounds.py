import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reviews.models import AuditEntry, GoalAssignment, Notification, ProgressReport
from reviews.reporting.services.report_rounds import report_round_create, report_round_issue, report_set_deadline
from reviews.reporting.services.report_templates import question_add, report_template_default
from reviews.tests.factories import GoalAssignmentFactory, MinistryFactory, ReportAnswerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

DEADLINE = datetime.date(2027, 3, 1)
EARLY = datetime.date(2027, 2, 15)


def state(round_) -> dict:
    rows = ProgressReport.objects.filter(round=round_).values_list(
        "ministry__name", "goal__number", "role", "lead_report__ministry__name", "deadline"
    )
    return {(m, g): (role, lead, deadline) for m, g, role, lead, deadline in rows}


@pytest.fixture
def ministry_c(review):
    return MinistryFactory(review=review, name="Ministry of Finance", acronym="MOF")


@pytest.fixture
def matrix(goals, ministry_a, ministry_b, ministry_c):
    """Health leads 3 (Education co-leads, Finance associated); Education leads 4."""
    GoalAssignmentFactory(ministry=ministry_a, goal=goals[2], role="lead")
    GoalAssignmentFactory(ministry=ministry_b, goal=goals[2], role="co_lead")
    GoalAssignmentFactory(ministry=ministry_c, goal=goals[2], role="associate")
    GoalAssignmentFactory(ministry=ministry_b, goal=goals[3], role="lead")


@pytest.fixture
def round_(review, coordinator):
    return report_round_create(
        actor=coordinator, review=review, title="Round 2026", deadline=DEADLINE, contribution_deadline=EARLY
    )


# --- Services -------------------------------------------------------------------------


def test_round_create_refuses_a_contribution_deadline_after_the_deadline(review, coordinator):
    with pytest.raises(ValidationError) as error:
        report_round_create(actor=coordinator, review=review, title="R", deadline=EARLY, contribution_deadline=DEADLINE)
    assert error.value.message_dict == {
        "contribution_deadline": ["The deadline for contributions cannot be later than the round's deadline."]
    }


def test_round_issue_creates_reports_and_linked_contributions(review, coordinator, matrix, round_):
    result = report_round_issue(actor=coordinator, round=round_)
    assert (result.created, result.updated, result.removed) == (4, 0, 0)
    assert state(round_) == {
        ("Ministry of Health", 3): ("lead", None, DEADLINE),
        ("Ministry of Education", 3): ("co_lead", "Ministry of Health", EARLY),
        ("Ministry of Finance", 3): ("associate", "Ministry of Health", EARLY),
        ("Ministry of Education", 4): ("lead", None, DEADLINE),
    }


def test_round_issue_uses_the_latest_template_version(review, coordinator, matrix, round_):
    report_template_default(actor=coordinator, review=review)
    first = report_round_create(actor=coordinator, review=review, title="Earlier", deadline=DEADLINE)
    report_round_issue(actor=coordinator, round=first)
    question_add(actor=coordinator, review=review, text="Budget")
    report_round_issue(actor=coordinator, round=round_)
    versions = set(ProgressReport.objects.filter(round=round_).values_list("template__version", flat=True))
    assert versions == {2}
    assert set(ProgressReport.objects.filter(round=first).values_list("template__version", flat=True)) == {1}


def test_round_issue_twice_changes_nothing(review, coordinator, matrix, round_):
    report_round_issue(actor=coordinator, round=round_)
    before = state(round_)
    result = report_round_issue(actor=coordinator, round=round_)
    assert (result.created, result.updated, result.removed) == (0, 0, 0)
    assert state(round_) == before


def test_round_issue_after_a_matrix_change_adds_the_missing_and_keeps_answered(
    review, coordinator, matrix, round_, goals, ministry_a, ministry_c
):
    report_round_issue(actor=coordinator, round=round_)
    finance_3 = ProgressReport.objects.get(round=round_, ministry=ministry_c, goal=goals[2])
    ReportAnswerFactory(report=finance_3, question_key="progress", value="<p>Done</p>", word_count=1)
    GoalAssignment.objects.filter(ministry=ministry_c).delete()
    GoalAssignment.objects.filter(ministry__name="Ministry of Education", goal=goals[3]).delete()
    GoalAssignmentFactory(ministry=ministry_a, goal=goals[4], role="lead")
    result = report_round_issue(actor=coordinator, round=round_)
    assert (result.created, result.removed) == (1, 1)
    assert set(state(round_)) == {
        ("Ministry of Health", 3),
        ("Ministry of Education", 3),
        ("Ministry of Finance", 3),
        ("Ministry of Health", 5),
    }


def test_round_issue_moves_contributions_to_a_new_lead(
    review, coordinator, matrix, round_, goals, ministry_a, ministry_b
):
    report_round_issue(actor=coordinator, round=round_)
    GoalAssignment.objects.filter(goal=goals[2]).delete()
    GoalAssignmentFactory(ministry=ministry_b, goal=goals[2], role="lead")
    GoalAssignmentFactory(ministry=ministry_a, goal=goals[2], role="associate")
    GoalAssignmentFactory(
        ministry__review=review, ministry__name="Ministry of Finance 2", goal=goals[2], role="co_lead"
    )
    report_round_issue(actor=coordinator, round=round_)
    got = state(round_)
    assert got[("Ministry of Education", 3)] == ("lead", None, DEADLINE)
    assert got[("Ministry of Health", 3)] == ("associate", "Ministry of Education", EARLY)
    assert got[("Ministry of Finance 2", 3)] == ("co_lead", "Ministry of Education", EARLY)
    assert ("Ministry of Finance", 3) not in got


def test_round_issue_skips_goals_without_lead(review, coordinator, goals, ministry_a, round_):
    GoalAssignmentFactory(ministry=ministry_a, goal=goals[6], role="associate")
    result = report_round_issue(actor=coordinator, round=round_)
    assert (result.created, result.goals_without_lead) == (0, [7])


def test_round_issue_notifies_focal_points_once_per_ministry(review, coordinator, matrix, round_, focal_a, focal_b):
    report_round_issue(actor=coordinator, round=round_)
    report_round_issue(actor=coordinator, round=round_)
    rows = Notification.objects.filter(key__startswith="report-issued:").values_list("user__username", "key")
    assert sorted(rows) == sorted(
        [
            ("focal_a", f"report-issued:{round_.pk}:{focal_a.vnr_memberships.get().ministry_id}"),
            ("focal_b", f"report-issued:{round_.pk}:{focal_b.vnr_memberships.get().ministry_id}"),
        ]
    )


def test_round_issue_notifies_the_parent_ministrys_focal_point_of_a_division(
    review, coordinator, goals, ministry_a, focal_a, round_
):
    division = MinistryFactory(review=review, parent=ministry_a, name="Directorate of Nursing")
    GoalAssignmentFactory(ministry=division, goal=goals[0], role="lead")
    report_round_issue(actor=coordinator, round=round_)
    assert list(Notification.objects.filter(user=focal_a).values_list("key", flat=True)) == [
        f"report-issued:{round_.pk}:{division.pk}"
    ]


def test_round_issue_is_audited(review, coordinator, matrix, round_):
    report_round_issue(actor=coordinator, round=round_)
    entry = AuditEntry.objects.get(review=review, action="report_round.issue")
    assert (entry.data["created"], entry.data["template_version"]) == (4, 1)


def test_report_set_deadline_changes_one_report(review, coordinator, matrix, round_, ministry_a):
    report_round_issue(actor=coordinator, round=round_)
    report = ProgressReport.objects.get(round=round_, ministry=ministry_a)
    assert report_set_deadline(actor=coordinator, report=report, deadline=datetime.date(2027, 4, 1)) == 1
    assert sorted(ProgressReport.objects.filter(round=round_).values_list("deadline", flat=True)) == [
        EARLY,
        EARLY,
        DEADLINE,
        datetime.date(2027, 4, 1),
    ]
    assert AuditEntry.objects.filter(action="report.deadline").count() == 1


# --- Views ----------------------------------------------------------------------------


def test_reports_page_redirects_anonymous_to_login(client, review):
    response = client.get(reverse("reviews:reports", args=[review.pk]))
    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("login"))


@pytest.mark.parametrize("who", ["outsider", "other_member"])
def test_reports_page_refused_outside_the_review(request, client, review, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("reviews:reports", args=[review.pk])).status_code == 403


def test_reports_page_lists_rounds_with_their_template_version(client, review, coordinator, matrix, round_):
    report_round_issue(actor=coordinator, round=round_)
    client.force_login(coordinator)
    response = client.get(reverse("reviews:reports", args=[review.pk]))
    rounds = response.context["rounds"]
    assert [(r.title, r.report_count, r.versions) for r in rounds] == [("Round 2026", 4, [1])]
    assert "version 1" in response.content.decode()


def test_reports_page_hides_management_from_focal_points(client, review, focal_a, round_):
    client.force_login(focal_a)
    page = client.get(reverse("reviews:reports", args=[review.pk])).content.decode()
    assert (reverse("reviews:report-round-create", args=[review.pk]) in page, "Round 2026" in page) == (False, True)


@pytest.mark.parametrize("who", ["focal_a", "editor", "reviewer", "outsider", "other_member"])
def test_round_create_and_issue_refused_to_non_coordinators(request, client, review, round_, matrix, who):
    client.force_login(request.getfixturevalue(who))
    create = reverse("reviews:report-round-create", args=[review.pk])
    issue = reverse("reviews:report-round-issue", args=[review.pk, round_.pk])
    statuses = [
        client.get(create).status_code,
        client.post(create, {"title": "X", "deadline": "2027-01-01"}).status_code,
        client.post(issue).status_code,
    ]
    assert statuses == [403, 403, 403]
    assert ProgressReport.objects.count() == 0


def test_round_create_view_creates_and_issue_view_issues(client, review, coordinator, matrix):
    client.force_login(coordinator)
    response = client.post(
        reverse("reviews:report-round-create", args=[review.pk]),
        {"title": "Mid-term", "deadline": "2027-03-01", "contribution_deadline": "2027-02-15"},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "“Mid-term” has been created: issue it to send the reports out."
    ]
    round_ = review.reporting_rounds.get()
    response = client.post(reverse("reviews:report-round-issue", args=[review.pk, round_.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "“Mid-term” issued: 4 new reports, 0 changed, 0 removed.",
        "Nobody could be told about their reports (no focal point, no e-mail address): "
        "Ministry of Education, Ministry of Finance, Ministry of Health.",
    ]


def test_round_issue_of_another_reviews_round_is_not_found(client, review, coordinator, other_review, other_member):
    other = report_round_create(actor=other_member, review=other_review, title="Theirs", deadline=DEADLINE)
    client.force_login(coordinator)
    assert client.post(reverse("reviews:report-round-issue", args=[review.pk, other.pk])).status_code == 404


@pytest.mark.parametrize("bad", ["2026-02-30", "0000-00-00", "31/12/2026", "yesterday", ""])
def test_round_create_view_shows_bad_dates_at_the_field(client, review, coordinator, bad):
    client.force_login(coordinator)
    response = client.post(reverse("reviews:report-round-create", args=[review.pk]), {"title": "R", "deadline": bad})
    assert response.status_code == 200
    assert response.context["form"].errors["deadline"] == (
        ["This field is required."] if not bad else ["Enter a valid date."]
    )


def test_round_create_view_refuses_late_contribution_deadline_at_the_field(client, review, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("reviews:report-round-create", args=[review.pk]),
        {"title": "R", "deadline": "2027-01-01", "contribution_deadline": "2027-02-01"},
    )
    assert response.context["form"].errors["contribution_deadline"] == [
        "The deadline for contributions cannot be later than the round's deadline."
    ]


@pytest.mark.parametrize("who", ["focal_a", "reviewer", "other_member"])
def test_report_deadline_page_refused_to_non_coordinators(request, client, review, coordinator, matrix, round_, who):
    report_round_issue(actor=coordinator, round=round_)
    report = ProgressReport.objects.filter(round=round_).first()
    client.force_login(request.getfixturevalue(who))
    url = reverse("reviews:report-deadline", args=[review.pk, report.pk])
    assert [client.get(url).status_code, client.post(url, {"deadline": "2027-05-05"}).status_code] == [403, 403]
    report.refresh_from_db()
    assert report.deadline in (DEADLINE, EARLY)


def test_report_deadline_view_changes_the_deadline(client, review, coordinator, matrix, round_, ministry_a):
    report_round_issue(actor=coordinator, round=round_)
    report = ProgressReport.objects.get(round=round_, ministry=ministry_a)
    client.force_login(coordinator)
    url = reverse("reviews:report-deadline", args=[review.pk, report.pk])
    assert client.post(url, {"deadline": "2027-05-05"}).status_code == 302
    report.refresh_from_db()
    assert report.deadline == datetime.date(2027, 5, 5)
    response = client.post(url, {"deadline": "2027-13-01"})
    assert response.context["form"].errors["deadline"] == ["Enter a valid date."]


@pytest.mark.parametrize("n", [1, 6])
def test_reports_page_query_budget(client, review, coordinator, django_assert_num_queries, n):
    for i in range(n):
        report_round_create(actor=coordinator, review=review, title=f"Round {i}", deadline=DEADLINE)
    client.force_login(coordinator)
    url = reverse("reviews:reports", args=[review.pk])
    client.get(url)
    # 6, and the issue summary's ministries (none in the matrix here: test_report_round_invitations pins the rest).
    with django_assert_num_queries(7):
        client.get(url)


HOSTILE_TITLES = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "{{7*7}} {% debug %}",
    "\u202eevil\u202c",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_round_titles_are_shown_escaped(client, review, coordinator, title):
    from django.utils.html import escape

    client.force_login(coordinator)
    client.post(reverse("reviews:report-round-create", args=[review.pk]), {"title": title, "deadline": "2027-03-01"})
    page = client.get(reverse("reviews:reports", args=[review.pk])).content.decode()
    assert review.reporting_rounds.get().title == title
    assert escape(title) in page
    if "<" in title:
        assert title not in page


def test_report_set_deadline_for_the_whole_ministry(review, coordinator, matrix, round_, ministry_b):
    report_round_issue(actor=coordinator, round=round_)
    report = ProgressReport.objects.filter(round=round_, ministry=ministry_b).first()
    new = datetime.date(2027, 4, 1)
    assert report_set_deadline(actor=coordinator, report=report, deadline=new, whole_ministry=True) == 2
    assert state(round_) == {
        ("Ministry of Health", 3): ("lead", None, DEADLINE),
        ("Ministry of Education", 3): ("co_lead", "Ministry of Health", new),
        ("Ministry of Finance", 3): ("associate", "Ministry of Health", EARLY),
        ("Ministry of Education", 4): ("lead", None, new),
    }


@pytest.mark.parametrize("name", ["report-round-create", "report-round-issue", "report-deadline", "report-remind"])
def test_round_actions_redirect_anonymous_to_login(client, review, coordinator, matrix, round_, name):
    report_round_issue(actor=coordinator, round=round_)
    report = ProgressReport.objects.filter(round=round_).first()
    args = {"report-round-create": [review.pk], "report-round-issue": [review.pk, round_.pk]}.get(
        name, [review.pk, report.pk]
    )
    response = client.post(reverse(f"reviews:{name}", args=args))
    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("login"))


@pytest.mark.parametrize("n", [1, 8])
def test_report_deadline_page_query_budget(
    client, review, coordinator, goals, ministry_a, django_assert_num_queries, n
):
    for goal in goals[:n]:
        GoalAssignmentFactory(ministry=ministry_a, goal=goal, role="lead")
    round_ = report_round_create(actor=coordinator, review=review, title="R", deadline=DEADLINE)
    report_round_issue(actor=coordinator, round=round_)
    report = ProgressReport.objects.filter(round=round_).first()
    client.force_login(coordinator)
    url = reverse("reviews:report-deadline", args=[review.pk, report.pk])
    client.get(url)
    # 5, and the ministry's focal points (who a reminder goes to; no e-mail address here).
    with django_assert_num_queries(6):
        client.get(url)
