"""Celery tasks of stakeholders: thin wrappers that load rows by id and call one service."""

import logging
import smtplib

from celery import shared_task

from .portal.services.accounts import signup_attempt_send_email, verification_send_email
from .rounds.services.invitations import round_invitation_send_email

logger = logging.getLogger(__name__)

# Errors worth trying again: the mail server is down, busy or unreachable for a while.
TRANSIENT_MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError)


def _send_or_retry(task, what: str, send) -> bool | None:
    """Run `send()`; on a transient mail error retry `task` with a growing delay, up to its limit."""
    try:
        return send()
    except TRANSIENT_MAIL_ERRORS as error:
        if task.request.retries >= task.max_retries:
            logger.error("%s could not be sent, giving up: %s", what, error)
            return None
        logger.warning("%s could not be sent, will retry: %s", what, error)
        raise task.retry(exc=error, countdown=min(30 * 2**task.request.retries, 3600)) from error


@shared_task(name="stakeholders.send_round_invitation", bind=True, max_retries=5)
def task_send_round_invitation(self, *, invitation_id: int, base_url: str = "") -> None:
    """E-mail a round invitation. A missing or accepted invitation is logged and skipped."""
    what = f"Round invitation {invitation_id}"
    sent = _send_or_retry(
        self, what, lambda: round_invitation_send_email(invitation_id=invitation_id, base_url=base_url)
    )
    if sent:
        logger.info("%s e-mailed.", what)
    elif sent is False:
        logger.info("%s no longer exists or was accepted: nothing to send.", what)


@shared_task(name="stakeholders.send_verification_email", bind=True, max_retries=5)
def task_send_verification_email(self, *, user_id: int, base_url: str = "") -> None:
    """E-mail a sign-up's verification link (nothing when the address is verified already)."""
    _send_or_retry(
        self,
        f"Verification e-mail to user {user_id}",
        lambda: verification_send_email(user_id=user_id, base_url=base_url),
    )


@shared_task(name="stakeholders.send_signup_attempt_email", bind=True, max_retries=5)
def task_send_signup_attempt_email(self, *, user_id: int, base_url: str = "") -> None:
    """Tell the owner of an account that someone tried to sign up with its address."""
    _send_or_retry(
        self,
        f"Sign-up attempt note to user {user_id}",
        lambda: signup_attempt_send_email(user_id=user_id, base_url=base_url),
    )
