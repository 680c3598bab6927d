"""The engagement plan: activities grouped by VNR stage, their forms, the report after an
activity, and the plan's CSV and Excel export."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _

from reviews.core.access import get_review_for
from stakeholders.rules import MANAGE_ENGAGEMENT, VIEW_ENGAGEMENT
from vnr_portal.common.errors import add_service_errors
from vnr_portal.common.spreadsheets import XLSX_TYPE, csv_response

from .. import exports, selectors
from ..forms.plan import ActivityForm, ActivityReportForm, participation_counts, participation_formset
from ..models import EngagementActivity
from ..services import plan as services
from ..services.categories import categories_ensure_defaults


def _activity(review, activity_pk: int) -> EngagementActivity:
    return get_object_or_404(EngagementActivity.objects.select_related("review"), pk=activity_pk, review=review)


def _filename(review, extension: str) -> str:
    country = slugify(review.country.name, allow_unicode=True) or review.country.iso3
    return f"engagement-plan-{country}-{review.hlpf_year}.{extension}"


@login_required
def activity_list(request, pk: int):
    review = get_review_for(request, pk, VIEW_ENGAGEMENT)
    return render(
        request,
        "stakeholders/registry/activity_list.html",
        {
            "review": review,
            "stages": selectors.activity_list_by_stage(review),
            "can_manage": request.user.has_perm(MANAGE_ENGAGEMENT, review),
        },
    )


@login_required
def activity_create(request, pk: int):
    review = get_review_for(request, pk, MANAGE_ENGAGEMENT)
    categories_ensure_defaults(review, actor=request.user)
    initial = {"stage": request.GET.get("stage") or review.stage, "owner": request.user.pk}
    form = ActivityForm(
        request.POST or None, review=review, members=selectors.activity_owner_list(review), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” added to the plan.") % {"title": activity.title})
            return redirect("stakeholders:activity-list", pk=review.pk)
    return render(request, "stakeholders/registry/activity_form.html", {"review": review, "form": form})


@login_required
def activity_edit(request, pk: int, activity_pk: int):
    review = get_review_for(request, pk, MANAGE_ENGAGEMENT)
    activity = _activity(review, activity_pk)
    form = ActivityForm(
        request.POST or None,
        review=review,
        members=selectors.activity_owner_list(review),
        initial=ActivityForm.initial_for(activity),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(actor=request.user, activity=copy.copy(activity), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Activity saved."))
            return redirect("stakeholders:activity-list", pk=review.pk)
    return render(
        request, "stakeholders/registry/activity_form.html", {"review": review, "form": form, "activity": activity}
    )


@login_required
def activity_report(request, pk: int, activity_pk: int):
    """After the activity: held or cancelled, outputs, participants per category."""
    review = get_review_for(request, pk, MANAGE_ENGAGEMENT)
    activity = _activity(review, activity_pk)
    categories = selectors.category_list(review)
    data = request.POST if request.method == "POST" else None
    status = activity.status if activity.status != EngagementActivity.Status.PLANNED else EngagementActivity.Status.HELD
    form = ActivityReportForm(data, initial={"status": status, "date": activity.date, "outputs": activity.outputs})
    formset = participation_formset(data, categories=categories, activity=activity)
    if data is not None and form.is_valid() and formset.is_valid():
        try:
            services.activity_report(
                actor=request.user,
                activity=copy.copy(activity),
                participation=participation_counts(formset, categories),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("What “%(title)s” reached is recorded.") % {"title": activity.title})
            return redirect("stakeholders:activity-list", pk=review.pk)
    return render(
        request,
        "stakeholders/registry/activity_report.html",
        {"review": review, "activity": activity, "form": form, "formset": formset},
    )


@login_required
def activity_csv(request, pk: int):
    review = get_review_for(request, pk, VIEW_ENGAGEMENT)
    response, writer = csv_response(_filename(review, "csv"))
    writer.writerows(exports.activity_export_rows(review))
    return response


@login_required
def activity_xlsx(request, pk: int):
    review = get_review_for(request, pk, VIEW_ENGAGEMENT)
    response = HttpResponse(exports.activity_export_xlsx(review), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=_filename(review, "xlsx"))
    return response
