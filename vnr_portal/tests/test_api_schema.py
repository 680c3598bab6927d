"""schemathesis against the API's own OpenAPI schema: every operation, as an anonymous
person, a focal point and a coordinator (with their API tokens), with schemathesis' default
checks: no server error, answers as the schema describes them (status, headers, bodies)."""

import datetime

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings

from reviews.evidence.tests.pages_data import small_data
from reviews.tests.factories import CommitmentFactory, EditionFactory, GoalAssignmentFactory
from stakeholders.tests.factories import ContributionFactory, PortalFactory, RoundFactory, RoundQuestionFactory
from vnr_portal.accounts.services import api_token_create

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", WSGIHandler())


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As Django's test client does: a request's end must not close the test's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def cast(review, ministry_a, coordinator, focal_a, goals):
    """A review with a little of everything, and a token for each role (None: anonymous)."""
    from indicators.services import framework_load

    framework_load()
    small_data("AUR")
    GoalAssignmentFactory(review=review, ministry=ministry_a, goal_id=goals[0].pk, role="lead")
    CommitmentFactory(review=review)
    EditionFactory(review=review, is_final=True, is_public=True, status="done")
    # Consultation: a public portal, an open round with a contribution (answered and decided),
    # a hidden one, and a draft round.
    PortalFactory(review=review)
    round_ = RoundFactory(review=review, summary="<p>We heard you.</p>")
    question = RoundQuestionFactory(round=RoundFactory(review=review, kind="questions"))
    ContributionFactory(round=round_, uptake="partly", uptake_reason="In part.").responses.create(
        body="Thanks.", author=coordinator
    )
    ContributionFactory(round=question.round, document=None, question=question, visibility="hidden")
    RoundFactory(review=review, published_at=None)
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
