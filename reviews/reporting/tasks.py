"""Celery tasks of progress reports (reminders): thin wrappers that load rows by id and call one service.
(`reviews/tasks.py` imports every feature's tasks so that the worker finds them.)"""

import logging

from celery import shared_task

# One logger for every task of the reviews app.
logger = logging.getLogger("reviews.tasks")


@shared_task(name="reviews.send_report_reminders")
def task_send_report_reminders() -> int:
    """Daily (Celery beat): remind focal points of progress reports due in 7 and 1 days, or
    overdue; safe to run twice (each reminder has a key)."""
    from django.utils import timezone

    from reviews.reporting.services.report_reminders import reports_send_reminders

    created = reports_send_reminders(today=timezone.localdate())
    logger.info("Progress-report reminders: %s new notification(s).", created)
    return created
