"""Reporting rounds: creating them, issuing their reports from the role matrix,
per-report deadlines. The rounds' list and the tracker are reads: `reviews.reporting.selectors.report_rounds`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from indicators.models import Goal
from reviews.core.audit import audit_record
from reviews.core.models import MemberRole, Membership, Review
from reviews.reporting.models import ProgressReport, ReportingRound, ReportStatus
from reviews.reporting.selectors.report_templates import template_get_current
from reviews.reporting.services.report_templates import report_template_default
from reviews.workspace.models import GoalAssignment, GoalRole, Ministry
from reviews.workspace.selectors.focal_points import INVITATION, NOBODY, focal_point_reach
from reviews.workspace.services.invitations import focal_point_invite

# Relations `report_round_issue` takes from rows it has just read: not checked again per report.
KNOWN_RELATIONS = ["review", "round", "ministry", "goal", "template", "lead_report"]


# --- Rounds ---------------------------------------------------------------------------


def _check_deadlines(deadline, contribution_deadline) -> None:
    if contribution_deadline and deadline and contribution_deadline > deadline:
        raise ValidationError(
            {"contribution_deadline": _("The deadline for contributions cannot be later than the round's deadline.")}
        )


@transaction.atomic
def report_round_create(
    *, actor, review: Review, title: str, deadline: datetime.date, contribution_deadline: datetime.date | None = None
) -> ReportingRound:
    """A new reporting round (no reports yet: `report_round_issue` creates them)."""
    _check_deadlines(deadline, contribution_deadline)
    round_ = ReportingRound(review=review, title=title, deadline=deadline, contribution_deadline=contribution_deadline)
    round_.full_clean()
    round_.save()
    audit_record(
        review=review,
        actor=actor,
        action="report_round.create",
        summary=title,
        data={"round": round_.pk, "deadline": deadline.isoformat()},
    )
    return round_


# --- Issuing --------------------------------------------------------------------------


@dataclass
class IssueResult:
    created: int = 0
    updated: int = 0
    removed: int = 0
    goals_without_lead: list[int] = field(default_factory=list)
    # Focal points without a role in the review, e-mailed an invitation (their addresses).
    invited: list[str] = field(default_factory=list)
    # Ministries with new reports and nobody to tell: no focal point, no e-mail address.
    unreachable: list[str] = field(default_factory=list)


def _focal_points(review: Review, ministry_ids: set[int]) -> dict[int, list]:
    """{ministry id: focal points} for the ministries, a division's also getting its
    parent ministry's focal points (who may see its reports)."""
    parents = dict(Ministry.objects.filter(pk__in=ministry_ids).values_list("pk", "parent_id"))
    wanted = ministry_ids | {p for p in parents.values() if p}
    by_ministry: dict[int, list] = {}
    for membership in Membership.objects.filter(
        review=review, role=MemberRole.FOCAL_POINT, ministry_id__in=wanted
    ).select_related("user"):
        by_ministry.setdefault(membership.ministry_id, []).append(membership.user)
    return {
        pk: by_ministry.get(pk, []) + (by_ministry.get(parents.get(pk), []) if parents.get(pk) else [])
        for pk in ministry_ids
    }


@transaction.atomic
def report_round_issue(*, actor, round: ReportingRound) -> IssueResult:
    """Create the round's reports from the role matrix: one per (lead ministry, goal), and
    one contribution per co-lead or associate, linked to the lead's report.

    Idempotent: issuing again after the matrix changed adds what is missing, moves a
    report that nobody has started to the ministry's new role, and removes only reports
    nobody has started whose role is gone. Reports with answers are never removed. New
    reports get the current template version (the default one is created if the review
    has none) and the round's deadlines. The focal points of ministries with new reports
    are notified once per round and ministry; a ministry without a focal point in the
    review but with a focal-point e-mail address gets an invitation instead (its link
    lands on the ministry's report; the role is granted when it is accepted). An audit
    entry records the counts.
    """
    from reviews.core.notifications import notify

    review = round.review
    ReportingRound.objects.select_for_update().filter(pk=round.pk).first()
    template = template_get_current(review) or report_template_default(actor=actor, review=review)
    assignments = list(GoalAssignment.objects.filter(review=review).select_related("goal"))
    existing = {
        (r.ministry_id, r.goal_id): r
        for r in ProgressReport.objects.filter(round=round).annotate(answer_count=Count("answers"))
    }
    result = IssueResult()
    now = timezone.now()
    new_ministries: set[int] = set()

    def deadline_for(role: str) -> datetime.date:
        return round.deadline if role == GoalRole.LEAD else (round.contribution_deadline or round.deadline)

    def untouched(report: ProgressReport) -> bool:
        return report.status == ReportStatus.NOT_STARTED and report.answer_count == 0

    leads: dict[int, ProgressReport] = {}
    new_reports: list[ProgressReport] = []
    for assignment in (a for a in assignments if a.role == GoalRole.LEAD):
        report = existing.get((assignment.ministry_id, assignment.goal_id))
        if report is None:
            report = ProgressReport(
                review=review,
                round=round,
                ministry_id=assignment.ministry_id,
                goal_id=assignment.goal_id,
                role=GoalRole.LEAD,
                template=template,
                deadline=deadline_for(GoalRole.LEAD),
                updated_at=now,
            )
            report.full_clean(exclude=KNOWN_RELATIONS, validate_unique=False, validate_constraints=False)
            new_reports.append(report)
            report.answer_count = 0
            existing[(assignment.ministry_id, assignment.goal_id)] = report
            result.created += 1
            new_ministries.add(assignment.ministry_id)
        elif report.role != GoalRole.LEAD and untouched(report):
            report.role, report.lead_report, report.deadline = GoalRole.LEAD, None, deadline_for(GoalRole.LEAD)
            report.save(update_fields=["role", "lead_report", "deadline"])
            result.updated += 1
        leads[assignment.goal_id] = report

    # One insert for all new leads, then one for the contributions that point at them.
    ProgressReport.objects.bulk_create(new_reports)
    new_reports = []
    for assignment in (a for a in assignments if a.role != GoalRole.LEAD):
        lead = leads.get(assignment.goal_id)
        if lead is None or lead.role != GoalRole.LEAD:
            continue
        report = existing.get((assignment.ministry_id, assignment.goal_id))
        if report is None:
            report = ProgressReport(
                review=review,
                round=round,
                ministry_id=assignment.ministry_id,
                goal_id=assignment.goal_id,
                role=assignment.role,
                lead_report=lead,
                template=template,
                deadline=deadline_for(assignment.role),
                updated_at=now,
            )
            report.full_clean(exclude=KNOWN_RELATIONS, validate_unique=False, validate_constraints=False)
            new_reports.append(report)
            report.answer_count = 0
            existing[(assignment.ministry_id, assignment.goal_id)] = report
            result.created += 1
            new_ministries.add(assignment.ministry_id)
        else:
            # A report nobody started takes its ministry's new role; a contribution
            # follows the goal's current lead.
            changed = False
            if untouched(report) and report.role != assignment.role:
                report.role, report.deadline, changed = assignment.role, deadline_for(assignment.role), True
            if report.role != GoalRole.LEAD and report.lead_report_id != lead.pk:
                report.lead_report, changed = lead, True
            if changed:
                report.save(update_fields=["role", "lead_report", "deadline"])
                result.updated += 1

    ProgressReport.objects.bulk_create(new_reports)

    assigned = {(a.ministry_id, a.goal_id) for a in assignments}
    stale = [r for key, r in existing.items() if key not in assigned and r.pk and untouched(r)]
    # A stale lead report is kept while contributions still hang on it (they would go with it).
    blocking = set(
        ProgressReport.objects.filter(lead_report__in=[r.pk for r in stale])
        .exclude(pk__in=[r.pk for r in stale])
        .values_list("lead_report_id", flat=True)
    )
    removable = [r.pk for r in stale if r.pk not in blocking]
    if removable:
        ProgressReport.objects.filter(pk__in=removable).delete()
        result.removed = len(removable)

    lead_goals = {a.goal_id for a in assignments if a.role == GoalRole.LEAD}
    result.goals_without_lead = sorted(
        Goal.objects.filter(pk__in={a.goal_id for a in assignments} - lead_goals).values_list("number", flat=True)
    )

    if new_ministries:
        url = reverse("reviews:reports", args=[review.pk])
        mine = _my_reports_url(review)

        def message():
            return _("Progress reports are due for “%(round)s” by %(date)s.") % {
                "round": round.title,
                "date": formats.date_format(round.deadline, "DATE_FORMAT"),
            }

        ministries = list(Ministry.objects.filter(pk__in=new_ministries).order_by("name"))
        for ministry in ministries:
            ministry.review = review
        reach = focal_point_reach(review, ministries, now=now)
        landing = report_landing_urls(round, new_ministries)
        for ministry in ministries:
            key = f"report-issued:{round.pk}:{ministry.pk}"
            contact = reach[ministry.pk]
            notify(users=contact.people, review=review, kind="other", message=message, url=mine or url, key=key)
            if contact.channel == INVITATION:
                invitation = focal_point_invite(
                    actor=actor, ministry=ministry, landing_url=landing.get(ministry.pk, ""), note=message, key=key
                )
                if invitation is not None:
                    result.invited.append(invitation.email)
            elif contact.channel == NOBODY:
                result.unreachable.append(ministry.name)
    audit_record(
        review=review,
        actor=actor,
        action="report_round.issue",
        summary=round.title,
        data={
            "round": round.pk,
            "created": result.created,
            "updated": result.updated,
            "removed": result.removed,
            "template_version": template.version,
            "invited": len(result.invited),
            "unreachable": len(result.unreachable),
        },
    )
    return result


def report_landing_urls(round: ReportingRound, ministry_ids: set[int]) -> dict[int, str]:
    """{ministry id: the page its invited focal point lands on}: the ministry's report when
    the round has one for it, else the list of their reports. One query."""
    counts: dict[int, list[int]] = {}
    for ministry_id, pk in ProgressReport.objects.filter(round=round, ministry_id__in=ministry_ids).values_list(
        "ministry_id", "pk"
    ):
        counts.setdefault(ministry_id, []).append(pk)
    mine = _my_reports_url(round.review)
    return {
        ministry_id: reverse("reviews:report-detail", args=[round.review_id, pks[0]]) if len(pks) == 1 else mine
        for ministry_id, pks in counts.items()
    }


def _my_reports_url(review: Review) -> str:
    from django.urls import NoReverseMatch

    try:
        return reverse("reviews:my-reports", args=[review.pk])
    except NoReverseMatch:
        return ""


@transaction.atomic
def report_set_deadline(*, actor, report: ProgressReport, deadline: datetime.date, whole_ministry: bool = False) -> int:
    """Give one report its own deadline, or (`whole_ministry`) every report and
    contribution of its ministry in the round; audited. Returns how many changed."""
    old = report.deadline
    report.deadline = deadline
    report.full_clean(exclude=KNOWN_RELATIONS, validate_unique=False, validate_constraints=False)
    reports = ProgressReport.objects.filter(pk=report.pk)
    if whole_ministry:
        reports = ProgressReport.objects.filter(round_id=report.round_id, ministry_id=report.ministry_id)
    changed = reports.update(deadline=deadline)
    if whole_ministry:
        summary = _("%(ministry)s, all its reports in %(round)s: deadline %(date)s") % {
            "ministry": report.ministry.name,
            "round": report.round.title,
            "date": deadline.isoformat(),
        }
    else:
        summary = _("%(ministry)s, goal %(goal)s: deadline %(date)s") % {
            "ministry": report.ministry.name,
            "goal": report.goal.number,
            "date": deadline.isoformat(),
        }
    audit_record(
        review=report.review,
        actor=actor,
        action="report.deadline",
        summary=summary,
        data={"report": report.pk, "from": old.isoformat(), "to": deadline.isoformat(), "reports": changed},
    )
    return changed
