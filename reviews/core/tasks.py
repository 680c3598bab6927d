"""Celery tasks of the review core (notification e-mails): thin wrappers that load rows by id and call one service.
(`reviews/tasks.py` imports every feature's tasks so that the worker finds them.)"""

import logging
import smtplib

from celery import shared_task

from reviews.core.models import Notification
from reviews.core.notifications import notification_send_email

# One logger for every task of the reviews app.
logger = logging.getLogger("reviews.tasks")

# Errors worth trying again: the mail server is down, busy or unreachable for a while.
TRANSIENT_MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError)


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
