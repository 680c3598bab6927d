"""Every Celery task of reviews, gathered here because the worker's autodiscovery imports
`<app>.tasks`; each task lives in its feature package's `tasks.py`."""

from reviews.core.tasks import task_send_notification_email
from reviews.drafting.tasks import task_close_due_votes
from reviews.evidence.tasks import task_import_evidence
from reviews.publishing.tasks import task_render_edition, task_requeue_stale_editions
from reviews.reporting.tasks import task_send_report_reminders
from reviews.workspace.tasks import task_notify_deadlines, task_send_invitation_email

__all__ = [
    "task_close_due_votes",
    "task_import_evidence",
    "task_notify_deadlines",
    "task_requeue_stale_editions",
    "task_render_edition",
    "task_send_invitation_email",
    "task_send_notification_email",
    "task_send_report_reminders",
]
