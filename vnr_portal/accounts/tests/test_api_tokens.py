"""Personal API tokens: made and revoked on "My settings", shown once, stored hashed,
audited; the API refuses an unknown, expired or revoked token (401) and a read-only token's
write (403), each with a JSON body; requests are counted per token."""

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.throttling import SimpleRateThrottle

from reviews.core.models import AuditEntry
from reviews.tests.factories import UserFactory
from vnr_portal.accounts import services
from vnr_portal.accounts.models import ApiToken

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def make_token(user, *, scope="read", days=30, name="SDG platform"):
    return services.api_token_create(user=user, name=name, scope=scope, expires_on=in_days(days))


def test_a_person_creates_a_token_sees_it_once_and_it_is_stored_hashed(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("accounts:api-token-create"),
        {"name": "National SDG platform", "scope": "read", "expires_on": in_days(90).isoformat()},
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(user=coordinator)
    text = response.context["new_token"]["text"]
    assert text.startswith(f"vnr_{token.prefix}_")
    assert text in response.content.decode()
    assert token.secret_hash == hashlib.sha256(text.encode()).hexdigest()
    assert text not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    # Never shown again.
    page = client.get(reverse("accounts:settings")).content.decode()
    assert "National SDG platform" in page and text not in page
    entry = AuditEntry.objects.get(action="api_token.create")
    assert entry.actor == coordinator and token.prefix in entry.summary and text not in str(entry.data)


@pytest.mark.parametrize(
    ("expires", "field"),
    [(None, "expires_on"), (0, "expires_on"), (-3, "expires_on"), (400, "expires_on")],
)
def test_the_expiry_is_required_and_within_a_year(client, coordinator, expires, field):
    client.force_login(coordinator)
    data = {"name": "Platform", "scope": "read", "expires_on": "" if expires is None else in_days(expires).isoformat()}
    response = client.post(reverse("accounts:api-token-create"), data)
    assert response.status_code == 400
    assert response.context["token_form"].errors[field]
    assert not ApiToken.objects.exists()


def test_a_person_revokes_their_token_and_it_stops_working(client, coordinator, review):
    token, text = make_token(coordinator)
    url = reverse("api:review-detail", args=[review.pk])
    assert client.get(url, HTTP_AUTHORIZATION=f"Token {text}").status_code == 200
    client.force_login(coordinator)
    response = client.post(reverse("accounts:api-token-revoke", args=[token.pk]))
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="api_token.revoke", actor=coordinator).count() == 1
    client.logout()
    response = client.get(url, HTTP_AUTHORIZATION=f"Token {text}")
    assert response.status_code == 401
    assert response.json()["detail"] == "This API token has been revoked."


def test_nobody_revokes_another_persons_token(client, coordinator, outsider):
    token, _text = make_token(coordinator)
    client.force_login(outsider)
    assert client.post(reverse("accounts:api-token-revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_settings_page_lists_tokens_without_their_secret(client, coordinator):
    make_token(coordinator, name="Statistics portal")
    client.force_login(coordinator)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert "Statistics portal" in page and "Read only" in page and "Revoke" in page


def test_an_expired_token_is_refused_with_a_json_401(client, coordinator, review):
    token, text = make_token(coordinator)
    ApiToken.objects.filter(pk=token.pk).update(expires_on=in_days(-1))
    response = client.get(reverse("api:review-list"), HTTP_AUTHORIZATION=f"Token {text}")
    assert response.status_code == 401
    assert response.json() == {"detail": "This API token has expired.", "code": "authentication_failed"}


@pytest.mark.parametrize("header", ["Token nonsense", "Token vnr_AAAAAAAAAAAA_" + "x" * 54, "Token a b", "Token"])
def test_an_unknown_or_malformed_token_is_a_json_401(client, coordinator, header):
    make_token(coordinator)
    response = client.get(reverse("api:review-list"), HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "authentication_failed"


def test_a_method_an_endpoint_does_not_take_is_a_json_405(client, coordinator, review):
    _token, text = make_token(coordinator, scope="read")
    response = client.post(reverse("api:review-list"), {}, HTTP_AUTHORIZATION=f"Token {text}")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    # (A read-only token on a write: reviews/api/tests/test_write.py.)


def test_a_token_acts_with_its_owners_permissions_only(client, coordinator, other_member, review, other_review):
    _token, text = make_token(other_member)
    assert (
        client.get(reverse("api:review-detail", args=[review.pk]), HTTP_AUTHORIZATION=f"Token {text}").status_code
        == 404
    )
    listed = client.get(reverse("api:review-list"), HTTP_AUTHORIZATION=f"Token {text}").json()["results"]
    assert [row["id"] for row in listed] == [other_review.pk]


def test_requests_are_throttled_per_token(client, coordinator, review, monkeypatch):
    rates = {**SimpleRateThrottle.THROTTLE_RATES, "token": "3/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    _a, first = make_token(coordinator, name="A")
    _b, second = make_token(coordinator, name="B")
    url = reverse("api:review-list")
    codes = [client.get(url, HTTP_AUTHORIZATION=f"Token {first}").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get(url, HTTP_AUTHORIZATION=f"Token {first}").json()["code"] == "throttled"
    # Another token of the same person counts apart.
    assert client.get(url, HTTP_AUTHORIZATION=f"Token {second}").status_code == 200


def test_an_inactive_account_s_token_is_refused(client, review):
    user = UserFactory(username="gone")
    _token, text = make_token(user)
    user.is_active = False
    user.save()
    assert client.get(reverse("api:review-list"), HTTP_AUTHORIZATION=f"Token {text}").status_code == 401
