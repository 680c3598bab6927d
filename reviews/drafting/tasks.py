"""Celery tasks of drafting (the council vote): thin wrappers that load rows by id and call one service.
(`reviews/tasks.py` imports every feature's tasks so that the worker finds them.)"""

import logging

from celery import shared_task

# One logger for every task of the reviews app.
logger = logging.getLogger("reviews.tasks")


@shared_task(name="reviews.close_due_votes")
def task_close_due_votes() -> int:
    """Close the council votes past their deadline (run by Celery beat; safe to run twice)."""
    from reviews.drafting.services.votes import votes_close_due

    closed = votes_close_due()
    if closed:
        logger.info("Closed %s council vote(s) at their deadline.", closed)
    return closed
