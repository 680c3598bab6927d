"""Side by side: a part of this review beside the same part of the first VNR (GET only,
works without JavaScript, printable)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from reviews.core.access import get_review_for
from reviews.core.models import Review
from reviews.followup.forms.sidebyside import SideBySideForm
from reviews.followup.selectors.sidebyside import outline_sections, side_by_side


@login_required
@require_GET
def followup_side_by_side(request, pk: int):
    review = get_review_for(
        request,
        pk,
        "reviews.view_followup",
        queryset=Review.objects.select_related("country", "previous_review__data_snapshot"),
    )
    sections = outline_sections(review)
    previous_sections = outline_sections(review.previous_review)
    form = SideBySideForm(request.GET or None, sections=sections, previous_sections=previous_sections)
    comparison = None
    if request.GET and form.is_valid():
        section = next(item for item in sections if item.pk == form.cleaned_data["section"])
        chosen_pk = form.cleaned_data.get("match")
        chosen = next((item for item in previous_sections if item.pk == chosen_pk), None)
        comparison = side_by_side(
            review, section, sections=sections, previous_sections=previous_sections, chosen=chosen
        )
    return render(
        request,
        "reviews/followup/sidebyside/side_by_side.html",
        {"review": review, "form": form, "sections": sections, "comparison": comparison},
    )
