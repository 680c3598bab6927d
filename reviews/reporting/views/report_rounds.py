"""Reporting rounds: the list, creating and issuing one, and a report's own deadline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from reviews.core.access import check_perm, get_review_for
from reviews.reporting.forms.report_rounds import ReportDeadlineForm, ReportRoundForm
from reviews.reporting.models import ProgressReport, ReportingRound
from reviews.reporting.selectors.report_rounds import report_round_issue_preview, report_round_list
from reviews.reporting.services import report_rounds as services
from reviews.reporting.services.report_reminders import report_send_reminder
from reviews.workspace.selectors.focal_points import focal_point_reach
from vnr_portal.common.errors import add_service_errors

MANAGE = "reviews.manage_reporting"


def get_report_for_managing(request, pk: int, report_pk: int) -> ProgressReport:
    report = get_object_or_404(
        ProgressReport.objects.select_related("review", "ministry", "goal", "round"), pk=report_pk, review_id=pk
    )
    check_perm(request, MANAGE, report.review)
    return report


@login_required
def reports(request, pk: int):
    review = get_review_for(request, pk)
    return render(
        request, "reviews/reporting/report_rounds.html", {"review": review, "rounds": report_round_list(review)}
    )


@login_required
def report_round_create(request, pk: int):
    review = get_review_for(request, pk, MANAGE)
    form = ReportRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.report_round_create(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("“%(title)s” has been created: issue it to send the reports out.") % {"title": round_.title}
            )
            return redirect("reviews:reports", pk=review.pk)
    return render(request, "reviews/reporting/report_round_form.html", {"review": review, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def report_round_issue(request, pk: int, round_pk: int):
    """GET: the confirmation step (what issuing does, to whom); POST: issue the round."""
    review = get_review_for(request, pk, MANAGE)
    round_ = get_object_or_404(ReportingRound.objects.select_related("review"), pk=round_pk, review=review)
    if request.method == "GET":
        context = {
            "review": review,
            "round": round_,
            "here": _("Issue the reports"),
            **report_round_issue_preview(round_),
        }
        return render(request, "reviews/reporting/report_round_issue_confirm.html", context)
    result = services.report_round_issue(actor=request.user, round=round_)
    messages.success(
        request,
        ngettext(
            "“%(title)s” issued: %(created)s new report, %(updated)s changed, %(removed)s removed.",
            "“%(title)s” issued: %(created)s new reports, %(updated)s changed, %(removed)s removed.",
            result.created,
        )
        % {"title": round_.title, "created": result.created, "updated": result.updated, "removed": result.removed},
    )
    if result.invited:
        messages.info(
            request,
            ngettext(
                "An invitation was e-mailed to %(count)s focal point without a role in the review yet: %(emails)s.",
                "Invitations were e-mailed to %(count)s focal points without a role in the review yet: %(emails)s.",
                len(result.invited),
            )
            % {"count": len(result.invited), "emails": ", ".join(result.invited)},
        )
    if result.unreachable:
        messages.warning(
            request,
            _("Nobody could be told about their reports (no focal point, no e-mail address): %(ministries)s.")
            % {"ministries": ", ".join(result.unreachable)},
        )
    if result.goals_without_lead:
        numbers = ", ".join(str(n) for n in result.goals_without_lead)
        messages.warning(
            request, _("No report was issued for goals without a lead ministry: %(goals)s.") % {"goals": numbers}
        )
    return redirect("reviews:reports", pk=review.pk)


@login_required
def report_deadline(request, pk: int, report_pk: int):
    """One report's deadline, and a reminder sent by hand."""
    report = get_report_for_managing(request, pk, report_pk)
    form = ReportDeadlineForm(request.POST or None, initial={"deadline": report.deadline})
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.report_set_deadline(actor=request.user, report=report, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "The deadline of %(count)s report has been changed.",
                    "The deadline of %(count)s reports has been changed.",
                    changed,
                )
                % {"count": changed},
            )
            return redirect("reviews:report-deadline", pk=pk, report_pk=report.pk)
    contact = focal_point_reach(report.review, [report.ministry], now=timezone.now())[report.ministry_id]
    return render(
        request,
        "reviews/reporting/report_round_report.html",
        {"review": report.review, "report": report, "form": form, "contact": contact},
    )


@login_required
@require_POST
def report_remind(request, pk: int, report_pk: int):
    report = get_report_for_managing(request, pk, report_pk)
    result = report_send_reminder(actor=request.user, report=report)
    if result.notified:
        messages.success(
            request,
            ngettext("Reminder sent to %(count)s person.", "Reminder sent to %(count)s people.", result.notified)
            % {"count": result.notified},
        )
    if result.invited:
        messages.success(
            request,
            _("Reminder sent to %(email)s, invited and not yet signed in, with a fresh invitation link.")
            % {"email": result.invited},
        )
    elif result.pending_elsewhere:
        messages.warning(
            request,
            _(
                "%(email)s has a pending invitation to this review for other roles: "
                "no reminder can be sent until it is accepted or withdrawn."
            )
            % {"email": result.pending_elsewhere},
        )
    elif not result.notified:
        messages.warning(
            request,
            _(
                "This ministry has no focal point in the review and no focal-point e-mail address: nobody to "
                "remind. Add the address on the ministry's page."
            ),
        )
    return redirect("reviews:report-deadline", pk=pk, report_pk=report.pk)
