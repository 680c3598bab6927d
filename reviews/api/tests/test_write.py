"""Writes through the API: a commitment's status update, with the same checks as its page,
a read-write token or the browser's session (with its CSRF token), JSON errors, nothing
written on a refusal."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.core.models import AuditEntry
from reviews.followup.models import CommitmentUpdate
from reviews.tests.factories import CommitmentFactory
from vnr_portal.accounts.services import api_token_create

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def token_of(user, scope="write"):
    expires = timezone.localdate() + datetime.timedelta(days=10)
    return api_token_create(user=user, name=f"t-{scope}", scope=scope, expires_on=expires)[1]


@pytest.fixture
def commitment(review, ministry_a):
    commitment = CommitmentFactory(review=review)
    commitment.ministries.add(ministry_a)
    return commitment


def post(client, review, commitment, body, token=None, **extra):
    url = reverse("api:review-commitment-updates", args=[review.pk, commitment.pk])
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(url, data, content_type="application/json", **headers, **extra)


def test_the_focal_point_of_its_ministry_submits_an_update(client, focal_a, review, commitment):
    response = post(client, review, commitment, {"status": "in_progress", "narrative": "Done half."}, token_of(focal_a))
    assert response.status_code == 201, response.json()
    update = CommitmentUpdate.objects.get(commitment=commitment)
    assert response.json()["id"] == update.pk and update.status == "in_progress" and update.submitted_by == focal_a
    assert AuditEntry.objects.filter(action="followup.update_submitted", actor=focal_a).exists()


@pytest.mark.parametrize("who", ["focal_b", "reviewer", "other_member", "outsider"])
def test_others_may_not(client, request, review, commitment, who):
    user = request.getfixturevalue(who)
    response = post(client, review, commitment, {"status": "in_progress"}, token_of(user))
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not CommitmentUpdate.objects.exists()


def test_a_read_only_token_may_not_write(client, focal_a, review, commitment):
    response = post(client, review, commitment, {"status": "in_progress"}, token_of(focal_a, scope="read"))
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]
    assert not CommitmentUpdate.objects.exists()


def test_anonymous_people_must_authenticate(client, review, commitment):
    assert post(client, review, commitment, {"status": "in_progress"}).status_code == 401


def test_the_session_needs_its_csrf_token(client, coordinator, review, commitment):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(coordinator)
    assert post(strict, review, commitment, {"status": "in_progress"}).status_code == 403
    assert not CommitmentUpdate.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "finished-ish"}, "status"),
        ({}, "status"),
        ({"status": "in_progress", "links": ["not a link"]}, "links"),
        ({"status": "replaced"}, "replaced_by"),
        ({"status": "replaced", "replaced_by": 999999}, "replaced_by"),
    ],
)
def test_bad_input_is_a_400_at_its_field(client, coordinator, review, commitment, body, field):
    response = post(client, review, commitment, body, token_of(coordinator))
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not CommitmentUpdate.objects.exists()


def test_malformed_json_is_a_400(client, coordinator, review, commitment):
    response = post(client, review, commitment, "{not json", token_of(coordinator))
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_a_body_of_50_mb_is_refused(client, coordinator, review, commitment):
    body = json.dumps({"status": "in_progress", "narrative": "x" * (50 * 1024 * 1024)})
    response = post(client, review, commitment, body, token_of(coordinator))
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert not CommitmentUpdate.objects.exists()


def test_a_commitment_of_another_review_is_404(client, coordinator, review, other_review):
    elsewhere = CommitmentFactory(review=other_review)
    response = post(client, review, elsewhere, {"status": "in_progress"}, token_of(coordinator))
    assert response.status_code == 404
