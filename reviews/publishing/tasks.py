"""Celery tasks of publishing (rendering editions): thin wrappers that load rows by id and call one service.
(`reviews/tasks.py` imports every feature's tasks so that the worker finds them.)

The render's time limits are settings (EDITION_RENDER_SOFT_TIME_LIMIT, applied through
CELERY_TASK_ANNOTATIONS); edition_render turns the soft limit into a readable failure.
"""

import logging

from celery import shared_task

# One logger for every task of the reviews app.
logger = logging.getLogger("reviews.tasks")


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

    from reviews.publishing.editions import TransientRenderError, edition_render, editions_fail_stale

    editions_fail_stale(now=timezone.now())
    try:
        edition = edition_render(edition_id=edition_id)
    except TransientRenderError as error:
        # edition_render put the row back in the queue; the attempts it counts bound this.
        raise self.retry(exc=error, countdown=min(30 * 2**self.request.retries, 600)) from error
    if edition is not None:
        logger.info("Edition %s finished: %s.", edition_id, edition.status)


@shared_task(name="reviews.requeue_stale_editions")
def task_requeue_stale_editions() -> int:
    """Every minute (Celery beat): fail, with a reason, the renders whose worker was lost, and
    send again the task of the editions still queued (its message may have been lost)."""
    from django.utils import timezone

    from reviews.publishing.editions import editions_fail_stale, editions_resend_queued

    now = timezone.now()
    failed = editions_fail_stale(now=now)
    if failed:
        logger.warning("Marked %s edition(s) left in progress by a lost worker as failed.", failed)
    return failed + editions_resend_queued(now=now)
