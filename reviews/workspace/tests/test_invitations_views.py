import json
import time
import types
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse
from django.utils.html import escape

from reviews.models import Invitation, Membership
from reviews.workspace.services.invitations import invitation_create, invitation_link_renew, invitation_revoke

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

User = get_user_model()
HOSTILE = json.loads(Path("/work/shared/data/security/hostile-inputs.json").read_text(encoding="utf-8"))
PASSWORD = "a-long-passphrase-42"


@pytest.fixture
def invite(review, coordinator):
    def make(email="new.person@example.org", roles=("editor",), ministry=None):
        invitation = invitation_create(
            actor=coordinator, review=review, email=email, roles=list(roles), ministry=ministry, language="en"
        )
        return invitation, reverse("reviews:invitation-accept", args=[invitation_link_renew(invitation=invitation)])

    return make


def _signup(first_name="Ana", last_name="Lima", password=PASSWORD, confirm=None):
    return {
        "first_name": first_name,
        "last_name": last_name,
        "password": password,
        "password_confirm": confirm or password,
    }


def _roles(user, review) -> set[str]:
    return set(Membership.objects.filter(user=user, review=review).values_list("role", flat=True))


# --- A new address ---------------------------------------------------------------------


def test_invitation_accept_shows_review_roles_inviter_and_signup_form(client, coordinator, ministry_a, invite):
    coordinator.first_name, coordinator.last_name = "Mele", "Tui"
    coordinator.save()
    _, url = invite(roles=["focal_point", "editor"], ministry=ministry_a)

    response = client.get(url)

    content = response.content.decode()
    assert (response.status_code, response.templates[0].name) == (200, "reviews/workspace/invitation_signup.html")
    assert "<bdi>Aurelia</bdi> — <bdi>Second VNR of Aurelia</bdi> (2027)" in content
    assert "Ministry focal point, Editor (Ministry of Health)" in content
    assert "Mele Tui" in content
    assert list(response.context["form"].fields) == [
        "first_name",
        "last_name",
        "password",
        "password_confirm",
    ]


def test_invitation_accept_creates_account_logs_in_and_grants_roles(client, review, invite):
    _, url = invite(email="New.Person@example.org", roles=["editor", "reviewer"])

    response = client.post(url, _signup())

    user = User.objects.get(username="new.person@example.org")
    assert (response.status_code, response.url) == (302, reverse("reviews:members", args=[review.pk]))
    assert (user.get_full_name(), user.check_password(PASSWORD), _roles(user, review)) == (
        "Ana Lima",
        True,
        {"editor", "reviewer"},
    )
    assert client.get(response.url).context["user"] == user


def test_invitation_accept_link_cannot_be_reused(client, invite):
    _, url = invite()
    client.post(url, _signup())
    client.logout()

    response = client.get(url)

    assert response.status_code == 410
    assert "This invitation has already been accepted. Log in to open the review." in response.content.decode()


def test_invitation_accept_double_submit_creates_one_account(client, review, invite):
    _, url = invite()
    client.post(url, _signup())
    client.logout()

    response = client.post(url, _signup(first_name="Again"))

    assert response.status_code == 410
    assert list(User.objects.filter(username="new.person@example.org").values_list("first_name", flat=True)) == ["Ana"]


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            _signup(confirm="something-else-42"),
            {"password_confirm": ["The two passwords differ: type the same password twice."]},
        ),
        (
            _signup(password="short"),
            {"password": ["This password is too short. It must contain at least 12 characters."]},
        ),
        (_signup(first_name=""), {"first_name": ["This field is required."]}),
        (_signup(first_name="a\x00b"), {"first_name": ["Null characters are not allowed."]}),
        (
            _signup(first_name="x" * 100_000),
            {"first_name": ["Ensure this value has at most 150 characters (it has 100000)."]},
        ),
    ],
    ids=["passwords-differ", "weak-password", "no-name", "nul-byte", "very-long-name"],
)
def test_invitation_accept_rerenders_signup_with_field_errors(client, invite, data, errors):
    _, url = invite()

    response = client.post(url, data)

    assert (response.status_code, response.context["form"].errors) == (200, errors)
    assert escape(next(iter(errors.values()))[0]) in response.content.decode()
    assert (User.objects.filter(username="new.person@example.org").exists(), Invitation.objects.get().accepted_at) == (
        False,
        None,
    )


@pytest.mark.parametrize("value", HOSTILE["xss_html"][:6] + HOSTILE["text_edges"][4:10], ids=range(12))
def test_invitation_accept_stores_hostile_name_and_shows_it_escaped(client, review, invite, value):
    _, url = invite()

    response = client.post(url, _signup(first_name=value, last_name=""), follow=True)

    user = User.objects.get(username="new.person@example.org")
    content = response.content.decode()
    assert user.first_name == value.strip()
    assert f'<th scope="row">{escape(value.strip())}</th>' in content


# --- Links that cannot be used -------------------------------------------------------


@pytest.mark.parametrize("token", ["garbage", "1:abc:def:ghi", "%3Cscript%3E", "a" * 3000])
def test_invitation_accept_tampered_link_is_not_found_with_message(client, token):
    response = client.get(reverse("reviews:invitation-accept", args=[token]))

    assert response.status_code == 404
    assert "This invitation link is not valid." in response.content.decode()


def test_invitation_accept_expired_link_says_so(client, invite, monkeypatch, settings):
    settings.INVITATION_MAX_AGE_DAYS = 14
    _, url = invite()
    real = time.time
    monkeypatch.setattr(signing, "time", types.SimpleNamespace(time=lambda: real() + 15 * 24 * 3600))

    response = client.post(url, _signup())

    assert response.status_code == 410
    assert (
        "This invitation link has expired. Ask the review&#x27;s coordinator to send it again."
        in response.content.decode()
    )
    assert User.objects.filter(username="new.person@example.org").exists() is False


def test_invitation_accept_withdrawn_link_says_so(client, coordinator, invite):
    invitation, url = invite()
    invitation_revoke(actor=coordinator, invitation=invitation)

    response = client.get(url)

    assert response.status_code == 410
    assert "This invitation has been withdrawn by the review&#x27;s coordinator." in response.content.decode()


# --- An address that already has an account ------------------------------------------


def test_invitation_accept_existing_account_must_log_in_first(client, editor, invite):
    _, url = invite(email=editor.email, roles=["reviewer"])

    response = client.get(url)

    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next={url.replace(':', '%3A')}")


def test_invitation_accept_login_next_comes_back_to_the_link(client, editor, invite):
    _, url = invite(email=editor.email, roles=["reviewer"])
    login_url = client.get(url).url

    response = client.post(login_url, {"username": "editor", "password": "correct-horse-battery", "next": url})

    assert (response.status_code, response.url) == (302, url)


def test_invitation_accept_existing_member_sees_one_button_and_gains_roles(client, review, editor, invite):
    _, url = invite(email=editor.email, roles=["reviewer"])
    client.force_login(editor)

    page = client.get(url)
    response = client.post(url)

    assert (page.status_code, page.templates[0].name) == (200, "reviews/workspace/invitation_accept.html")
    assert "Accept the invitation" in page.content.decode()
    assert (response.status_code, response.url) == (302, reverse("reviews:members", args=[review.pk]))
    assert _roles(editor, review) == {"editor", "reviewer"}


def test_invitation_accept_existing_user_without_roles_joins(client, review, outsider, invite):
    _, url = invite(email="OUTSIDER@example.org", roles=["council_member"])
    client.force_login(outsider)

    client.post(url)

    assert _roles(outsider, review) == {"council_member"}


def test_invitation_accept_refuses_another_logged_in_account(client, review, editor, outsider, invite):
    _, url = invite(email=editor.email, roles=["coordinator"])
    client.force_login(outsider)

    page = client.get(url)
    response = client.post(url)

    assert (page.status_code, response.status_code) == (403, 403)
    assert "This invitation was sent to editor@example.org, and you are logged in as outsider." in page.content.decode()
    assert (_roles(outsider, review), Invitation.objects.get().accepted_at) == (set(), None)


def test_invitation_accept_new_address_while_logged_in_as_someone_else(client, review, outsider, invite):
    _, url = invite(email="someone.new@example.org")
    client.force_login(outsider)

    response = client.post(url, _signup())

    assert response.status_code == 403
    assert User.objects.filter(username="someone.new@example.org").exists() is False


def test_invitation_accept_existing_member_double_submit_says_already_accepted(client, review, editor, invite):
    _, url = invite(email=editor.email, roles=["reviewer"])
    client.force_login(editor)
    client.post(url)

    response = client.post(url)

    assert response.status_code == 410
    assert list(
        Membership.objects.filter(user=editor, review=review, role="reviewer").values_list("role", flat=True)
    ) == ["reviewer"]
