"""Celery tasks of reviews: thin wrappers that load rows by id and call one service."""

import logging
import smtplib

from celery import shared_task

from reviews.core.notifications import notification_send_email
from reviews.models import Invitation, Notification
from reviews.workspace.services.invitations import invitation_record_send_failure, invitation_send_email

logger = logging.getLogger(__name__)

# Errors worth trying again: the mail server is down, busy or unreachable for a while.
TRANSIENT_MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError)


@shared_task(name="reviews.send_invitation_email", bind=True, max_retries=5)
def task_send_invitation_email(self, *, invitation_id: int) -> None:
    """E-mail an invitation; retried with a growing delay while the mail server fails."""
    invitation = Invitation.objects.select_related("review").filter(pk=invitation_id).first()
    if invitation is None:
        logger.warning("Invitation %s no longer exists: nothing to send.", invitation_id)
        return
    try:
        sent = invitation_send_email(invitation=invitation)
    except TRANSIENT_MAIL_ERRORS as error:
        if self.request.retries >= self.max_retries:
            logger.error("Invitation %s could not be sent, giving up: %s", invitation_id, error)
            invitation_record_send_failure(invitation=invitation, error=str(error) or type(error).__name__)
            return
        logger.warning("Invitation %s could not be sent, will retry: %s", invitation_id, error)
        raise self.retry(exc=error, countdown=min(30 * 2**self.request.retries, 3600)) from error
    if sent:
        logger.info("Invitation %s e-mailed.", invitation_id)
    else:
        logger.info("Invitation %s already sent, accepted or withdrawn: nothing to send.", invitation_id)


@shared_task(name="reviews.send_notification_email", bind=True, max_retries=5)
def task_send_notification_email(self, *, notification_id: int) -> None:
    """E-mail one notification; retried with a growing delay while the mail server fails."""
    notification = Notification.objects.select_related("user", "review").filter(pk=notification_id).first()
    if notification is None:
        logger.warning("Notification %s no longer exists: nothing to send.", notification_id)
        return
    try:
        notification_send_email(notification=notification)
    except TRANSIENT_MAIL_ERRORS as error:
        if self.request.retries >= self.max_retries:
            logger.error("Notification %s could not be e-mailed, giving up: %s", notification_id, error)
            return
        raise self.retry(exc=error, countdown=min(30 * 2**self.request.retries, 3600)) from error


# Council vote
@shared_task(name="reviews.close_due_votes")
def task_close_due_votes() -> int:
    """Close the council votes past their deadline (run by Celery beat; safe to run twice)."""
    from reviews.drafting.services.votes import votes_close_due

    closed = votes_close_due()
    if closed:
        logger.info("Closed %s council vote(s) at their deadline.", closed)
    return closed


# End of council vote


# --- Draft: deadline reminders ----------------------------------------------------------


@shared_task(name="reviews.notify_deadlines")
def task_notify_deadlines() -> int:
    """Daily (Celery beat): remind people of deadlines that are near; safe to run twice."""
    from django.utils import timezone

    from reviews.workspace.services.deadlines_notify import notify_deadlines

    created = notify_deadlines(today=timezone.localdate())
    logger.info("Deadline reminders: %s new notification(s).", created)
    return created


# --- Progress reports: reminders ---------------------------------------------------------


@shared_task(name="reviews.send_report_reminders")
def task_send_report_reminders() -> int:
    """Daily (Celery beat): remind focal points of progress reports due in 7 and 1 days, or
    overdue; safe to run twice (each reminder has a key)."""
    from django.utils import timezone

    from reviews.reporting.services.report_reminders import reports_send_reminders

    created = reports_send_reminders(today=timezone.localdate())
    logger.info("Progress-report reminders: %s new notification(s).", created)
    return created


# Publishing


@shared_task(
    name="reviews.render_edition",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=3,
)
def task_render_edition(self, *, edition_id: int) -> None:
    """Render one queued edition (PDF or Word); safe to deliver twice (the row is claimed)."""
    from django.utils import timezone

    from reviews.publishing.editions import TransientRenderError, edition_render, editions_requeue_stale

    editions_requeue_stale(now=timezone.now())
    try:
        edition = edition_render(edition_id=edition_id)
    except TransientRenderError as error:
        # edition_render put the row back in the queue; the attempts it counts bound this.
        raise self.retry(exc=error, countdown=min(30 * 2**self.request.retries, 600)) from error
    if edition is not None:
        logger.info("Edition %s finished: %s.", edition_id, edition.status)


@shared_task(name="reviews.requeue_stale_editions")
def task_requeue_stale_editions() -> int:
    """Every few minutes (Celery beat): queue again the renders whose worker died."""
    from django.utils import timezone

    from reviews.publishing.editions import editions_requeue_stale

    requeued = editions_requeue_stale(now=timezone.now())
    if requeued:
        logger.warning("Queued %s stale edition(s) again.", requeued)
    return requeued


# End of publishing
