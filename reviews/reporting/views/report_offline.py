"""Progress reports offline: download as .docx/.xlsx, upload the filled file back."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _

from reviews.core.access import check_perm
from reviews.reporting import documents as documents
from reviews.reporting.forms.report_offline import ReportUploadForm
from reviews.reporting.models import ProgressReport
from reviews.reporting.selectors import report_offline as selectors
from reviews.reporting.services import report_offline as services
from vnr_portal.common.uploads import DOCX_TYPE, XLSX_TYPE


def get_report_for(request, pk: int, report_pk: int, perm: str) -> ProgressReport:
    """Report `report_pk` of review `pk` (review, ministry, goal, round, template loaded)
    if `request.user` has `perm` on it; 404 if missing, 403 if not allowed."""
    queryset = ProgressReport.objects.select_related("review__country", "ministry", "goal", "round", "template")
    report = get_object_or_404(queryset, pk=report_pk, review_id=pk)
    check_perm(request, perm, report)
    return report


def _download(report: ProgressReport, content: bytes, extension: str, content_type: str) -> HttpResponse:
    name = slugify(f"{report.ministry.acronym or report.ministry.name} goal {report.goal.number}") or "report"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"progress-report-{name}.{extension}"
    )
    return response


@login_required
def report_docx(request, pk: int, report_pk: int):
    report = get_report_for(request, pk, report_pk, "reviews.view_progressreport")
    content = documents.build_docx(
        report=report,
        questions=selectors.report_question_list(report),
        answers=selectors.report_get_answer_values(report),
    )
    return _download(report, content, "docx", DOCX_TYPE)


@login_required
def report_xlsx(request, pk: int, report_pk: int):
    report = get_report_for(request, pk, report_pk, "reviews.view_progressreport")
    content = documents.build_xlsx(
        report=report,
        questions=selectors.report_question_list(report),
        answers=selectors.report_get_answer_values(report),
    )
    return _download(report, content, "xlsx", XLSX_TYPE)


@login_required
def report_upload(request, pk: int, report_pk: int):
    report = get_report_for(request, pk, report_pk, "reviews.change_progressreport")
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = ReportUploadForm(data, files)
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            changed = services.report_upload(actor=request.user, report=report, name=upload.name, data=upload.read())
        except ValidationError as error:
            form.add_error("file", ValidationError(error.messages))
        else:
            if changed:
                summary = "; ".join(question.text for question in changed)
                messages.success(request, _("Answers updated: %(questions)s.") % {"questions": summary})
            else:
                messages.info(request, _("The document was read: no answer changed."))
            return redirect("reviews:report-upload", pk=pk, report_pk=report.pk)
    context = {
        "review": report.review,
        "report": report,
        "form": form,
        "fillable": selectors.report_is_fillable(report),
    }
    return render(request, "reviews/reporting/report_offline_upload.html", context)
