"""Session time limits: signed out after SESSION_IDLE_TIMEOUT without activity and at the
latest SESSION_COOKIE_AGE after signing in, with a message on the login page. Time is moved
through vnr_portal.accounts.sessions.now, never waited for."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vnr_portal.accounts import sessions

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

DASHBOARD = "/"
HOUR = 60 * 60


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves: `clock.move(seconds)`."""

    class Clock:
        now = sessions.now()

        def move(self, seconds):
            self.now += seconds

    clock = Clock()
    monkeypatch.setattr(sessions, "now", lambda: clock.now)
    return clock


def _signed_in(client):
    return "_auth_user_id" in client.session


def test_session_idle_for_the_timeout_is_signed_out_with_a_message(client, editor, clock):
    client.force_login(editor)
    clock.move(8 * HOUR)

    response = client.get(DASHBOARD)
    login_page = client.get(response.url)

    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next=/")
    assert not _signed_in(client)
    assert "You were signed out after 8 hours without activity. Log in again to continue." in (
        login_page.content.decode()
    )


def test_session_used_within_the_timeout_stays_signed_in(client, editor, clock):
    client.force_login(editor)
    for _ in range(3):
        clock.move(7 * HOUR)
        assert client.get(DASHBOARD).status_code == 200

    assert _signed_in(client)


def test_session_idle_just_under_the_timeout_stays_signed_in(client, editor, clock):
    client.force_login(editor)
    clock.move(8 * HOUR - 1)

    assert client.get(DASHBOARD).status_code == 200


def test_session_idle_timeout_comes_from_settings(client, editor, clock, settings):
    settings.SESSION_IDLE_TIMEOUT = HOUR
    client.force_login(editor)
    clock.move(HOUR)

    response = client.get(DASHBOARD)
    login_page = client.get(response.url)

    assert response.status_code == 302
    assert "You were signed out after 1 hour without activity." in login_page.content.decode()


def test_session_htmx_polls_do_not_keep_an_idle_session_alive(client, editor, clock):
    client.force_login(editor)
    for _ in range(4):
        clock.move(2 * HOUR)
        client.get(reverse("reviews:notifications"), HTTP_HX_REQUEST="true")

    # A page for signed-in people only (`/` is the public landing once signed out).
    response = client.get(reverse("accounts:settings"))

    assert response.status_code == 302
    assert not _signed_in(client)


def test_session_expired_htmx_request_sends_the_browser_to_log_in(client, editor, clock):
    client.force_login(editor)
    clock.move(9 * HOUR)

    response = client.get(reverse("reviews:notifications"), HTTP_HX_REQUEST="true")

    assert (response.status_code, response["HX-Redirect"]) == (200, reverse("login"))


def test_session_expired_post_is_not_carried_out(client, editor, clock):
    client.force_login(editor)
    clock.move(9 * HOUR)

    response = client.post(reverse("accounts:settings"), {"language": "ar", "time_zone": "UTC"})

    assert (response.status_code, response.url) == (302, reverse("login"))
    editor.profile.refresh_from_db()
    assert editor.profile.language == "en"


def test_session_ends_after_its_absolute_lifetime_however_active(client, editor, clock, settings):
    settings.SESSION_COOKIE_AGE = 24 * HOUR
    client.force_login(editor)
    for _ in range(3):
        clock.move(7 * HOUR)
        assert client.get(DASHBOARD).status_code == 200
    clock.move(3 * HOUR)

    response = client.get(DASHBOARD)
    login_page = client.get(response.url)

    assert response.status_code == 302
    assert not _signed_in(client)
    assert "Your session has ended: sessions last at most a set time." in login_page.content.decode()


def test_session_activity_is_written_at_most_once_a_minute(client, editor, clock):
    client.force_login(editor)
    client.get(DASHBOARD)
    clock.move(30)
    with CaptureQueriesContext(connection) as reads:
        client.get(reverse("accounts:settings"))
    clock.move(60)
    with CaptureQueriesContext(connection) as writes:
        client.get(reverse("accounts:settings"))

    assert not any("UPDATE" in q["sql"] and "django_session" in q["sql"] for q in reads.captured_queries)
    assert any("UPDATE" in q["sql"] and "django_session" in q["sql"] for q in writes.captured_queries)


def test_session_of_the_anonymous_is_left_alone(client, clock):
    clock.move(100 * HOUR)
    assert client.get(reverse("login")).status_code == 200
