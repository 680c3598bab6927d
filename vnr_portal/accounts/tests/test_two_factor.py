"""Two-factor sign-in (TOTP): setting it up from "My settings", the code step of signing in,
and the requirement for coordinators (REQUIRE_2FA_FOR_COORDINATORS)."""

import json
import time
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from vnr_portal.accounts import sessions
from vnr_portal.accounts.selectors import two_factor_secret

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

LOGIN = "/accounts/login/"
CODE = "/accounts/login/code/"
TWO_FACTOR = "/settings/two-factor/"
PASSWORD = "correct-horse-battery"
WRONG = "Enter the 6 digits your authenticator app shows now."
HOSTILE = json.loads(Path("/work/shared/data/security/hostile-inputs.json").read_text(encoding="utf-8"))
HOSTILE_CODES = [
    v for group in ("xss_html", "text_edges", "numbers") for v in HOSTILE[group] if not v.startswith("LONG")
]


def _code(device, *, offset=0) -> str:
    """The code the person's app shows now (or `offset` seconds from now)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return f"{totp.token():0{device.digits}d}"


def _wrong_code(device) -> str:
    right = {_code(device, offset=offset) for offset in (-30, 0, 30)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in right)


def _device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _password_step(client, username):
    return client.post(LOGIN, {"username": username, "password": PASSWORD})


# --- Setting it up ------------------------------------------------------------------------


def test_two_factor_url_name():
    assert reverse("accounts:two-factor") == TWO_FACTOR


def test_two_factor_page_sends_anonymous_visitors_to_log_in(client):
    response = client.get(TWO_FACTOR)
    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next={TWO_FACTOR}")


def test_two_factor_page_shows_a_key_to_type_and_keeps_it_on_reload(client, editor):
    client.force_login(editor)

    first = client.get(TWO_FACTOR).content.decode()
    second = client.get(TWO_FACTOR).content.decode()

    device = TOTPDevice.objects.get(user=editor)
    secret = two_factor_secret(device)
    assert device.confirmed is False
    assert len(secret.replace(" ", "")) == 32
    assert f'<code id="two-factor-secret" class="fs-5">{secret}</code>' in first
    assert "otpauth://totp/VNR%20Portal%3Aeditor?secret=" in first
    assert secret in second


def test_settings_page_links_to_two_factor_set_up(client, editor):
    client.force_login(editor)
    html = client.get(reverse("accounts:settings")).content.decode()
    assert "Two-factor sign-in is off." in html
    assert f'href="{TWO_FACTOR}"' in html


def test_two_factor_set_up_with_the_right_code_turns_it_on(client, editor):
    client.force_login(editor)
    client.get(TWO_FACTOR)
    device = TOTPDevice.objects.get(user=editor)

    response = client.post(TWO_FACTOR, {"code": _code(device)})
    page = client.get(TWO_FACTOR).content.decode()

    device.refresh_from_db()
    assert (response.status_code, response.url) == (302, TWO_FACTOR)
    assert device.confirmed is True
    assert "Two-factor sign-in is on: from now on you will enter a code after your password." in page
    # This session counts as having passed the code step.
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_two_factor_set_up_with_a_wrong_code_says_so_at_the_field(client, editor):
    client.force_login(editor)
    client.get(TWO_FACTOR)
    device = TOTPDevice.objects.get(user=editor)

    response = client.post(TWO_FACTOR, {"code": _wrong_code(device)})

    device.refresh_from_db()
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "code": ["This code is not right. Enter the 6 digits your authenticator app shows now."]
    }
    assert device.confirmed is False


@pytest.mark.parametrize("value", HOSTILE_CODES, ids=range(len(HOSTILE_CODES)))
def test_two_factor_set_up_takes_hostile_codes_without_a_500(client, editor, value):
    client.force_login(editor)
    response = client.post(TWO_FACTOR, {"code": value})
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(user=editor, confirmed=True).count() == 0


def test_two_factor_turned_off_with_a_code(client, editor):
    device = _device(editor)
    client.force_login(editor)

    response = client.post(TWO_FACTOR, {"code": _code(device)})

    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=editor).count() == 0


def test_two_factor_not_turned_off_with_a_wrong_code(client, editor):
    device = _device(editor)
    client.force_login(editor)

    response = client.post(TWO_FACTOR, {"code": _wrong_code(device)})

    assert response.status_code == 400
    assert TOTPDevice.objects.filter(user=editor, confirmed=True).count() == 1


# --- Signing in with a code ---------------------------------------------------------------


def test_login_without_two_factor_signs_in_with_the_password(client, editor):
    response = _password_step(client, "editor")
    assert (response.status_code, response.url, _signed_in(client)) == (302, reverse("reviews:my-tasks"), True)


def test_login_with_two_factor_asks_for_the_code_after_the_password(client, editor):
    _device(editor)

    response = _password_step(client, "editor")
    page = client.get(CODE)

    assert (response.status_code, response.url) == (302, CODE)
    assert not _signed_in(client)
    assert "Enter your sign-in code" in page.content.decode()
    # A page only signed-in people see (`/` is the public landing for visitors).
    assert client.get(reverse("accounts:settings")).status_code == 302


def test_login_with_the_right_code_signs_in_and_goes_on(client, editor, review):
    device = _device(editor)
    destination = reverse("reviews:review-detail", args=[review.pk])
    client.post(f"{LOGIN}?next={destination}", {"username": "editor", "password": PASSWORD})

    response = client.post(CODE, {"code": _code(device)})

    assert (response.status_code, response.url) == (302, destination)
    assert _signed_in(client)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_login_with_a_wrong_code_stays_out_and_counts_a_failure(client, editor):
    device = _device(editor)
    _password_step(client, "editor")

    response = client.post(CODE, {"code": _wrong_code(device)})

    assert response.status_code == 400
    assert response.context["form"].errors == {"code": [f"This code is not right. {WRONG}"]}
    assert not _signed_in(client)
    assert AccessAttempt.objects.get(username="editor").failures_since_start == 1


def test_login_code_cannot_be_used_twice(client, editor):
    device = _device(editor)
    code = _code(device)
    _password_step(client, "editor")
    client.post(CODE, {"code": code})
    client.post(reverse("logout"))
    _password_step(client, "editor")

    response = client.post(CODE, {"code": code})

    assert (response.status_code, _signed_in(client)) == (400, False)


def test_login_wrong_codes_lock_the_account_like_wrong_passwords(client, editor):
    device = _device(editor)
    _password_step(client, "editor")

    statuses = [client.post(CODE, {"code": _wrong_code(device)}).status_code for _ in range(5)]
    after = client.post(CODE, {"code": _code(device)})

    assert statuses == [400, 400, 400, 400, 429]
    assert (after.status_code, _signed_in(client)) == (429, False)
    assert "Sign-in locked for a while" in after.content.decode()


def test_login_code_step_without_the_password_step_goes_back_to_the_password(client, editor):
    _device(editor)

    response = client.get(CODE)
    page = client.get(response.url)

    assert (response.status_code, response.url) == (302, reverse("login"))
    assert "Enter your password again: the sign-in was not finished in time." in page.content.decode()


def test_login_code_step_expires_after_five_minutes(client, editor, monkeypatch):
    device = _device(editor)
    _password_step(client, "editor")
    later = sessions.now() + 5 * 60 + 1
    monkeypatch.setattr(sessions, "now", lambda: later)

    response = client.post(CODE, {"code": _code(device)})

    assert (response.status_code, response.url, _signed_in(client)) == (302, reverse("login"), False)


@pytest.mark.parametrize("value", HOSTILE_CODES[:12], ids=range(12))
def test_login_code_takes_hostile_input_without_a_500(client, editor, value):
    _device(editor)
    _password_step(client, "editor")
    response = client.post(CODE, {"code": value})
    assert (response.status_code, _signed_in(client)) == (400, False)


def test_admin_login_goes_through_the_portal_login_and_its_code_step(client):
    response = client.get("/admin/login/?next=/admin/")
    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next=/admin/")


# --- Required for coordinators ------------------------------------------------------------


@pytest.fixture
def required(settings):
    settings.REQUIRE_2FA_FOR_COORDINATORS = True


def test_required_coordinator_without_two_factor_is_sent_to_set_it_up(client, coordinator, required):
    client.force_login(coordinator)

    response = client.get(reverse("reviews:dashboard"))
    page = client.get(response.url).content.decode()

    assert (response.status_code, response.url) == (302, TWO_FACTOR)
    assert "Your role asks for two-factor sign-in: set it up to continue using the portal." in page
    assert "Turn two-factor sign-in on" in page


def test_required_coordinator_htmx_request_is_sent_to_set_it_up(client, coordinator, required):
    client.force_login(coordinator)
    response = client.get(reverse("reviews:notifications"), HTTP_HX_REQUEST="true")
    assert (response.status_code, response["HX-Redirect"]) == (200, TWO_FACTOR)


def test_required_coordinator_may_still_log_out(client, coordinator, required):
    client.force_login(coordinator)
    response = client.post(reverse("logout"))
    assert (response.status_code, response.url, _signed_in(client)) == (302, reverse("login"), False)


def test_required_coordinator_uses_the_portal_once_set_up(client, coordinator, required):
    client.force_login(coordinator)
    client.get(TWO_FACTOR)
    client.post(TWO_FACTOR, {"code": _code(TOTPDevice.objects.get(user=coordinator))})

    assert client.get(reverse("reviews:dashboard")).status_code == 200


def test_required_coordinator_with_a_device_signs_in_with_the_code_and_uses_the_portal(client, coordinator, required):
    device = _device(coordinator)
    _password_step(client, "coordinator")
    client.post(CODE, {"code": _code(device)})

    assert client.get(reverse("reviews:dashboard")).status_code == 200


def test_required_coordinator_cannot_turn_two_factor_off(client, coordinator, required):
    device = _device(coordinator)
    _password_step(client, "coordinator")
    client.post(CODE, {"code": _code(device, offset=-30)})

    response = client.post(TWO_FACTOR, {"code": _code(device)})

    assert response.status_code == 200
    assert "so it cannot be turned off" in response.content.decode()
    assert TOTPDevice.objects.filter(user=coordinator, confirmed=True).count() == 1


@pytest.mark.parametrize("who", ["editor", "reviewer", "focal_a", "outsider"])
def test_required_only_for_coordinators(client, request, required, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("reviews:dashboard")).status_code == 200


def test_required_is_off_by_default(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("reviews:dashboard")).status_code == 200


def test_required_coordinator_signed_in_without_the_code_is_told_to_log_in_again(client, coordinator, required):
    _device(coordinator)
    client.force_login(coordinator)  # as if signed in another way than the login page

    response = client.get(reverse("reviews:dashboard"))
    page = client.get(TWO_FACTOR).content.decode()

    assert (response.status_code, response.url) == (302, TWO_FACTOR)
    assert "This sign-in was not confirmed with a code. Log out, then log in again" in page
