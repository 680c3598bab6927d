"""Side by side: a part of this review beside the same part of the previous VNR (GET, works
without JavaScript, printable), and keeping a chosen match for a part (POST)."""

from html import escape

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from reviews.core.access import get_review_for
from reviews.core.models import Review
from reviews.core.selectors import vnr_names
from reviews.followup.forms.sidebyside import SideBySideForm
from reviews.followup.selectors.sidebyside import (
    outline_parts,
    outline_sections,
    section_with_stored_match,
    side_by_side,
)
from reviews.followup.services.sidebyside import section_match_set

MATCH = "reviews.match_followup_section"


def _with_first_vnr_snapshot(pk):
    return Review.objects.select_related("country", "previous_review__data_snapshot").filter(pk=pk)


def _review(request, pk: int) -> Review:
    return get_review_for(request, pk, "reviews.view_followup", queryset_of=_with_first_vnr_snapshot)


@login_required
@require_GET
def followup_side_by_side(request, pk: int):
    review = _review(request, pk)
    # Plain values of both outlines; their texts only for a comparison.
    sections = outline_parts(review, content=bool(request.GET))
    previous_sections = outline_parts(review.previous_review, content=bool(request.GET))
    form = SideBySideForm(request.GET or None, sections=sections, previous_sections=previous_sections)
    comparison = stored = None
    can_match = False
    if request.GET and form.is_valid():
        part = next(item for item in sections if item.pk == form.cleaned_data["section"])
        section, stored = section_with_stored_match(review, part.pk)
        by_pk = {item.pk: item for item in previous_sections}
        chosen_pk = form.cleaned_data.get("match") or stored
        comparison = side_by_side(
            review, part, sections=sections, previous_sections=previous_sections, chosen=by_pk.get(chosen_pk)
        )
        can_match = bool(review.previous_review_id) and request.user.has_perm(MATCH, section)
    return render(
        request,
        "reviews/followup/sidebyside/side_by_side.html",
        {
            "review": review,
            "form": form,
            "sections": sections,
            "parts": "" if comparison else _parts_html(review, sections),
            "comparison": comparison,
            "stored_match": stored,
            "can_match": can_match,
            "vnr": vnr_names(review),
        },
    )


def _parts_html(review, sections):
    """The list of the review's parts, each a link to its comparison (one link per section of
    a big review: built here rather than by a template loop)."""
    page = escape(reverse("reviews:followup-side-by-side", args=[review.pk]))
    return mark_safe(  # every value escaped here
        "".join(
            f'<li><a href="{page}?section={section.pk}"><bdi>{escape(section.title)}</bdi></a></li>'
            for section in sections
        )
    )


@login_required
@require_POST
def followup_side_by_side_match(request, pk: int):
    """Keep the chosen part of the previous VNR for a part of this one (blank: automatic again)."""
    review = _review(request, pk)
    sections, previous_sections = outline_sections(review), outline_sections(review.previous_review)
    form = SideBySideForm(request.POST, sections=sections, previous_sections=previous_sections)
    url = reverse("reviews:followup-side-by-side", args=[review.pk])
    if not form.is_valid():
        messages.error(request, _("Choose a part of this review and one of the previous VNR."))
        return HttpResponseRedirect(url)
    section = next(item for item in sections if item.pk == form.cleaned_data["section"])
    section.review = review
    if not request.user.has_perm(MATCH, section):
        raise PermissionDenied
    previous = next((item for item in previous_sections if item.pk == form.cleaned_data.get("match")), None)
    try:
        section_match_set(actor=request.user, section=section, previous_section=previous)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("This part will be compared with the part chosen."))
    return HttpResponseRedirect(f"{url}?{urlencode({'section': section.pk})}")
