"""Ministry progress reports: the list of one's reports, a report's page, filling it
(with attachments), submitting it, reviewing it and its history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviews.core.access import get_review_for
from reviews.drafting.forms.sections import editor_strings
from reviews.reporting.extras import report_parts
from reviews.reporting.forms.progress_reports import FIELD_PREFIX, ReportFillForm, ReportReviewForm
from reviews.reporting.models import ProgressReport, ReportAttachment, ReportStatus
from reviews.reporting.selectors import progress_reports as selectors
from reviews.reporting.services import progress_reports as services
from vnr_portal.common.errors import add_service_errors

REPORTS_PER_PAGE = 100


def get_report_for(request, pk: int, report_pk: int, perm: str) -> ProgressReport:
    """Report `report_pk` of review `pk` if `request.user` has `perm` on it; 404 if it is
    not there, 403 if not allowed (a focal point guessing another ministry's report)."""
    report = get_object_or_404(selectors.report_queryset(), pk=report_pk, review_id=pk)
    if not request.user.has_perm(perm, report):
        raise PermissionDenied(_("You do not have the role that this report needs, or it is another ministry's."))
    return report


def _context(report: ProgressReport, **extra) -> dict:
    return {"review": report.review, "report": report, "today": timezone.localdate(), **extra}


@login_required
def my_reports(request, pk: int):
    review = get_review_for(request, pk)
    reports = selectors.report_list_for_user(user=request.user, review=review).order_by(
        "round__deadline", "goal__number", "ministry__name", "pk"
    )
    page = Paginator(reports, REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"review": review, "page": page, "today": timezone.localdate()}
    return render(request, "reviews/reporting/report_list_mine.html", context)


@login_required
def report_detail(request, pk: int, report_pk: int):
    report = get_report_for(request, pk, report_pk, "reviews.view_progressreport")
    context = _context(report, report_parts=report_parts(report, request.user), **selectors.report_page(report))
    return render(request, "reviews/reporting/report_detail.html", context)


def _fill_form(request, report, data=None, files=None):
    questions = selectors.questions_of(report)
    answers = {a.question_key: a.value for a in report.answers.all()}
    attachments = list(report.attachments.all())
    more = request.GET.get("more", "")
    form = ReportFillForm(
        data, files, report=report, questions=questions, answers=answers, attachments=attachments, more_rows_for=more
    )
    return form, attachments


def _render_fill(request, report, form, attachments, status=200):
    page = selectors.report_page(report)
    context = _context(report, form=form, attachments=attachments, editor_strings=editor_strings(), **page)
    context["report_parts"] = report_parts(report, request.user)
    return render(request, "reviews/reporting/report_fill.html", context, status=status)


def _fillable_or_redirect(request, report):
    if not report.is_fillable:
        messages.error(request, str(services.MESSAGES["not_fillable"]))
        return redirect("reviews:report-detail", pk=report.review_id, report_pk=report.pk)
    return None


def _save(request, report, form) -> bool:
    try:
        services.report_answers_save(
            actor=request.user,
            report=report,
            answers=form.answers(),
            uploads=form.uploads(),
            remove_attachments=form.cleaned_data.get("remove_attachments") or (),
        )
    except ValidationError as error:
        form.add_question_errors(error.message_dict if hasattr(error, "error_dict") else {"": error.messages})
        return False
    except services.ReportNotFillable as refusal:
        form.add_error(None, str(refusal))
        return False
    return True


@login_required
def report_fill(request, pk: int, report_pk: int):
    report = get_report_for(request, pk, report_pk, "reviews.change_progressreport")
    if (response := _fillable_or_redirect(request, report)) is not None:
        return response
    form, attachments = _fill_form(request, report, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and _save(request, report, form):
        more = request.POST.get("more_rows", "")
        if more.startswith(FIELD_PREFIX):
            url = f"{request.path}?more={more[len(FIELD_PREFIX) :]}#id_{more}"
            return redirect(url)
        messages.success(request, _("Saved as a draft."))
        return redirect("reviews:report-fill", pk=pk, report_pk=report.pk)
    return _render_fill(request, report, form, attachments, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def report_submit(request, pk: int, report_pk: int):
    report = get_report_for(request, pk, report_pk, "reviews.change_progressreport")
    if (response := _fillable_or_redirect(request, report)) is not None:
        return response
    form, attachments = _fill_form(request, report, request.POST, request.FILES)
    # The fill form posts its answers here: save them first (nothing typed is lost),
    # then submit. A bare POST (the button on the report page) submits what is saved.
    filled = "filled" in request.POST
    if filled and not (form.is_valid() and _save(request, report, form)):
        return _render_fill(request, report, form, attachments, status=400)
    try:
        submission = services.report_submit(actor=request.user, report=report)
    except ValidationError as error:
        # Shown with the answers as now saved (new files listed, removed ones gone).
        form, attachments = _fill_form(request, report, request.POST if filled else None)
        if filled:
            form.is_valid()
        form.add_question_errors(error.message_dict)
        messages.error(request, _("The report was saved but not submitted: see the messages at the questions."))
        return _render_fill(request, report, form, attachments, status=400)
    messages.success(request, _("Submitted for review (submission %(number)s).") % {"number": submission.number})
    return redirect("reviews:report-detail", pk=pk, report_pk=report.pk)


@login_required
def report_attachment(request, pk: int, report_pk: int, attachment_pk: int):
    report = get_report_for(request, pk, report_pk, "reviews.view_progressreport")
    # The lead ministry reads its contributions inside its report, their files included.
    attachment = get_object_or_404(
        ReportAttachment.objects.filter(Q(report=report) | Q(report__lead_report=report)), pk=attachment_pk
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("This file is missing.")) from error
    response = FileResponse(handle, content_type=attachment.content_type, as_attachment=True, filename=attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


@login_required
def report_review(request, pk: int, report_pk: int):
    report = get_report_for(request, pk, report_pk, "reviews.review_progress_report")
    page = selectors.report_page(report)
    if report.status != ReportStatus.SUBMITTED:
        messages.info(request, str(services.MESSAGES["not_submitted"]))
        return redirect("reviews:report-detail", pk=pk, report_pk=report.pk)
    form = ReportReviewForm(request.POST or None, questions=page["questions"])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == ReportStatus.ACCEPTED:
                services.report_accept(actor=request.user, report=report, note=data["note"])
                messages.success(request, _("The report is accepted."))
            else:
                services.report_return(actor=request.user, report=report, comments=form.comments(), note=data["note"])
                messages.success(request, _("The report was returned to the ministry with your comments."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("reviews:report-detail", pk=pk, report_pk=report.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "reviews/reporting/report_review.html", _context(report, form=form, **page), status=status)


@login_required
def report_history(request, pk: int, report_pk: int):
    report = get_report_for(request, pk, report_pk, "reviews.view_progressreport")
    history = selectors.report_history(report)
    return render(request, "reviews/reporting/report_history.html", _context(report, history=history))
