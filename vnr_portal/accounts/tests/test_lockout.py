"""Brute-force protection (django-axes): a lock per account and client, its page, its end,
and lifting it in the admin."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from vnr_portal.accounts.lockout import client_ip

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

User = get_user_model()
LOGIN = "/accounts/login/"
PASSWORD = "correct-horse-battery"


def _try(client, username, password="wrong-password-123", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def _lock(client, username, **extra):
    """Five wrong passwords (settings' default limit): the fifth answers with the lock."""
    responses = [_try(client, username, **extra) for _ in range(5)]
    return responses[-1]


def _move_time_back(minutes):
    """As if the failures had happened `minutes` earlier (django-axes compares with now)."""
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=minutes))


def test_login_failures_below_the_limit_show_the_form_again(client, editor):
    responses = [_try(client, "editor") for _ in range(4)]

    assert [r.status_code for r in responses] == [200] * 4
    assert AccessAttempt.objects.get(username="editor").failures_since_start == 4


def test_login_fifth_failure_shows_the_lockout_page_with_when_to_try_again(client, editor):
    response = _lock(client, "editor")

    html = response.content.decode()
    assert response.status_code == 429
    assert '<h1 class="h2">Sign-in locked for a while</h1>' in html
    assert "after 5 wrong passwords or codes in a row" in html
    assert "(in about 30 minutes)" in html
    assert reverse("password_reset") in html
    assert "The portal's administrator can lift the lock sooner" in html


def test_login_locked_account_refuses_even_the_right_password_from_that_client(client, editor):
    _lock(client, "editor")

    response = _try(client, "editor", PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_login_lock_holds_for_that_client_only(client, editor):
    _lock(client, "editor")

    response = _try(client, "editor", PASSWORD, REMOTE_ADDR="192.0.2.7")

    assert (response.status_code, response.url) == (302, reverse("reviews:my-tasks"))


def test_login_lock_holds_for_that_account_only(client, editor, reviewer):
    _lock(client, "editor")

    response = _try(client, "reviewer", PASSWORD)

    assert (response.status_code, response.url) == (302, reverse("reviews:my-tasks"))


def test_login_lock_ends_after_the_cool_off(client, editor):
    _lock(client, "editor")
    _move_time_back(31)

    response = _try(client, "editor", PASSWORD)

    assert (response.status_code, response.url) == (302, reverse("reviews:my-tasks"))
    assert AccessAttempt.objects.count() == 0  # a success forgets the failures


def test_login_lock_still_holds_before_the_cool_off_ends(client, editor):
    _lock(client, "editor")
    _move_time_back(29)

    assert _try(client, "editor", PASSWORD).status_code == 429


def test_login_try_during_the_lock_does_not_push_its_end_back(client, editor):
    _lock(client, "editor")
    _move_time_back(20)
    _try(client, "editor", PASSWORD)
    _move_time_back(31)

    response = _try(client, "editor", PASSWORD)

    assert response.status_code == 302


def test_login_limit_and_cool_off_come_from_settings(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=90)

    responses = [_try(client, "editor") for _ in range(2)]

    assert [r.status_code for r in responses] == [200, 429]
    assert "(in about 90 minutes)" in responses[1].content.decode()


def test_admin_superuser_lifts_a_lock_by_deleting_the_attempt(client, editor, superuser):
    _lock(client, "editor")
    attempt = AccessAttempt.objects.get(username="editor")
    admin = client.__class__()
    admin.force_login(superuser)

    listing = admin.get(reverse("admin:axes_accessattempt_changelist"))
    deleted = admin.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})

    assert "editor" in listing.content.decode()
    assert deleted.status_code == 302
    assert _try(client, "editor", PASSWORD).status_code == 302


@pytest.mark.parametrize("who", ["coordinator", "editor"])
def test_admin_of_locks_is_closed_to_staff_who_are_not_administrators(client, request, who):
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("admin:axes_accessattempt_changelist"))

    # The admin sends whoever is not staff to log in (the portal's login page).
    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("admin:login"))


@pytest.mark.parametrize(
    ("proxies", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": "198.51.100.9"}, "192.0.2.1"),
        (1, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.5, 198.51.100.9"}, "198.51.100.9"),
        (2, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.5, 198.51.100.9"}, "203.0.113.5"),
        (1, {"REMOTE_ADDR": "10.0.0.1"}, "10.0.0.1"),
        (1, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "not-an-address"}, "10.0.0.1"),
    ],
    ids=["no-proxy-ignores-the-header", "one-proxy", "two-proxies", "no-header", "junk-header"],
)
def test_client_ip_believes_only_the_trusted_proxies(settings, proxies, meta, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", **meta)
    assert client_ip(request) == expected


def test_login_through_a_proxy_locks_the_forwarded_client_only(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    _lock(client, "editor", HTTP_X_FORWARDED_FOR="198.51.100.9")

    other = _try(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.10")

    assert other.status_code == 302
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.9"]


def test_test_client_login_still_works_with_axes_on(client, editor):
    assert client.login(username="editor", password=PASSWORD) is True
    assert client.get(reverse("reviews:dashboard")).status_code == 200
