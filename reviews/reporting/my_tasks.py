"""The reporting package's tasks for "My tasks" (`reviews.core.my_tasks`): the reports a
focal point has to fill, and the submitted reports a reviewer or coordinator has to review.
Registered by `ReviewsConfig.ready()`."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from reviews import rules as perms
from reviews.core.my_tasks import TaskItem
from reviews.reporting.models import FILLABLE_STATUSES, ProgressReport, ReportStatus

FILL = "reviews.change_progressreport"  # what the fill page checks
REVIEW = "reviews.review_progress_report"  # what the review page checks


def _title(report: ProgressReport) -> str:
    return _("Goal %(number)s — %(ministry)s (%(round)s)") % {
        "number": report.goal.number,
        "ministry": report.ministry.label,
        "round": report.round.title,
    }


def reports_to_fill(user, reviews: dict, today) -> list[TaskItem]:
    """Reports not submitted yet (or returned) that `user` may fill: one query."""
    ministries = set()
    for review_id in reviews:
        ministries |= perms.focal_ministries_in(user, reviews[review_id])
    if not ministries:
        return []
    candidates = (
        ProgressReport.objects.filter(review_id__in=list(reviews), status__in=FILLABLE_STATUSES)
        # Narrows the rows read; the permission below decides.
        .filter(Q(ministry_id__in=ministries) | Q(ministry__parent_id__in=ministries))
        .select_related("ministry", "goal", "round")
        .order_by("deadline", "goal__number", "pk")
    )
    items = []
    for report in candidates:
        report.review = reviews[report.review_id]
        if not user.has_perm(FILL, report):
            continue
        note = _("Returned with comments") if report.status == ReportStatus.RETURNED else report.get_status_display()
        url = reverse("reviews:report-fill", args=[report.review_id, report.pk])
        items.append(TaskItem(review=report.review, title=_title(report), url=url, due=report.deadline, note=note))
    return items


def reports_to_review(user, reviews: dict, today) -> list[TaskItem]:
    """Submitted reports waiting for a decision, in the reviews where `user` may review them: one query."""
    review_ids = [pk for pk, review in reviews.items() if user.has_perm(REVIEW, review)]
    if not review_ids:
        return []
    reports = (
        ProgressReport.objects.filter(review_id__in=review_ids, status=ReportStatus.SUBMITTED)
        .select_related("ministry", "goal", "round")
        .order_by("submitted_at", "pk")
    )
    items = []
    for report in reports:
        report.review = reviews[report.review_id]
        url = reverse("reviews:report-review", args=[report.review_id, report.pk])
        submitted = report.submitted_at.date() if report.submitted_at else None
        note = _("Submitted on %(date)s") % {"date": date_format(submitted, "SHORT_DATE_FORMAT")} if submitted else ""
        items.append(TaskItem(review=report.review, title=_title(report), url=url, note=note))
    return items
