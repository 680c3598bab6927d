"""Rendered editions of the report (PDF, Word): who asked, from which content, the file."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from reviews import rules as perms
from reviews.core.models import Review


class EditionStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    ASSEMBLING = "assembling", _("Assembling")
    RENDERING = "rendering", _("Rendering")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class EditionFormat(models.TextChoices):
    PDF = "pdf", _("PDF")
    DOCX = "docx", _("Word")


class Edition(RulesModel):
    """One rendering of the assembled report, kept with its checksum.

    `content_hash` identifies the assembled content: two requests for the same content
    and format while one is still queued or running share that job.
    """

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="editions", verbose_name=_("review"))
    format = models.CharField(_("format"), max_length=10, choices=EditionFormat.choices, default=EditionFormat.PDF)
    is_final = models.BooleanField(_("final edition"), default=False)
    # The language the report was assembled in (assembly.report_language at the request).
    language = models.CharField(_("language"), max_length=10, blank=True)
    content_hash = models.CharField(_("content version"), max_length=64)
    status = models.CharField(_("status"), max_length=20, choices=EditionStatus.choices, default=EditionStatus.QUEUED)
    error = models.TextField(_("reason of the failure"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("asked by")
    )
    requested_at = models.DateTimeField(_("asked"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    file = models.FileField(_("file"), upload_to="editions/", blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    size = models.PositiveIntegerField(_("size"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    is_public = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "format", "content_hash"],
                condition=Q(status__in=["queued", "assembling", "rendering"]),
                name="one_running_edition_per_content",
            )
        ]
        rules_permissions = {"view": perms.can_view_edition}

    def __str__(self):
        return f"{self.review} — {self.get_format_display()} {self.requested_at:%Y-%m-%d %H:%M}"
