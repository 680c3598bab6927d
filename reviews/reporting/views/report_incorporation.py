"""Accepted progress reports beside a goal's section, and inserting their passages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviews.drafting.services.sections import SectionConflict
from reviews.drafting.views.sections import get_section_for
from reviews.reporting.forms.report_offline import IncorporateForm
from reviews.reporting.models import ProgressReport
from reviews.reporting.selectors import report_incorporation as selectors
from reviews.reporting.services import report_incorporation as services


def _page(request, section, *, status=200, error=None):
    reports = selectors.report_list_for_section(section=section)
    context = {
        "review": section.review,
        "section": section,
        "reports": reports,
        "can_insert": request.user.has_perm("reviews.incorporate_report", section),
        "error": error,
    }
    return render(request, "reviews/reporting/report_incorporate.html", context, status=status)


@login_required
def section_reports(request, pk: int, section_pk: int):
    section = get_section_for(request, pk, section_pk, "reviews.view_section_reports")
    return _page(request, section)


@login_required
@require_POST
def report_incorporate(request, pk: int, section_pk: int, report_pk: int):
    section = get_section_for(request, pk, section_pk, "reviews.incorporate_report")
    report = get_object_or_404(ProgressReport, pk=report_pk, review_id=pk)
    form = IncorporateForm(request.POST)
    if not form.is_valid():
        return _page(
            request, section, status=400, error=_("The request was incomplete: reload the page and try again.")
        )
    try:
        services.report_incorporate(actor=request.user, section=section, report=report, **form.cleaned_data)
    except SectionConflict:
        error = _("Someone saved the section meanwhile: check its text below and insert the passage again.")
        section.refresh_from_db()
        return _page(request, section, status=409, error=error)
    except ValidationError as exc:
        return _page(request, section, status=400, error=" ".join(exc.messages))
    messages.success(request, _("The passage was inserted into the section, with its source."))
    return redirect("reviews:section-reports", pk=pk, section_pk=section.pk)
