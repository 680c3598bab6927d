"""Reminders to ministries' focal points of progress reports falling due or overdue."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from reviews.core.models import Notification
from reviews.core.notifications import notify
from reviews.reporting.models import ProgressReport
from reviews.reporting.selectors.report_rounds import DONE_STATUSES
from reviews.reporting.services.report_rounds import _focal_points

# Days before the deadline on which a reminder goes out.
BEFORE_DAYS = {"7d": 7, "1d": 1}


def _report_url(report: ProgressReport) -> str:
    try:
        return reverse("reviews:report-detail", args=[report.review_id, report.pk])
    except NoReverseMatch:
        return reverse("reviews:reports", args=[report.review_id])


def _message(report: ProgressReport, kind: str, language: str) -> str:
    with translation.override(language):
        values = {
            "goal": report.goal.number,
            "ministry": report.ministry.name,
            "round": report.round.title,
            "date": formats.date_format(report.deadline, "DATE_FORMAT"),
        }
        if kind == "overdue":
            return (
                _("Overdue: the progress report of %(ministry)s on goal %(goal)s (%(round)s) was due on %(date)s.")
                % values
            )
        return (
            _("Reminder: the progress report of %(ministry)s on goal %(goal)s (%(round)s) is due on %(date)s.") % values
        )


def _send(report: ProgressReport, users: list, kind: str, key: str) -> list[Notification]:
    """One notification per focal point, each in the person's language (notify calls the
    message function in each person's own)."""
    return notify(
        users=users,
        review=report.review,
        kind=Notification.Kind.DEADLINE,
        message=lambda: _message(report, kind, translation.get_language()),
        url=_report_url(report),
        key=key,
    )


def reminder_kind(report: ProgressReport, today: datetime.date) -> str | None:
    """ "7d" or "1d" on those days before the deadline, "overdue" after it, else None."""
    if report.status in DONE_STATUSES:
        return None
    if report.deadline < today:
        return "overdue"
    for kind, days in BEFORE_DAYS.items():
        if report.deadline - today == datetime.timedelta(days=days):
            return kind
    return None


def reports_send_reminders(*, today: datetime.date) -> int:
    """Remind the focal points of each open report 7 days and 1 day before its deadline,
    and once when it is overdue; returns how many notifications were new.

    Each reminder's key is "report-reminder:<report id>:<kind>:<deadline>": running again,
    or a retry, sends nothing new; a moved deadline gives new reminders. Not one
    transaction: each notification is saved on its own, so a failure half-way keeps those
    already sent. Frozen reviews and records are left alone. A reminder day that was
    missed (the job did not run) is not caught up, except the overdue one.
    """
    wanted_dates = [today + datetime.timedelta(days=days) for days in BEFORE_DAYS.values()]
    reports = list(
        ProgressReport.objects.filter(review__frozen_at=None, review__is_record=False)
        .exclude(status__in=DONE_STATUSES)
        .filter(deadline__in=wanted_dates)
        .select_related("review", "ministry", "goal", "round")
    ) + list(
        ProgressReport.objects.filter(review__frozen_at=None, review__is_record=False, deadline__lt=today)
        .exclude(status__in=DONE_STATUSES)
        .select_related("review", "ministry", "goal", "round")
    )
    focal: dict[tuple[int, int], list] = {}
    for review_id in {r.review_id for r in reports}:
        in_review = [r for r in reports if r.review_id == review_id]
        for ministry_id, users in _focal_points(in_review[0].review, {r.ministry_id for r in in_review}).items():
            focal[(review_id, ministry_id)] = users
    created = 0
    for report in reports:
        kind = reminder_kind(report, today)
        if kind is None:
            continue
        key = f"report-reminder:{report.pk}:{kind}:{report.deadline.isoformat()}"
        created += len(_send(report, focal.get((report.review_id, report.ministry_id), []), kind, key))
    return created


@transaction.atomic
def report_send_reminder(*, actor, report: ProgressReport) -> int:
    """A reminder sent by hand by a coordinator: always sent (its key carries the time);
    audited. Returns how many people it went to (0 when the ministry has no focal point)."""
    now = timezone.now()
    kind = "overdue" if report.deadline < timezone.localdate() else "manual"
    users = _focal_points(report.review, {report.ministry_id})[report.ministry_id]
    key = f"report-reminder:{report.pk}:manual:{now.isoformat()}"
    sent = _send(report, users, kind, key)
    audit_record(
        review=report.review,
        actor=actor,
        action="report.reminder",
        summary=_("Reminder sent to %(ministry)s for goal %(goal)s")
        % {"ministry": report.ministry.name, "goal": report.goal.number},
        data={"report": report.pk, "recipients": len(sent)},
    )
    return len(sent)
