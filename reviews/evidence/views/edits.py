"""A series' metadata and national target, and the override of its progress category."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from indicators.progress import BASELINE_YEAR
from reviews.core.access import get_review_for
from reviews.evidence import selectors
from reviews.evidence.forms.edits import OverrideForm, SeriesEditForm
from reviews.evidence.services.overrides import override_baselines, progress_override_record
from reviews.evidence.services.series import series_edit
from vnr_portal.common.errors import add_service_errors

MANAGE = "reviews.manage_evidence"


@login_required
def evidence_series_edit(request, pk: int, series_pk: int):
    review = get_review_for(request, pk, MANAGE)
    series = selectors.series_of_review(review, series_pk)
    target = selectors.national_target_of(series)
    # The form works on a copy: a refused form must not leave the page showing unsaved values as saved.
    form = SeriesEditForm(request.POST or None, instance=selectors.series_of_review(review, series_pk), target=target)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                series_edit(
                    actor=request.user,
                    review=review,
                    series=series,
                    metadata={name: data[name] for name in form.Meta.fields},
                    target_year=data.get("target_year"),
                    target_value=data.get("target_value"),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The series is saved."))
                return redirect("reviews:evidence-series-edit", pk=review.pk, series_pk=series.pk)
        status = 400
    context = {"review": review, "series": series, "target": target, "form": form, "here": _("Series")}
    return render(request, "reviews/evidence/series_edit.html", context, status=status)


def _baseline_choices(review) -> list[tuple[int, str]]:
    years = override_baselines(review)
    labels = {BASELINE_YEAR: _("Since 2015")}
    return [(year, labels.get(year) or _("Since the first VNR (%(year)d)") % {"year": year}) for year in years]


@login_required
def evidence_override(request, pk: int, series_pk: int):
    review = get_review_for(request, pk, MANAGE)
    series = selectors.series_of_review(review, series_pk)
    form = OverrideForm(request.POST or None, baselines=_baseline_choices(review))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                progress_override_record(actor=request.user, review=review, series=series, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The override is recorded."))
                return redirect("reviews:evidence-override", pk=review.pk, series_pk=series.pk)
        status = 400
    progress = selectors.review_progress(review, series=[series])[0]
    context = {
        "review": review,
        "series": series,
        "progress": progress,
        "first_vnr_year": selectors.first_vnr_year(review),
        "history": list(selectors.override_history(series)),
        "form": form,
        "here": _("Progress override"),
    }
    return render(request, "reviews/evidence/override.html", context, status=status)
