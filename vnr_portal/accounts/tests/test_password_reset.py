"""The password-reset request: Django's, throttled per client and per address."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from reviews.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

RESET = "/accounts/password_reset/"


def test_password_reset_url_is_the_throttled_view():
    assert reverse("password_reset") == RESET


def test_password_reset_sends_the_link(client):
    UserFactory(username="amina", email="amina@example.org")
    response = client.post(RESET, {"email": "amina@example.org"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["amina@example.org"]]


def test_password_reset_throttled_per_address_from_any_client(client, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "password_reset_email": "2/h"}
    UserFactory(username="amina", email="amina@example.org")
    statuses = [
        client.post(RESET, {"email": "Amina@example.org"}, REMOTE_ADDR=f"198.51.100.{n}").status_code for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert len(mail.outbox) == 2


def test_password_reset_throttled_per_client_with_a_readable_page(client, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "password_reset_client": "2/h"}
    for n in range(2):
        assert client.post(RESET, {"email": f"person{n}@example.org"}).status_code == 302
    response = client.post(RESET, {"email": "person9@example.org"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert [t.name for t in response.templates][0] == "429.html"
    assert "Too many attempts in a short time" in response.content.decode()


def test_password_reset_throttled_answer_is_the_same_for_known_and_unknown_addresses(client, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "password_reset_email": "1/h"}
    UserFactory(username="amina", email="amina@example.org")
    answers = []
    for address in ("amina@example.org", "nobody@example.org"):
        client.post(RESET, {"email": address})
        response = client.post(RESET, {"email": address})
        # The wait is left out: it can differ by the second between the two requests.
        message = re.sub(r"\d+", "N", response.context["message"])
        answers.append((response.status_code, [t.name for t in response.templates], message))
    assert answers[0][0] == 429
    assert answers[0] == answers[1]
