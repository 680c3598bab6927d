"""Notifications: in the app at once, by e-mail through a Celery task after commit."""

from collections.abc import Callable

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from reviews.core.models import Notification, Review
from vnr_portal.accounts.selectors import profiles_load
from vnr_portal.accounts.services import in_language_of
from vnr_portal.common.site import absolute_url
from vnr_portal.common.text import one_line


def notify(
    *, users, review: Review | None, kind: str, message: str | Callable[[], str], url: str = "", key: str = ""
) -> list[Notification]:
    """Tell each of `users` (a person once, however often listed) `message`.

    `message` is best a function returning the text (e.g. `lambda: _("…") % values`): it
    is called for each person in their own language and time zone (in_language_of). A
    plain string is taken as already translated for them. With a `key`, a person never
    gets the same notification twice (a re-run or retry changes nothing). Each new
    notification is e-mailed by `task_send_notification_email` after commit.
    """
    from reviews.core.tasks import task_send_notification_email

    created = []
    recipients = list({user.pk: user for user in users if user is not None and user.is_active}.values())
    if callable(message):
        profiles_load(recipients)
    for user in recipients:
        if callable(message):
            with in_language_of(user):
                text = str(message())
        else:
            text = message
        notification = Notification(user=user, review=review, kind=kind, message=text[:500], url=url, key=key)
        try:
            with transaction.atomic():
                notification.save()
        except IntegrityError:  # already notified under this key
            continue
        created.append(notification)
        transaction.on_commit(lambda pk=notification.pk: task_send_notification_email.delay(notification_id=pk))
    return created


def notification_send_email(*, notification: Notification) -> bool:
    """E-mail a notification once (claimed first, so a retry or second run sends nothing)."""
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at=None).update(emailed_at=timezone.now())
    if not claimed or not notification.user.email:
        return False
    link = absolute_url(notification.url) if notification.url.startswith("/") else notification.url
    with in_language_of(notification.user):
        body = render_to_string(
            "reviews/core/email/notification_body.txt", {"notification": notification, "link": link}
        )
        # A second guard after the model's own (vnr_portal.common.text): a header holds one line.
        subject = " ".join(one_line(notification.message).split())
        subject = subject if len(subject) < 120 else subject[:117] + "…"
    try:
        send_mail(subject, body, None, [notification.user.email])
    except Exception:
        Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
        raise
    return True


def notification_mark_read(*, user, notification_ids: list[int] | None = None) -> int:
    """Mark the user's notifications (all, or those listed) as read; returns how many."""
    unread = Notification.objects.filter(user=user, read_at=None)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())
