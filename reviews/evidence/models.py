"""What belongs to a review in its evidence: the imports its statisticians ran from the
import page (the data itself belongs to the country: `indicators.evidence.models`)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reviews.core.models import Review


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """One upload of indicator files from the import page, imported by a Celery task.

    `files` lists what was uploaded: [{"name": as uploaded, "path": where it is stored
    (privately, never under a served address), "size": bytes}]; the stored files are
    removed once the job has finished. `files_done`/`files_total`/`current_file` feed the
    progress bar (a zip counts as the files it holds); `summary` is the import's summary
    (`ImportSummary.as_dict()`, its error list cut at `MAX_STORED_ERRORS`).
    """

    MAX_STORED_ERRORS = 1000
    # A job that has not moved for this long lost its worker: the page says so and stops
    # polling, and another delivery of its task may take it over.
    STALE_AFTER = datetime.timedelta(minutes=15)

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="evidence_imports", verbose_name=_("review")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    files = models.JSONField(_("files"), default=list)
    skip_invalid_rows = models.BooleanField(_("import the good rows and report the bad ones"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED
    )
    files_done = models.PositiveIntegerField(_("files done"), default=0)
    files_total = models.PositiveIntegerField(_("files in all"), default=0)
    current_file = models.CharField(_("current file"), max_length=255, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    error = models.TextField(_("reason of the failure"), blank=True)
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("data import")
        verbose_name_plural = _("data imports")

    def __str__(self):
        return f"{self.review_id} — {self.created_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)

    @property
    def is_stale(self) -> bool:
        return (
            not self.is_finished and self.updated_at is not None and self.updated_at < timezone.now() - self.STALE_AFTER
        )

    @property
    def file_names(self) -> list[str]:
        return [item.get("name", "") for item in self.files]
