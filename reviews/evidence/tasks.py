"""Celery tasks of evidence (`reviews/tasks.py` imports them so that the worker finds them)."""

import logging

from celery import shared_task

logger = logging.getLogger("reviews.tasks")


@shared_task(name="reviews.import_evidence", acks_late=True, reject_on_worker_lost=True)
def task_import_evidence(*, job_id: int) -> None:
    """Run one queued import of indicator data; safe to deliver twice (the job is claimed)."""
    from reviews.evidence.services.imports import import_job_run

    job = import_job_run(job_id=job_id)
    if job is not None:
        logger.info("Evidence import %s finished: %s.", job_id, job.status)
