"""Reads of progress-report templates: the current version, and whether reports use it."""

from __future__ import annotations

from reviews.core.models import Review
from reviews.reporting.models import ProgressReport, ReportTemplate


def template_get_current(review: Review) -> ReportTemplate | None:
    """The review's latest template version (the one new reports get), or None."""
    return ReportTemplate.objects.filter(review=review).order_by("-version").first()


def template_is_in_use(template: ReportTemplate) -> bool:
    return ProgressReport.objects.filter(template=template).exists()
