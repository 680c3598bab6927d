"""Celery tasks of the workspace (invitation e-mails, deadline reminders): thin wrappers that
load rows by id and call one service. (`reviews/tasks.py` gathers them for the worker.)"""

import logging

from celery import shared_task

from reviews.core.tasks import TRANSIENT_MAIL_ERRORS
from reviews.workspace.models import Invitation
from reviews.workspace.services.invitations import invitation_record_send_failure, invitation_send_email

# One logger for every task of the reviews app.
logger = logging.getLogger("reviews.tasks")


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


@shared_task(name="reviews.notify_deadlines")
def task_notify_deadlines() -> int:
    """Daily (Celery beat): remind people of deadlines that are near; safe to run twice."""
    from django.utils import timezone

    from reviews.workspace.services.deadlines_notify import notify_deadlines

    created = notify_deadlines(today=timezone.localdate())
    logger.info("Deadline reminders: %s new notification(s).", created)
    return created
