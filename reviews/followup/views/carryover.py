"""Carry-over pages: choosing what to take from the previous review, what was carried over,
and recording a first VNR made outside the portal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from reviews import rules as perms
from reviews.core.access import get_review_for
from reviews.core.models import Review
from reviews.followup.forms.carryover import CarryoverForm, PastReviewRecordForm
from reviews.followup.selectors.carryover import carried_parts, carryover_choices
from reviews.followup.services.carryover import carryover_apply, past_review_record
from vnr_portal.common.errors import add_service_errors

CARRY_OVER = "reviews.carry_over"


@login_required
def carryover_choose(request, pk: int):
    review = get_review_for(
        request, pk, CARRY_OVER, queryset=Review.objects.select_related("country", "previous_review")
    )
    form = CarryoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            results = carryover_apply(actor=request.user, review=review, parts=form.cleaned_data["parts"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            for result in results:
                if result.refused:
                    messages.warning(request, f"{result.label}: {result.refused}")
            if any(not result.refused for result in results):
                messages.success(request, _("The chosen parts were carried over from the previous review."))
            return redirect("reviews:followup-carryover-result", pk=review.pk)
    return render(
        request,
        "reviews/followup/carryover_choose.html",
        {"review": review, "form": form, "choices": carryover_choices(review)},
    )


@login_required
def carryover_result(request, pk: int):
    review = get_review_for(
        request, pk, "reviews.view_followup", queryset=Review.objects.select_related("country", "previous_review")
    )
    return render(
        request,
        "reviews/followup/carryover_result.html",
        {
            "review": review,
            "entries": carried_parts(review),
            "can_carry_over": request.user.has_perm(CARRY_OVER, review),
        },
    )


@login_required
def past_review_record_create(request):
    countries = perms.countries_for_new_review(request.user)
    if not request.user.is_superuser and not countries.exists():
        raise PermissionDenied(_("Only a coordinator of one of a country's reviews can record a review for it."))
    form = PastReviewRecordForm(request.POST or None, request.FILES or None, countries=countries)
    if request.method == "POST" and form.is_valid():
        try:
            review = past_review_record(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The first VNR has been recorded with its chapters and commitments."))
            return redirect("reviews:review-detail", pk=review.pk)
    return render(request, "reviews/followup/past_review_form.html", {"form": form})
