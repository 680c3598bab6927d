import pytest
from django.core import mail

from reviews.core.notifications import notification_mark_read, notification_send_email, notify
from reviews.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def test_notify_creates_one_per_person_and_emails_after_commit(
    coordinator, editor, review, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = notify(users=[editor, editor, coordinator], review=review, kind="other", message="Hello", url="/x/")
    assert sorted(n.user.username for n in created) == ["coordinator", "editor"]
    assert sorted(m.to[0] for m in mail.outbox) == ["coordinator@example.org", "editor@example.org"]
    assert "http://localhost:8000/x/" in mail.outbox[0].body


def test_notify_with_a_key_never_sends_twice(editor, review, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[editor], review=review, kind="deadline", message="Due soon", key="deadline:1")
        notify(users=[editor], review=review, kind="deadline", message="Due soon", key="deadline:1")
    assert Notification.objects.filter(user=editor).count() == 1
    assert len(mail.outbox) == 1


def test_notification_email_task_runs_twice_sends_once(editor, review, django_capture_on_commit_callbacks):
    from reviews.tasks import task_send_notification_email

    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = notify(users=[editor], review=review, kind="other", message="Hi")
    task_send_notification_email.apply(kwargs={"notification_id": notification.pk})
    assert len(mail.outbox) == 1


def test_mark_read_only_touches_own_notifications(editor, coordinator, review):
    mine = notify(users=[editor], review=review, kind="other", message="Mine")[0]
    theirs = notify(users=[coordinator], review=review, kind="other", message="Theirs")[0]
    assert notification_mark_read(user=editor, notification_ids=[mine.pk, theirs.pk]) == 1
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_notification_message_with_line_breaks_is_stored_and_mailed_on_one_line(
    editor, review, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = notify(users=[editor], review=review, kind="other", message="Hi\r\nBcc: x@y\u2028z")
    notification.refresh_from_db()
    assert (notification.message, [m.subject for m in mail.outbox]) == ("Hi Bcc: x@y z", ["Hi Bcc: x@y z"])


def test_notification_email_subject_is_one_line_even_when_the_row_is_not(editor, review):
    """The second guard: a message written past the model's cleaning still makes a one-line subject."""
    (notification,) = notify(users=[editor], review=review, kind="other", message="x")
    Notification.objects.filter(pk=notification.pk).update(message="Line one\r\nBcc: x@y\n")
    notification.refresh_from_db()
    assert notification_send_email(notification=notification) is True
    assert [m.subject for m in mail.outbox] == ["Line one Bcc: x@y"]
