"""A ministry's progress report through the API: answers saved as the report page saves them
(its form's checks, a message per question), submission through the page's service (audited,
required answers checked), only by its ministry's focal points, a submitted report refused."""

import datetime
import itertools
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.core.models import AuditEntry
from reviews.reporting.models import ReportAnswer, ReportSubmission
from reviews.tests.factories import ProgressReportFactory, TemplateQuestionFactory
from vnr_portal.accounts.services import api_token_create

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

NAMES = itertools.count()


def token_of(user, scope="write"):
    expires = timezone.localdate() + datetime.timedelta(days=10)
    return api_token_create(user=user, name=f"t-{scope}-{next(NAMES)}", scope=scope, expires_on=expires)[1]


@pytest.fixture
def report(review, ministry_a, goals):
    report = ProgressReportFactory(review=review, ministry=ministry_a, goal=goals[2])
    template = report.template
    TemplateQuestionFactory(template=template, key="progress", type="rich_text", required=True, word_limit=5)
    TemplateQuestionFactory(template=template, key="budget", type="number")
    TemplateQuestionFactory(template=template, key="status", type="choice", options=["On track", "Late"])
    TemplateQuestionFactory(template=template, key="actions", type="table", options=["Action", "Year"])
    TemplateQuestionFactory(template=template, key="indicators", type="indicators")
    TemplateQuestionFactory(template=template, key="annex", type="file")
    return report


def put(client, report, body, token=None, content_type="application/json"):
    url = reverse("api:review-report-answers", args=[report.review_id, report.pk])
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    return client.put(url, data, content_type=content_type, **headers)


def submit(client, report, token=None):
    url = reverse("api:review-report-submit", args=[report.review_id, report.pk])
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    return client.post(url, **headers)


def saved(report) -> dict:
    return dict(ReportAnswer.objects.filter(report=report).values_list("question_key", "value"))


def test_the_focal_point_saves_answers_then_submits(client, focal_a, report, framework):
    token = token_of(focal_a)
    answers = {
        "progress": "Coverage rose.",
        "budget": 12.5,
        "status": "On track",
        "actions": [["Build clinics", 2026], ["Train nurses", "2027"]],
        "indicators": ["3.1.1"],
    }
    response = put(client, report, {"answers": answers}, token)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert body["answers"]["progress"] == "<p>Coverage rose.</p>"
    assert body["answers"]["budget"] == "12.5"
    assert body["answers"]["actions"] == [["Build clinics", "2026"], ["Train nurses", "2027"]]
    assert body["answers"]["indicators"] == ["3.1.1"]
    # Questions not named keep their answer.
    assert put(client, report, {"answers": {"budget": 13}}, token).json()["answers"]["status"] == "On track"

    response = submit(client, report, token)
    assert response.status_code == 201, response.json()
    assert response.json() == {
        "report": report.pk,
        "number": 1,
        "status": "submitted",
        "submitted_at": response.json()["submitted_at"],
    }
    assert ReportSubmission.objects.get(report=report).answers["budget"] == "13"
    assert AuditEntry.objects.filter(action="report.submit", actor=focal_a).exists()


@pytest.fixture
def framework(goals):
    from indicators.services import framework_load

    framework_load()


def test_a_submitted_report_refuses_edits_and_a_second_submission(client, focal_a, report):
    token = token_of(focal_a)
    put(client, report, {"answers": {"progress": "Done."}}, token)
    assert submit(client, report, token).status_code == 201
    response = put(client, report, {"answers": {"progress": "Changed."}}, token)
    assert response.status_code == 409 and response.json()["code"] == "conflict"
    assert "submitted" in response.json()["detail"]
    assert submit(client, report, token).status_code == 409
    assert saved(report)["progress"] == "<p>Done.</p>"
    assert ReportSubmission.objects.filter(report=report).count() == 1


def test_submission_checks_required_answers_and_word_limits(client, focal_a, report):
    token = token_of(focal_a)
    response = submit(client, report, token)
    assert response.status_code == 400
    assert "needs an answer" in response.json()["errors"]["answers"]["progress"][0]
    put(client, report, {"answers": {"progress": "one two three four five six"}}, token)
    response = submit(client, report, token)
    assert response.status_code == 400
    assert "At most 5 words" in response.json()["errors"]["answers"]["progress"][0]
    assert not ReportSubmission.objects.exists()
    report.refresh_from_db()
    assert report.status == "draft"


@pytest.mark.parametrize(
    ("answers", "key", "message"),
    [
        ({"nonsense": "x"}, "nonsense", "no such question"),
        ({"budget": "twelve"}, "budget", "Enter a number"),
        ({"budget": [1]}, "budget", "Give a number"),
        ({"status": "Maybe"}, "status", "Select a valid choice"),
        ({"progress": {"html": "x"}}, "progress", "Give text"),
        ({"actions": "a table"}, "actions", "list of rows"),
        ({"actions": [["x"]] * 201}, "actions", "At most 200 rows"),
        ({"indicators": ["99.9.9"]}, "indicators", "Not indicators of the SDG framework"),
        ({"annex": "file.pdf"}, "annex", "report's page"),
    ],
)
def test_bad_answers_are_a_400_per_question_and_nothing_is_saved(
    client, focal_a, report, framework, answers, key, message
):
    response = put(client, report, {"answers": {"progress": "Fine.", **answers}}, token_of(focal_a))
    assert response.status_code == 400
    errors = response.json()["errors"]["answers"]
    assert list(errors) == [key] and message in errors[key][0], errors
    assert saved(report) == {}


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        json.dumps({"answers": "x"}),
        json.dumps([1]),
        json.dumps({}),
        '{"answers": {"progress": ' + "[" * 100_000 + "]" * 100_000 + "}}",
    ],
    ids=["malformed", "not-an-object", "a-list", "no-answers", "nested-too-deep"],
)
def test_malformed_bodies_are_a_400(client, focal_a, report, body):
    response = put(client, report, body, token_of(focal_a))
    assert response.status_code == 400 and response.json()["code"] in ("parse_error", "invalid")
    assert saved(report) == {}


def test_a_form_body_and_a_50_mb_body_are_refused(client, focal_a, report):
    token = token_of(focal_a)
    response = put(client, report, "answers=x", token, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    body = json.dumps({"answers": {"progress": "x" * (50 * 1024 * 1024)}})
    response = put(client, report, body, token)
    assert response.status_code == 413 and response.json()["code"] == "too_large"
    assert saved(report) == {}


@pytest.mark.parametrize("who", ["focal_b", "coordinator", "reviewer", "editor", "outsider", "other_member"])
def test_only_the_ministry_s_focal_points_fill_and_submit(client, request, report, who):
    token = token_of(request.getfixturevalue(who))
    response = put(client, report, {"answers": {"progress": "x"}}, token)
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert submit(client, report, token).status_code == 403
    assert saved(report) == {} and not ReportSubmission.objects.exists()


def test_read_only_tokens_and_anonymous_people_may_not(client, focal_a, report):
    token = token_of(focal_a, "read")
    response = put(client, report, {"answers": {"progress": "x"}}, token)
    assert response.status_code == 403 and "read-only" in response.json()["detail"]
    assert submit(client, report, token).status_code == 403
    assert put(client, report, {"answers": {"progress": "x"}}).status_code == 401
    assert submit(client, report).status_code == 401
    assert saved(report) == {} and not ReportSubmission.objects.exists()


def test_a_report_of_another_review_is_a_404(client, focal_a, report, other_review):
    elsewhere = ProgressReportFactory(review=other_review)
    url = reverse("api:review-report-submit", args=[report.review_id, elsewhere.pk])
    response = client.post(url, HTTP_AUTHORIZATION=f"Token {token_of(focal_a)}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_the_browser_s_session_needs_its_csrf_token(focal_a, report):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(focal_a)
    assert put(strict, report, {"answers": {"progress": "x"}}).status_code == 403
    assert submit(strict, report).status_code == 403
    assert saved(report) == {} and not ReportSubmission.objects.exists()
