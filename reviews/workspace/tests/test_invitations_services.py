import datetime
import hashlib
import re
import smtplib
import subprocess
import time
import types

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from reviews.models import AuditEntry, Invitation, Membership
from reviews.tasks import task_send_invitation_email
from reviews.tests.factories import MinistryFactory
from reviews.workspace.invitation_links import InvitationLinkError
from reviews.workspace.selectors.invitations import invitation_get_from_token
from reviews.workspace.services.invitations import (
    invitation_accept,
    invitation_accept_new_user,
    invitation_create,
    invitation_link_renew,
    invitation_resend,
    invitation_revoke,
    invitation_send_email,
)

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

User = get_user_model()
DAY = 24 * 60 * 60


@pytest.fixture
def invite(review, coordinator):
    """Create an invitation through the service (the e-mail task is not run)."""

    def make(email="new.person@example.org", roles=("editor",), ministry=None, language="en"):
        return invitation_create(
            actor=coordinator, review=review, email=email, roles=list(roles), ministry=ministry, language=language
        )

    return make


def _clock(monkeypatch, seconds_from_now: float) -> None:
    """Move the clock that signed links read by `seconds_from_now`."""
    real = time.time
    monkeypatch.setattr(signing, "time", types.SimpleNamespace(time=lambda: real() + seconds_from_now))


def _roles(user, review) -> set[str]:
    return set(Membership.objects.filter(user=user, review=review).values_list("role", flat=True))


# --- Creating ----------------------------------------------------------------------


def test_invitation_create_stores_lowercased_email_roles_and_inviter(review, coordinator, ministry_a, invite):
    invitation = invite(email="  New.Person@Example.ORG ", roles=["focal_point", "editor"], ministry=ministry_a)

    stored = Invitation.objects.get()
    assert (stored.pk, stored.email, stored.roles, stored.ministry, stored.invited_by, stored.sent_at) == (
        invitation.pk,
        "new.person@example.org",
        ["focal_point", "editor"],
        ministry_a,
        coordinator,
        None,
    )


def test_invitation_create_records_audit_entry(review, coordinator, invite):
    invitation = invite(roles=["editor", "reviewer"])

    entry = AuditEntry.objects.get(action="invitation.create")
    assert (entry.review, entry.actor, entry.summary, entry.data) == (
        review,
        coordinator,
        "new.person@example.org invited as Editor, Reviewer",
        {"invitation": invitation.pk, "roles": ["editor", "reviewer"], "ministry": None},
    )


def test_invitation_create_queues_email_task_on_commit(invite, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        invite()

    assert len(callbacks) == 1


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", "Enter a valid e-mail address, such as name@example.org."),
        ({"email": "<script>alert(1)</script>@x"}, "email", "Enter a valid e-mail address, such as name@example.org."),
        ({"roles": []}, "roles", "Choose at least one role."),
        ({"roles": ["king"]}, "roles", "Unknown role: king."),
        ({"roles": ["focal_point"]}, "ministry", "Choose the ministry that this focal point will report for."),
        (
            {"roles": ["editor"], "ministry": "own"},
            "ministry",
            "Choose a ministry only when inviting a ministry focal point.",
        ),
        ({"roles": ["focal_point"], "ministry": "other"}, "ministry", "This ministry belongs to another review."),
        ({"language": "xx"}, "language", "Choose one of the portal's languages."),
    ],
    ids=[
        "bad-email",
        "hostile-email",
        "no-roles",
        "unknown-role",
        "focal-point-without-ministry",
        "ministry-without-focal-point",
        "ministry-of-another-review",
        "unknown-language",
    ],
)
def test_invitation_create_rejects_bad_input(review, other_review, ministry_a, invite, kwargs, field, message):
    kwargs = dict(kwargs)
    if kwargs.get("ministry") == "own":
        kwargs["ministry"] = ministry_a
    elif kwargs.get("ministry") == "other":
        kwargs["ministry"] = MinistryFactory(review=other_review)

    with pytest.raises(ValidationError) as error:
        invite(**kwargs)

    assert error.value.message_dict == {field: [message]}
    assert Invitation.objects.count() == 0


def test_invitation_create_rejects_second_pending_invitation_for_same_address(invite):
    invite(email="someone@example.org")

    with pytest.raises(ValidationError) as error:
        invite(email="SOMEONE@example.org", roles=["reviewer"])

    assert error.value.message_dict == {
        "email": ["someone@example.org already has a pending invitation to this review: resend or withdraw it instead."]
    }


def test_invitation_create_allows_address_of_existing_member(editor, invite):
    invitation = invite(email=editor.email, roles=["reviewer"])

    assert Invitation.objects.get().pk == invitation.pk


# --- The link ----------------------------------------------------------------------


def test_invitation_from_token_returns_the_invitation(invite):
    invitation = invite()

    assert invitation_get_from_token(invitation_link_renew(invitation=invitation)).pk == invitation.pk


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "1" + token,
        lambda token: "garbage",
        lambda token: "",
        lambda token: signing.TimestampSigner(salt="another.salt").sign(token.rsplit(":", 2)[0]),
        lambda token: signing.TimestampSigner(salt="reviews.invitation").sign("not-a-number:nonce"),
    ],
    ids=["changed-signature", "changed-id", "garbage", "empty", "other-salt", "signed-nonsense"],
)
def test_invitation_from_token_rejects_tampered_link(invite, tamper):
    token = tamper(invitation_link_renew(invitation=invite()))

    with pytest.raises(InvitationLinkError) as error:
        invitation_get_from_token(token)

    assert (error.value.code, str(error.value.message)) == (
        "tampered",
        "This invitation link is not valid. Check that you opened the whole link from the e-mail, "
        "or ask the review's coordinator to send the invitation again.",
    )


def test_invitation_from_token_rejects_expired_link(invite, monkeypatch, settings):
    settings.INVITATION_MAX_AGE_DAYS = 14
    token = invitation_link_renew(invitation=invite())
    _clock(monkeypatch, 14 * DAY + 60)

    with pytest.raises(InvitationLinkError) as error:
        invitation_get_from_token(token)

    assert (error.value.code, str(error.value.message)) == (
        "expired",
        "This invitation link has expired. Ask the review's coordinator to send it again.",
    )


def test_invitation_from_token_accepts_link_on_its_last_day(invite, monkeypatch, settings):
    settings.INVITATION_MAX_AGE_DAYS = 14
    invitation = invite()
    token = invitation_link_renew(invitation=invitation)
    _clock(monkeypatch, 14 * DAY - 60)

    assert invitation_get_from_token(token).pk == invitation.pk


def test_invitation_from_token_rejects_revoked_link(coordinator, invite):
    invitation = invite()
    token = invitation_link_renew(invitation=invitation)
    invitation_revoke(actor=coordinator, invitation=invitation)

    with pytest.raises(InvitationLinkError) as error:
        invitation_get_from_token(token)

    assert (error.value.code, str(error.value.message)) == (
        "revoked",
        "This invitation has been withdrawn by the review's coordinator.",
    )


def test_invitation_from_token_rejects_used_link(invite):
    invitation = invite()
    token = invitation_link_renew(invitation=invitation)
    invitation_accept_new_user(
        invitation=invitation, first_name="Ana", last_name="Lima", password="a-long-passphrase-42"
    )

    with pytest.raises(InvitationLinkError) as error:
        invitation_get_from_token(token)

    assert (error.value.code, str(error.value.message)) == (
        "used",
        "This invitation has already been accepted. Log in to open the review.",
    )


def test_invitation_from_token_says_used_rather_than_expired(invite, monkeypatch):
    invitation = invite()
    token = invitation_link_renew(invitation=invitation)
    invitation_accept_new_user(invitation=invitation, first_name="Ana", last_name="", password="a-long-passphrase-42")
    _clock(monkeypatch, 100 * DAY)

    with pytest.raises(InvitationLinkError) as error:
        invitation_get_from_token(token)

    assert error.value.code == "used"


def test_invitation_from_token_rejects_link_replaced_by_resend(coordinator, invite):
    invitation = invite()
    old_token = invitation_link_renew(invitation=invitation)
    invitation_resend(actor=coordinator, invitation=invitation)

    with pytest.raises(InvitationLinkError) as error:
        invitation_get_from_token(old_token)

    assert error.value.code == "replaced"
    assert invitation_get_from_token(invitation_link_renew(invitation=Invitation.objects.get())).pk == invitation.pk


def test_invitation_from_token_rejects_link_of_deleted_invitation(invite):
    invitation = invite()
    token = invitation_link_renew(invitation=invitation)
    Invitation.objects.filter(pk=invitation.pk).delete()

    with pytest.raises(InvitationLinkError) as error:
        invitation_get_from_token(token)

    assert error.value.code == "missing"


# --- Accepting -------------------------------------------------------------------------


def test_invitation_accept_new_user_creates_account_with_roles(review, ministry_a, invite):
    invitation = invite(email="New.Person@example.org", roles=["focal_point", "editor"], ministry=ministry_a)

    user = invitation_accept_new_user(
        invitation=invitation, first_name="Ana", last_name="Lima", password="a-long-passphrase-42"
    )

    user.refresh_from_db()
    assert (user.username, user.email, user.get_full_name(), user.check_password("a-long-passphrase-42")) == (
        "new.person@example.org",
        "new.person@example.org",
        "Ana Lima",
        True,
    )
    assert set(Membership.objects.filter(user=user).values_list("review_id", "role", "ministry_id")) == {
        (review.pk, "focal_point", ministry_a.pk),
        (review.pk, "editor", None),
    }
    invitation.refresh_from_db()
    assert (invitation.accepted_by, invitation.accepted_at is not None) == (user, True)


def test_invitation_accept_records_grants_and_acceptance_in_audit_log(invite):
    invitation = invite(roles=["editor", "reviewer"])

    invitation_accept_new_user(invitation=invitation, first_name="Ana", last_name="", password="a-long-passphrase-42")

    assert list(AuditEntry.objects.order_by("pk").values_list("action", "summary")) == [
        ("invitation.create", "new.person@example.org invited as Editor, Reviewer"),
        ("membership.grant", "new.person@example.org: Editor"),
        ("membership.grant", "new.person@example.org: Reviewer"),
        ("invitation.accept", "new.person@example.org accepted the invitation as Editor, Reviewer"),
    ]


@pytest.mark.parametrize(
    ("password", "messages"),
    [
        ("short", ["This password is too short. It must contain at least 12 characters."]),
        (
            "12345678901",
            [
                "This password is too short. It must contain at least 12 characters.",
                "This password is too common.",
                "This password is entirely numeric.",
            ],
        ),
        ("eleven-char", ["This password is too short. It must contain at least 12 characters."]),
        ("new.person@example.org", ["The password is too similar to the username."]),
    ],
    ids=["too-short", "common-and-numeric", "eleven-characters", "like-the-address"],
)
def test_invitation_accept_new_user_rejects_weak_password(invite, password, messages):
    invitation = invite()

    with pytest.raises(ValidationError) as error:
        invitation_accept_new_user(invitation=invitation, first_name="Ana", last_name="", password=password)

    assert error.value.message_dict == {"password": messages}
    assert (User.objects.filter(username="new.person@example.org").exists(), Invitation.objects.get().accepted_at) == (
        False,
        None,
    )


def test_invitation_accept_new_user_refuses_when_account_exists(editor, invite):
    invitation = invite(email=editor.email, roles=["reviewer"])

    with pytest.raises(InvitationLinkError) as error:
        invitation_accept_new_user(invitation=invitation, first_name="X", last_name="", password="a-long-passphrase-42")

    assert error.value.code == "account_exists"


def test_invitation_accept_existing_member_adds_roles(review, editor, invite):
    invitation = invite(email=editor.email.upper(), roles=["reviewer", "editor"])

    invitation_accept(invitation=invitation, user=editor)

    assert _roles(editor, review) == {"editor", "reviewer"}


def test_invitation_accept_twice_raises_used_and_grants_once(review, outsider, invite):
    invitation = invite(email=outsider.email)
    stale_copy = Invitation.objects.get(pk=invitation.pk)
    invitation_accept(invitation=invitation, user=outsider)

    with pytest.raises(InvitationLinkError) as error:
        invitation_accept(invitation=stale_copy, user=outsider)

    assert error.value.code == "used"
    assert list(Membership.objects.filter(user=outsider).values_list("role", flat=True)) == ["editor"]


def test_invitation_accept_refuses_another_account(review, outsider, invite):
    invitation = invite(email="someone.else@example.org")

    with pytest.raises(InvitationLinkError) as error:
        invitation_accept(invitation=invitation, user=outsider)

    assert error.value.code == "wrong_user"
    assert _roles(outsider, review) == set()


# --- Withdrawing and sending again --------------------------------------------------


def test_invitation_revoke_sets_revoked_at_and_audits(coordinator, invite):
    invitation = invite()

    invitation_revoke(actor=coordinator, invitation=invitation)

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert AuditEntry.objects.filter(action="invitation.revoke").values_list("summary", flat=True).get() == (
        "Invitation of new.person@example.org withdrawn"
    )


def test_invitation_revoke_refuses_accepted_invitation(coordinator, outsider, invite):
    invitation = invite(email=outsider.email)
    invitation_accept(invitation=invitation, user=outsider)

    with pytest.raises(ValidationError) as error:
        invitation_revoke(actor=coordinator, invitation=invitation)

    assert error.value.messages == [
        "outsider@example.org has already accepted this invitation: remove their roles instead."
    ]


def test_invitation_resend_clears_sent_at_and_queues_email(coordinator, invite, django_capture_on_commit_callbacks):
    invitation = invite()
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())

    with django_capture_on_commit_callbacks() as callbacks:
        invitation_resend(actor=coordinator, invitation=invitation)

    assert (Invitation.objects.get().sent_at, len(callbacks)) == (None, 1)


def test_invitation_resend_refuses_withdrawn_invitation(coordinator, invite):
    invitation = invite()
    invitation_revoke(actor=coordinator, invitation=invitation)

    with pytest.raises(ValidationError) as error:
        invitation_resend(actor=coordinator, invitation=invitation)

    assert error.value.messages == ["Only a pending invitation can be sent again."]


# --- The e-mail --------------------------------------------------------------------


def test_invitation_send_email_sends_link_title_roles_inviter_and_expiry(
    review, coordinator, ministry_a, invite, settings
):
    settings.SITE_URL = "https://vnr.example.org"
    settings.INVITATION_MAX_AGE_DAYS = 14
    coordinator.first_name, coordinator.last_name = "Mele", "Tui"
    coordinator.save()
    invitation = invite(roles=["focal_point"], ministry=ministry_a)

    assert invitation_send_email(invitation=invitation) is True

    (message,) = mail.outbox
    invitation.refresh_from_db()
    expires = timezone.localtime(invitation.sent_at + datetime.timedelta(days=14))
    link = message.body.split("To accept, open this link:\n", 1)[1].split("\n", 1)[0]
    assert (message.subject, message.to) == (
        "Invitation to the review “Second VNR of Aurelia”",
        ["new.person@example.org"],
    )
    assert link.startswith("https://vnr.example.org/invitations/")
    assert (
        invitation_get_from_token(link.removeprefix("https://vnr.example.org/invitations/").rstrip("/")).pk
        == invitation.pk
    )
    assert (
        "Mele Tui invites you to take part in “Second VNR of Aurelia”, the Voluntary National Review of Aurelia"
        in message.body
    )
    assert "Your roles: Ministry focal point (Ministry of Health)" in message.body
    assert f"The link works once and until {date_format(expires, 'DATE_FORMAT')}." in message.body
    html, mimetype = message.alternatives[0]
    assert (mimetype, f'<a href="{link}">Accept the invitation</a>' in html) == ("text/html", True)


def test_invitation_send_email_escapes_hostile_title_in_html(review, invite):
    review.title = "<script>alert(1)</script>\r\nBcc: victim@example.org"
    review.save()
    invitation = invite()

    invitation_send_email(invitation=invitation)

    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert message.subject == "Invitation to the review “<script>alert(1)</script> Bcc: victim@example.org”"
    assert ("<script>" in html, "&lt;script&gt;alert(1)&lt;/script&gt;" in html) == (False, True)
    assert message.bcc == []


def test_invitation_send_email_twice_sends_one_message(invite):
    invitation = invite()

    results = [invitation_send_email(invitation=invitation), invitation_send_email(invitation=invitation)]

    assert (results, len(mail.outbox)) == ([True, False], 1)


@pytest.mark.parametrize("state", ["accepted", "revoked"])
def test_invitation_send_email_sends_nothing_for_closed_invitation(coordinator, outsider, invite, state):
    invitation = invite(email=outsider.email)
    if state == "accepted":
        invitation_accept(invitation=invitation, user=outsider)
    else:
        invitation_revoke(actor=coordinator, invitation=invitation)

    assert (invitation_send_email(invitation=invitation), mail.outbox) == (False, [])


# --- The task ----------------------------------------------------------------------


def test_task_send_invitation_email_runs_after_commit(
    invite, eager_tasks, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://vnr.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite()

    (message,) = mail.outbox
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    (token,) = re.findall(r"https://vnr.example.org/invitations/([^/\s]+)/", message.body)
    assert invitation_get_from_token(token).pk == invitation.pk


def test_invitation_stores_only_the_hash_of_its_links_secret(invite, eager_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite()

    invitation.refresh_from_db()
    (token,) = re.findall(r"/invitations/([^/\s]+)/", mail.outbox[0].body)
    secret = signing.TimestampSigner(salt="reviews.invitation").unsign(token).split(":", 1)[1]
    assert secret not in invitation.nonce
    assert invitation.nonce == hashlib.sha256(secret.encode()).hexdigest()


def test_task_send_invitation_email_twice_sends_one_message(invite, eager_tasks):
    invitation = invite()

    task_send_invitation_email.delay(invitation_id=invitation.pk)
    task_send_invitation_email.delay(invitation_id=invitation.pk)

    assert len(mail.outbox) == 1


def test_task_send_invitation_email_skips_missing_invitation(eager_tasks, caplog):
    task_send_invitation_email.delay(invitation_id=987654)

    assert (mail.outbox, [r.getMessage() for r in caplog.records if r.name == "reviews.tasks"]) == (
        [],
        ["Invitation 987654 no longer exists: nothing to send."],
    )


def test_task_send_invitation_email_retries_then_records_failure(invite, monkeypatch):
    invitation = invite()
    attempts = []

    def failing_send(self, fail_silently=False):
        attempts.append(1)
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", failing_send)

    task_send_invitation_email.apply(kwargs={"invitation_id": invitation.pk})

    invitation.refresh_from_db()
    assert (len(attempts), invitation.sent_at) == (task_send_invitation_email.max_retries + 1, None)
    assert AuditEntry.objects.filter(action="invitation.send_failed").values_list("summary", flat=True).get() == (
        "The invitation to new.person@example.org could not be sent: Connection unexpectedly closed"
    )


def test_task_send_invitation_email_retry_sends_after_transient_failure(invite, monkeypatch):
    invitation = invite()
    real_send = mail.EmailMultiAlternatives.send
    calls = []

    def flaky_send(self, fail_silently=False):
        calls.append(1)
        if len(calls) == 1:
            raise smtplib.SMTPServerDisconnected("try later")
        return real_send(self, fail_silently)

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", flaky_send)

    task_send_invitation_email.apply(kwargs={"invitation_id": invitation.pk})

    invitation.refresh_from_db()
    assert (len(calls), len(mail.outbox), invitation.sent_at is not None) == (2, 1, True)


ZH_HANS_PO = r"""
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: zh_Hans\n"

msgid "Invitation to the review “%(title)s”"
msgstr "邀请您参加“%(title)s”审查"

msgid "Hello,"
msgstr "您好："

msgid "Your roles:"
msgstr "您的角色："

msgid "To accept, open this link:"
msgstr "请打开以下链接接受邀请："

msgid "Coordinator"
msgstr "协调员"
"""


@pytest.fixture
def zh_hans_catalog(tmp_path, settings):
    """A Chinese catalog of the e-mail's strings, independent of the project's own."""
    folder = tmp_path / "zh_Hans" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(ZH_HANS_PO, encoding="utf-8")
    subprocess.run(["msgfmt", "-o", str(folder / "django.mo"), str(folder / "django.po")], check=True)
    settings.LOCALE_PATHS = [tmp_path]


def test_task_send_invitation_email_in_chinese(
    invite, zh_hans_catalog, eager_tasks, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://vnr.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(roles=["coordinator"], language="zh-hans")

    (message,) = mail.outbox
    invitation.refresh_from_db()
    expires = timezone.localtime(invitation.sent_at + datetime.timedelta(days=14))
    assert message.subject == "邀请您参加“Second VNR of Aurelia”审查"
    assert message.body.startswith("您好：\n")
    assert "您的角色： 协调员\n" in message.body
    assert "请打开以下链接接受邀请：\nhttps://vnr.example.org/invitations/" in message.body
    assert f"{expires.year}年{expires.month}月{expires.day}日" in message.body
    assert '<html lang="zh-hans" dir="ltr">' in message.alternatives[0][0]
