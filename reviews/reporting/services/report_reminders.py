"""Reminders to ministries' focal points of progress reports falling due or overdue.

A ministry whose focal point has no role in the review yet but an e-mail address is
reminded through its invitation: sent again with a fresh link and the reminder in it
(`reviews.workspace.services.invitations.focal_point_invite`)."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from reviews.core.models import Notification
from reviews.core.notifications import notify
from reviews.reporting.models import ProgressReport
from reviews.reporting.selectors.report_rounds import DONE_STATUSES
from reviews.reporting.services.report_rounds import report_landing_urls
from reviews.workspace.selectors.focal_points import INVITATION, focal_point_reach
from reviews.workspace.services.invitations import focal_point_invite

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
    reach = {}
    for review_id in {r.review_id for r in reports}:
        in_review = [r for r in reports if r.review_id == review_id]
        ministries = list({r.ministry_id: r.ministry for r in in_review}.values())
        for ministry_id, contact in focal_point_reach(in_review[0].review, ministries, now=timezone.now()).items():
            reach[(review_id, ministry_id)] = contact
    created = 0
    to_invite: dict[tuple[int, int], list[tuple[ProgressReport, str, str]]] = {}
    for report in reports:
        kind = reminder_kind(report, today)
        if kind is None:
            continue
        key = f"report-reminder:{report.pk}:{kind}:{report.deadline.isoformat()}"
        contact = reach[(report.review_id, report.ministry_id)]
        created += len(_send(report, contact.people, kind, key))
        if contact.channel == INVITATION:
            to_invite.setdefault((report.review_id, report.ministry_id), []).append((report, kind, key))
    for items in to_invite.values():
        if _invite_with_reminders(actor=None, items=items) is not None:
            created += 1
    return created


def _invite_with_reminders(*, actor, items: list[tuple[ProgressReport, str, str]], key: str = ""):
    """Send the invitation of the reports' ministry again with a fresh link and every
    reminder in it (one e-mail: each would retire the link of the one before). Landing on
    the report when there is one, else the list of their reports."""
    reports = [report for report, _kind, _key in items]
    first = reports[0]
    first.ministry.review = first.review
    if len(reports) == 1:
        landing = _report_url(first)
    else:
        landing = report_landing_urls(first.round, {first.ministry_id}).get(first.ministry_id, "")
        landing = landing if len({r.round_id for r in reports}) == 1 else ""
    # The reminders' own keys, so that a re-run the same day sends nothing new.
    key = key or "report-reminder:" + hashlib.sha256("|".join(k for _r, _k, k in items).encode()).hexdigest()[:32]
    return focal_point_invite(
        actor=actor,
        ministry=first.ministry,
        landing_url=landing,
        note=lambda: "\n".join(_message(report, kind, translation.get_language()) for report, kind, _key in items),
        key=key,
    )


@dataclass
class ReminderResult:
    notified: int = 0  # focal points with an account, reminded
    invited: str = ""  # the address sent its invitation again with a fresh link, if any
    pending_elsewhere: str = ""  # an address whose pending invitation is to other roles

    @property
    def sent(self) -> int:
        return self.notified + (1 if self.invited else 0)


@transaction.atomic
def report_send_reminder(*, actor, report: ProgressReport) -> ReminderResult:
    """A reminder sent by hand by a coordinator: always sent (its key carries the time);
    audited. Goes to the ministry's focal points, or, when none is in the review yet, to
    its focal-point address through its invitation, sent again with a fresh link."""
    now = timezone.now()
    kind = "overdue" if report.deadline < timezone.localdate() else "manual"
    contact = focal_point_reach(report.review, [report.ministry], now=now)[report.ministry_id]
    key = f"report-reminder:{report.pk}:manual:{now.isoformat()}"
    result = ReminderResult(notified=len(_send(report, contact.people, kind, key)))
    if contact.channel == INVITATION:
        invitation = _invite_with_reminders(actor=actor, items=[(report, kind, key)], key=key)
        if invitation is not None:
            result.invited = invitation.email
        else:
            result.pending_elsewhere = contact.email
    audit_record(
        review=report.review,
        actor=actor,
        action="report.reminder",
        summary=_("Reminder sent to %(ministry)s for goal %(goal)s")
        % {"ministry": report.ministry.name, "goal": report.goal.number},
        data={"report": report.pk, "recipients": result.notified, "invited": result.invited},
    )
    return result
