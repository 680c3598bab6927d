"""Public accounts: sign-up, e-mail verification, invitations and the code of conduct."""

import re
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from reviews.models import AuditEntry
from stakeholders.models import ConductAcceptance, ContributorProfile, RoundInvitation
from stakeholders.portal import selectors
from stakeholders.portal.services import accounts as services
from stakeholders.tests.factories import RoundInvitationFactory
from stakeholders.tests.helpers import HOSTILE

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

SIGNUP = "/portal/account/signup/"
GOOD = {
    "display_name": "Amina",
    "email": "Amina@Example.org",
    "password1": "a-long-Passphrase-42",
    "password2": "a-long-Passphrase-42",
}


def _link(message) -> str:
    return re.search(r"https?://\S+/portal/account/verify/\S+/", message.body).group(0)


def test_signup_url_name():
    assert reverse("stakeholders:portal-signup") == SIGNUP


def test_signup_creates_an_unverified_account_and_emails_a_link(client, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://vnr.example.gov"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP, GOOD)
    assert response.status_code == 302
    assert response.url == reverse("stakeholders:portal-verify-sent")
    user = get_user_model().objects.get(email="amina@example.org")
    assert user.contributor.display_name == "Amina"
    assert user.contributor.email_verified_at is None
    assert [m.to for m in mail.outbox] == [["amina@example.org"]]
    # On the site's public address (SITE_URL).
    assert "https://vnr.example.gov/portal/account/verify/" in mail.outbox[0].body


def test_signup_form_page_renders(client):
    response = client.get(SIGNUP)
    assert response.status_code == 200
    assert 'name="website"' in response.content.decode()


def test_signup_honeypot_saves_nothing_and_says_nothing(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP, {**GOOD, "website": "http://spam.example"})
    assert response.status_code == 302
    assert response.url == reverse("stakeholders:portal-verify-sent")
    assert not get_user_model().objects.filter(email="amina@example.org").exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    "change, field",
    [
        ({"password2": "something-else-42"}, "password2"),
        ({"password1": "12345678", "password2": "12345678"}, "password1"),
        ({"password1": "short", "password2": "short"}, "password1"),
        ({"email": "not-an-address"}, "email"),
        ({"display_name": "   "}, "display_name"),
    ],
    ids=["mismatch", "numeric", "short", "bad-email", "blank-name"],
)
def test_signup_bad_input_shows_the_message_at_the_field(client, change, field):
    response = client.post(SIGNUP, {**GOOD, **change})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not get_user_model().objects.filter(email="amina@example.org").exists()


def _signup_answer(client, data):
    """What a sign-up answers: status, where it leads, the page there and its messages,
    and whether the browser is now signed in."""
    response = client.post(SIGNUP, data)
    page = client.get(response.url) if response.status_code == 302 else response
    return {
        "status": response.status_code,
        "location": response.get("Location"),
        "cookies": sorted(response.cookies),
        "templates": [t.name for t in page.templates],
        "messages": [str(m) for m in page.context["messages"]],
        "text": page.content.decode().replace(str(page.context.get("csrf_token", "")), ""),
        "signed_in": "_auth_user_id" in client.session,
    }


def test_signup_answers_the_same_whether_or_not_the_address_has_an_account(
    client, contributor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        new = _signup_answer(client, GOOD)
    client.logout()
    client.cookies.clear()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        taken = _signup_answer(client, {**GOOD, "display_name": "Someone", "email": "CITIZEN@example.org"})

    assert taken == new
    assert new["status"] == 302
    assert new["location"] == reverse("stakeholders:portal-verify-sent")
    assert "stakeholders/portal/verify_sent.html" in new["templates"]
    assert new["signed_in"] is False
    assert get_user_model().objects.filter(email__iexact="citizen@example.org").count() == 1
    (note,) = mail.outbox
    assert note.to == ["citizen@example.org"]
    assert note.subject == "Someone tried to create an account with your address"
    assert "/accounts/password_reset/" in note.body
    assert "/accounts/login/" in note.body


def test_signup_attempt_note_is_written_in_the_owners_language(client, contributor, django_capture_on_commit_callbacks):
    from django.template.loader import render_to_string
    from django.utils import translation

    from vnr_portal.accounts.services import profile_set_language

    profile_set_language(user=contributor, language="zh-hans")
    languages = []

    def rendering(*args, **kwargs):
        languages.append(translation.get_language())
        return render_to_string(*args, **kwargs)

    with (
        mock.patch.object(services, "render_to_string", side_effect=rendering),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(SIGNUP, {**GOOD, "email": "citizen@example.org"})
    assert languages == ["zh-hans", "zh-hans"]
    assert len(mail.outbox) == 1


def test_signup_with_a_taken_address_sends_no_verification_link(
    client, contributor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP, {**GOOD, "email": "citizen@example.org"})
    assert "/portal/account/verify/" not in mail.outbox[0].body
    contributor.refresh_from_db()
    assert contributor.check_password("a-long-Passphrase-42") is False


def test_signup_is_throttled_per_client_with_a_readable_429(client, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "signup_client": "2/h"}
    for n in range(2):
        assert client.post(SIGNUP, {**GOOD, "email": f"person{n}@example.org"}).status_code == 302
    response = client.post(SIGNUP, {**GOOD, "email": "person3@example.org"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.context["form"].non_field_errors()[0].startswith("Too many attempts in a short time")
    assert not get_user_model().objects.filter(email="person3@example.org").exists()


def test_signup_is_throttled_per_address_from_any_client(client, settings, contributor):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "signup_email": "2/h"}
    for n in range(2):
        address = f"10.0.0.{n}"
        assert client.post(SIGNUP, {**GOOD, "email": "citizen@example.org"}, REMOTE_ADDR=address).status_code == 302
    assert client.post(SIGNUP, {**GOOD, "email": "Citizen@example.org"}, REMOTE_ADDR="10.0.0.9").status_code == 429


def test_signup_invalid_forms_do_not_count_towards_the_throttle(client, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "signup_client": "1/h"}
    for _ in range(3):
        assert client.post(SIGNUP, {**GOOD, "password2": "different-42"}).status_code == 400
    assert client.post(SIGNUP, GOOD).status_code == 302


def test_signup_hostile_name_is_stored_and_shown_inert(client):
    client.post(SIGNUP, {**GOOD, "display_name": "<script>alert(1)</script>"})
    client.force_login(get_user_model().objects.get(email="amina@example.org"))
    page = client.get(reverse("stakeholders:portal-index")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


HOSTILE_TEXTS = [v for v in HOSTILE["text_edges"] if not v.startswith("LONG")] + HOSTILE["xss_html"][:4] + ["x" * 5000]


@pytest.mark.parametrize("value", HOSTILE_TEXTS, ids=range(len(HOSTILE_TEXTS)))
@pytest.mark.parametrize("field", ["display_name", "email"])
def test_signup_hostile_input_never_a_500(client, contributor, field, value):
    response = client.post(SIGNUP, {**GOOD, field: value})
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert field in response.context["form"].errors


@pytest.mark.parametrize(
    "email", ["citizen@example.org\r\nBcc: victim@example.org", "citizen@example.org%0aBcc:x@example.org"]
)
def test_signup_header_injection_in_the_address_is_refused_at_the_field(client, contributor, email):
    response = client.post(SIGNUP, {**GOOD, "email": email})
    assert response.status_code == 400
    assert "email" in response.context["form"].errors
    assert mail.outbox == []


def test_verify_link_marks_the_address_verified(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP, GOOD)
    response = client.get(_link(mail.outbox[0]))
    assert response.status_code == 302
    assert ContributorProfile.objects.get(user__email="amina@example.org").is_verified


def test_verify_link_expires_after_three_days(client, contributor):
    ContributorProfile.objects.filter(user=contributor).update(email_verified_at=None)
    token = selectors.verification_token(contributor)
    later = timezone.now().timestamp() + 3 * 24 * 3600 + 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.get(reverse("stakeholders:portal-verify", args=[token]))
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert not ContributorProfile.objects.get(user=contributor).is_verified


@pytest.mark.parametrize("token", ["nonsense", "eyJ1IjoxfQ:1abc:bad", "x" * 300], ids=["garbage", "forged", "long"])
def test_verify_bad_link_is_a_clear_page(client, token):
    response = client.get(reverse("stakeholders:portal-verify", args=[token]))
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_verify_link_for_an_old_address_no_longer_works(client, contributor):
    token = selectors.verification_token(contributor)
    contributor.email = "changed@example.org"
    contributor.save()
    assert client.get(reverse("stakeholders:portal-verify", args=[token])).status_code == 400


def test_verify_link_made_by_another_signer_is_refused(client, contributor):
    token = signing.TimestampSigner(salt="other").sign_object({"u": contributor.pk, "e": contributor.email})
    assert client.get(reverse("stakeholders:portal-verify", args=[token])).status_code == 400


def test_resend_sends_a_new_link(client, django_capture_on_commit_callbacks):
    client.post(SIGNUP, GOOD)
    client.force_login(get_user_model().objects.get(email="amina@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("stakeholders:portal-verify-resend"))
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["amina@example.org"]


def test_resend_needs_login(client):
    response = client.post(reverse("stakeholders:portal-verify-resend"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- invitations -------------------------------------------------------------------


@pytest.fixture
def invitation(invited_round):
    return RoundInvitationFactory(round=invited_round, email="guest@example.org")


def _invite_url(invitation):
    return reverse("stakeholders:portal-invitation", args=[invitation.token])


def test_invitation_logged_in_accepts_and_verifies(client, invitation, outsider):
    outsider.email = "guest@example.org"
    outsider.save()
    client.force_login(outsider)
    assert client.get(_invite_url(invitation)).status_code == 200
    response = client.post(_invite_url(invitation))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.accepted_by == outsider
    assert ContributorProfile.objects.get(user=outsider).is_verified
    assert AuditEntry.objects.filter(action="stakeholders.invitation_accepted").count() == 1
    assert client.get(response.url).status_code == 200  # now in the round's audience


def test_invitation_not_logged_in_shows_signup_prefilled_and_verifies_at_once(client, invitation):
    page = client.get(_invite_url(invitation))
    assert page.status_code == 200
    assert "guest@example.org" in page.content.decode()
    response = client.post(_invite_url(invitation), {k: v for k, v in GOOD.items() if k != "email"})
    assert response.status_code == 302
    user = get_user_model().objects.get(email="guest@example.org")
    assert user.contributor.is_verified
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert mail.outbox == []


def test_invitation_signup_ignores_a_posted_email(client, invitation):
    client.post(_invite_url(invitation), {**GOOD, "email": "someone.else@example.org"})
    assert not get_user_model().objects.filter(email="someone.else@example.org").exists()
    assert get_user_model().objects.filter(email="guest@example.org").exists()


def test_invitation_unknown_token_is_a_clear_page(client, db):
    response = client.get(reverse("stakeholders:portal-invitation", args=["revoked-or-unknown"]))
    assert response.status_code == 404
    assert "This invitation cannot be used" in response.content.decode()


def test_invitation_revoked_is_a_clear_page(client, invitation):
    url = _invite_url(invitation)
    invitation.delete()
    assert client.get(url).status_code == 404


def test_invitation_accepted_by_another_account_is_refused(client, invitation, contributor, other_contributor):
    services.invitation_accept(user=other_contributor, invitation=invitation)
    client.force_login(contributor)
    assert client.get(_invite_url(invitation)).status_code == 410
    assert client.post(_invite_url(invitation)).status_code == 410
    invitation.refresh_from_db()
    assert invitation.accepted_by == other_contributor


def test_invitation_with_other_address_accepts_without_verifying(client, invitation, outsider):
    client.force_login(outsider)
    client.post(_invite_url(invitation))
    invitation.refresh_from_db()
    assert invitation.accepted_by == outsider
    assert not ContributorProfile.objects.filter(user=outsider, email_verified_at__isnull=False).exists()


# --- code of conduct ----------------------------------------------------------------


def test_conduct_page_shows_the_code_and_accepting_records_it(client, portal, contributor):
    url = reverse("stakeholders:portal-conduct", args=[portal.review_id])
    client.force_login(contributor)
    page = client.get(url)
    assert "Be respectful." in page.content.decode()
    response = client.post(url, {"next": "/portal/"})
    assert response.status_code == 302
    assert response.url == "/portal/"
    assert ConductAcceptance.objects.filter(review=portal.review, user=contributor).count() == 1
    client.post(url)
    assert ConductAcceptance.objects.filter(review=portal.review, user=contributor).count() == 1


def test_conduct_unverified_account_cannot_accept(client, portal, contributor):
    ContributorProfile.objects.filter(user=contributor).update(email_verified_at=None)
    url = reverse("stakeholders:portal-conduct", args=[portal.review_id])
    client.force_login(contributor)

    page = client.get(url).content.decode()
    response = client.post(url, {"next": "/portal/"})

    assert "I accept the code of conduct" not in page
    assert "Confirm your e-mail address first" in page
    assert response.status_code == 403
    assert "Confirm your e-mail address first" in response.content.decode()
    assert not ConductAcceptance.objects.filter(user=contributor).exists()
    assert not AuditEntry.objects.filter(action="stakeholders.conduct_accepted").exists()


def test_conduct_account_without_contributor_profile_cannot_accept(client, portal, outsider):
    client.force_login(outsider)
    response = client.post(reverse("stakeholders:portal-conduct", args=[portal.review_id]))
    assert response.status_code == 403
    assert not ConductAcceptance.objects.filter(user=outsider).exists()


def test_conduct_accepted_is_audited_under_the_display_name_not_the_address(client, portal, contributor):
    ContributorProfile.objects.filter(user=contributor).update(display_name="Amina K.")
    client.force_login(contributor)
    client.post(reverse("stakeholders:portal-conduct", args=[portal.review_id]))

    entry = AuditEntry.objects.get(action="stakeholders.conduct_accepted")
    assert entry.summary == "Code of conduct accepted by Amina K."
    assert entry.data == {"user": contributor.pk, "name": "Amina K."}
    assert "citizen@example.org" not in f"{entry.summary} {entry.data}"


def test_conduct_refuses_an_outside_next(client, portal, contributor):
    client.force_login(contributor)
    response = client.post(
        reverse("stakeholders:portal-conduct", args=[portal.review_id]), {"next": "https://evil.example/"}
    )
    assert response.url == reverse("stakeholders:portal-home", args=[portal.review_id])


def test_conduct_needs_login(client, portal):
    response = client.get(reverse("stakeholders:portal-conduct", args=[portal.review_id]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_invitation_signup_honeypot_saves_nothing(client, invitation):
    response = client.post(_invite_url(invitation), {**GOOD, "website": "bot"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(email="guest@example.org").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by is None


def test_verify_sent_page_offers_a_new_link_to_the_signed_in(client, django_capture_on_commit_callbacks):
    client.post(SIGNUP, GOOD)
    client.force_login(get_user_model().objects.get(email="amina@example.org"))
    page = client.get(reverse("stakeholders:portal-verify-sent")).content.decode()
    assert reverse("stakeholders:portal-verify-resend") in page


def test_signup_when_signed_in_goes_to_my_contributions(client, contributor):
    client.force_login(contributor)
    response = client.get(SIGNUP)
    assert response.status_code == 302
    assert response.url == reverse("stakeholders:portal-mine")


def test_invitation_signup_leaves_no_account_when_accepting_fails(client, invitation, other_contributor):
    """Creating the account and accepting the invitation are one step: when the invitation
    was taken meanwhile by another account, the new account is not kept either."""

    accept = services.invitation_accept

    def taken_meanwhile(*, user, invitation):
        accept(user=other_contributor, invitation=invitation)  # another account was quicker
        return accept(user=user, invitation=invitation)

    with mock.patch.object(services, "invitation_accept", side_effect=taken_meanwhile):
        response = client.post(_invite_url(invitation), {k: v for k, v in GOOD.items() if k != "email"})
    assert response.status_code == 400
    assert "already been accepted with another account" in response.content.decode()
    assert not get_user_model().objects.filter(email="guest@example.org").exists()
    assert not ContributorProfile.objects.filter(user__email="guest@example.org").exists()


def test_signup_for_invitation_taken_meanwhile_creates_no_account(invitation, other_contributor):
    stale = RoundInvitation.objects.get(pk=invitation.pk)
    services.invitation_accept(user=other_contributor, invitation=invitation)
    with pytest.raises(services.InvitationUnusable):
        services.contributor_signup_for_invitation(display_name="Guest", password=GOOD["password1"], invitation=stale)
    assert not get_user_model().objects.filter(email="guest@example.org").exists()
    stale.refresh_from_db()
    assert stale.accepted_by == other_contributor


@pytest.mark.django_db
@pytest.mark.parametrize("taken", [False, True], ids=["new-address", "taken-address"])
def test_signup_hashes_the_password_before_its_transaction(monkeypatch, taken):
    """Hashing takes most of a second; inside the transaction it would hold SQLite's write
    lock that long, and a burst of sign-ups would wait past the busy timeout (a 500)."""
    from django.db import connection

    if taken:
        get_user_model().objects.create_user(username="ana@example.org", email="ana@example.org")
    depth_outside = len(connection.atomic_blocks)
    depths = []
    real_make_password = services.make_password
    monkeypatch.setattr(
        services,
        "make_password",
        lambda password: depths.append(len(connection.atomic_blocks)) or real_make_password(password),
    )
    services.contributor_signup_public(display_name="Ana", email="ana@example.org", password="a long enough passphrase")
    assert depths == [depth_outside]
    assert get_user_model().objects.get(email="ana@example.org").check_password("a long enough passphrase") is not taken


@pytest.mark.django_db
def test_invited_signup_hashes_the_password_before_its_transaction(monkeypatch):
    from django.db import connection

    invitation = RoundInvitationFactory()
    depth_outside = len(connection.atomic_blocks)
    depths = []
    real_make_password = services.make_password
    monkeypatch.setattr(
        services,
        "make_password",
        lambda password: depths.append(len(connection.atomic_blocks)) or real_make_password(password),
    )
    user = services.contributor_signup_for_invitation(
        display_name="Ana", password="a long enough passphrase", invitation=invitation
    )
    assert depths == [depth_outside]
    assert user.check_password("a long enough passphrase")
