"""schemathesis against the API's own OpenAPI schema: every operation, as an anonymous
person, a focal point and a coordinator (with their API tokens), with schemathesis' default
checks: no server error, answers as the schema describes them (status, headers, bodies).

The data has a little of everything (a public portal with rounds, documents and answered
contributions, a progress report, an import job, commitments, sections, indicator data with
an override), and most examples address it: the `flatmap_path_parameters` hook draws each
path parameter among the real ids (`REAL_IDS`, filled by the `cast` fixture) or keeps the
generated one (mostly a 404), so reads answer with real bodies and writes (a commitment's
update, a report's answers and submission, an import) are exercised."""

import datetime

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from reviews.evidence.services.overrides import progress_override_record
from reviews.evidence.tests.pages_data import opensdg_csv, small_data
from reviews.tests.factories import (
    CommitmentFactory,
    EditionFactory,
    GoalAssignmentFactory,
    ImportJobFactory,
    ProgressReportFactory,
    ReportAnswerFactory,
    SectionFactory,
    SectionRevisionFactory,
    TemplateQuestionFactory,
)
from stakeholders.tests.factories import (
    ContributionAttachmentFactory,
    ContributionFactory,
    PortalFactory,
    RoundDocumentFactory,
    RoundFactory,
    RoundQuestionFactory,
)
from vnr_portal.accounts.services import api_token_create
from vnr_portal.common.api.schema import PK_SCHEMA

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", WSGIHandler())

# Path parameter → the ids of the objects the `cast` fixture made (set per test).
REAL_IDS: dict[str, list] = {}


def _valid_like(value, real) -> bool:
    """Whether a generated value is schema-valid like the real ids (an id from 0, a Goal's
    number as text): a negative example's invalid value is kept, so that it stays invalid."""
    if isinstance(real, str):
        return isinstance(value, str)
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= PK_SCHEMA["maximum"]


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Each valid path parameter one of the real ids, or (in fewer examples) the one generated."""
    if not path_parameters:
        return st.just(path_parameters)
    choices = {}
    for name, value in path_parameters.items():
        real = REAL_IDS.get(name)
        choices[name] = st.sampled_from(real) if real and _valid_like(value, real[0]) else st.just(value)
    real = st.fixed_dictionaries(choices)
    return st.one_of(real, real, st.just(path_parameters))


OPEN_SDG_CSV = opensdg_csv(years=range(2015, 2018)).encode()


# The focal point's report's questions (the `cast` fixture makes them) and answers each takes.
ANSWERS = st.fixed_dictionaries(
    {},
    optional={
        "progress": st.sampled_from(["Coverage rose.", "<p>Clinics <strong>opened</strong>.</p>"]),
        "budget": st.integers(min_value=0, max_value=10**9).map(lambda cents: cents / 100),
        "status": st.sampled_from(["On track", "Late"]),
    },
)


@schema.hook
def flatmap_body(context, body):
    """A report's answers to its own questions: which questions a report has is its
    template's, which the schema cannot list; other keys are a 400 (`no such question`), as
    the tests of reviews/api/tests/test_reporting.py show."""
    operation = context.operation
    if operation.method.upper() != "PUT" or not operation.path.endswith("/answers/"):
        return st.just(body)
    if not isinstance(body, dict) or not isinstance(body.get("answers"), dict):
        return st.just(body)
    return ANSWERS.map(lambda answers: {**body, "answers": answers})


@schema.hook
def map_body(context, body):
    """An import's files as the import takes them: the schema names them (.csv) but cannot
    say that a CSV is text, so a generated file that is empty or holds a NUL byte becomes an
    Open SDG CSV (a refused one is a 400, as the import page says)."""
    operation = context.operation
    form = getattr(body, "body", body)  # a multipart body comes with its parts' content types
    if operation.method.upper() != "POST" or not operation.path.endswith("/imports/"):
        return body
    if isinstance(form, dict) and isinstance(form.get("files"), list):
        form["files"] = [_readable(item) for item in form["files"]]
    return body


def _readable(item):
    data = getattr(item, "data", item)
    if isinstance(data, bytes) and (not data or b"\0" in data):
        return OPEN_SDG_CSV
    return item


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As Django's test client does: a request's end must not close the test's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def cast(review, other_review, ministry_a, coordinator, focal_a, statistician, goals, settings, tmp_path):
    """A review with a little of everything, and a token for each role (None: anonymous)."""
    from indicators.services import framework_load

    settings.MEDIA_ROOT = str(tmp_path)
    framework_load()
    series = small_data("AUR", target=60.0)
    progress_override_record(
        actor=statistician, review=review, series=series, baseline_year=2015, category="regressing", reason="Late data."
    )
    GoalAssignmentFactory(review=review, ministry=ministry_a, goal_id=goals[0].pk, role="lead")
    commitment = CommitmentFactory(review=review)
    commitment.goals.add(goals[0])
    commitment.ministries.add(ministry_a)
    EditionFactory(review=review, is_final=True, is_public=True, status="done")
    section = SectionFactory(review=review, goal=goals[0], content="<p>Text</p>")
    SectionRevisionFactory(section=section, number=1)
    # The focal point's progress report, with questions of several kinds.
    report = ProgressReportFactory(review=review, ministry=ministry_a, goal=goals[0])
    TemplateQuestionFactory(template=report.template, key="progress", type="rich_text", required=True)
    ReportAnswerFactory(report=report, question_key="progress", value="<p>Started.</p>", updated_by=focal_a)
    TemplateQuestionFactory(template=report.template, key="budget", type="number")
    TemplateQuestionFactory(template=report.template, key="status", type="choice", options=["On track", "Late"])
    job = ImportJobFactory(
        review=review,
        created_by=statistician,
        status="done",
        summary={
            "files": 1,
            "observations_imported": 9,
            "errors": [{"file": "indicator_1-1-1.csv", "line": 3, "column": "Value", "reason": "Not a number."}],
            "errors_total": 1,
        },
    )
    # Consultation: a public portal, an open round with its documents (one never frozen) and
    # a contribution (answered, decided, with a file), a round of questions with a hidden
    # contribution, and a draft round.
    PortalFactory(review=review)
    PortalFactory(review=other_review, is_published=False)
    round_ = RoundFactory(review=review, summary="<p>We heard you.</p>")
    document = RoundDocumentFactory(round=round_)
    RoundDocumentFactory(round=round_, language="fr", content="<p>Un.</p><p>Deux.</p>", frozen_at=None)
    question = RoundQuestionFactory(round=RoundFactory(review=review, kind="questions"))
    contribution = ContributionFactory(
        round=round_, document=document, paragraph=1, uptake="partly", uptake_reason="In part."
    )
    contribution.responses.create(body="Thanks.", author=coordinator)
    ContributionAttachmentFactory(contribution=contribution)
    ContributionFactory(round=question.round, document=None, question=question, visibility="hidden")
    draft = RoundFactory(review=review, published_at=None)
    REAL_IDS.clear()
    REAL_IDS.update(
        review_pk=[review.pk, other_review.pk],
        id=[review.pk],
        number=[str(goal.number) for goal in goals],
        round_pk=[round_.pk, question.round_id, draft.pk],
        commitment_pk=[commitment.pk],
        report_pk=[report.pk],
        job_pk=[job.pk],
    )
    expires = timezone.localdate() + datetime.timedelta(days=30)
    tokens = {"anonymous": None}
    for name, user in (("focal point", focal_a), ("coordinator", coordinator)):
        tokens[name] = api_token_create(user=user, name="schemathesis", scope="write", expires_on=expires)[1]
    return tokens


@pytest.mark.parametrize("role", ["anonymous", "focal point", "coordinator"])
@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_the_api_answers_as_its_schema_says(case, cast, role):
    token = cast[role]
    headers = {"Authorization": f"Token {token}"} if token else {}
    # GZipMiddleware compresses answers asked for gzip, and the WSGI client schemathesis
    # uses does not unpack them: ask for the plain body the schema describes.
    headers["Accept-Encoding"] = "identity"
    case.call_and_validate(headers=headers)
