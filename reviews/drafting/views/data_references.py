"""Text tied to data: the series the editor's "Insert data" dialog offers, and an editor's
confirmation that a flagged section was checked against the new data."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from reviews.drafting.selectors.data_references import data_reference_choices
from reviews.drafting.services.data_references import section_data_check_confirm
from reviews.drafting.views.sections import get_section_for


@login_required
@require_GET
def section_data_choices(request, pk: int, section_pk: int):
    """JSON for the dialog: {"indicators": [{"code", "title", "series": [{"series", "unit", "label"}]}]}."""
    section = get_section_for(request, pk, section_pk, "reviews.change_section")
    response = JsonResponse({"indicators": data_reference_choices(section.review.country.iso3)})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def section_data_checked(request, pk: int, section_pk: int):
    section = get_section_for(request, pk, section_pk, "reviews.change_section")
    section_data_check_confirm(actor=request.user, section=section)
    messages.success(request, _("Marked as checked against the new data."))
    return redirect("reviews:section-detail", pk=pk, section_pk=section.pk)
