"""Celery tasks of stakeholders: thin wrappers that load rows by id and call one service."""

import logging
import smtplib

from celery import shared_task

from .services.round_invitations import round_invitation_send_email

logger = logging.getLogger(__name__)

# Errors worth trying again: the mail server is down, busy or unreachable for a while.
TRANSIENT_MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError)


@shared_task(name="stakeholders.send_round_invitation", bind=True, max_retries=5)
def task_send_round_invitation(self, *, invitation_id: int, base_url: str = "") -> None:
    """E-mail a round invitation; retried with a growing delay while the mail server fails.

    A missing or accepted invitation is logged and skipped.
    """
    try:
        sent = round_invitation_send_email(invitation_id=invitation_id, base_url=base_url)
    except TRANSIENT_MAIL_ERRORS as error:
        if self.request.retries >= self.max_retries:
            logger.error("Round invitation %s could not be sent, giving up: %s", invitation_id, error)
            return
        logger.warning("Round invitation %s could not be sent, will retry: %s", invitation_id, error)
        raise self.retry(exc=error, countdown=min(30 * 2**self.request.retries, 3600)) from error
    if sent:
        logger.info("Round invitation %s e-mailed.", invitation_id)
    else:
        logger.info("Round invitation %s no longer exists or was accepted: nothing to send.", invitation_id)
