"""The report's outline: numbered sections, and coordinators adding, moving, renaming,
giving out and removing them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviews.core.access import get_review_for
from reviews.drafting.forms.sections import SectionAddForm, SectionMoveForm, SectionSettingsForm
from reviews.drafting.selectors import outline as selectors
from reviews.drafting.services import outline as services
from reviews.drafting.views.sections import get_section_for
from vnr_portal.common.errors import add_service_errors


@login_required
def outline(request, pk: int):
    review = get_review_for(request, pk, "reviews.view_draft")
    return render(
        request, "reviews/drafting/outline.html", {"review": review, "sections": selectors.outline_list(review)}
    )


@login_required
def outline_section_add(request, pk: int):
    review = get_review_for(request, pk, "reviews.view_draft")
    if not request.user.has_perm("reviews.manage_outline", review):
        if review.is_frozen:
            raise PermissionDenied(_(services.FROZEN_MESSAGE))
        raise PermissionDenied(_("You do not have the role in this review that this action needs."))
    form = SectionAddForm(request.POST or None, review=review, initial={"parent": request.GET.get("parent")})
    if request.method == "POST" and form.is_valid():
        try:
            section = services.section_add(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” has been added.") % {"title": section.title})
            return redirect(reverse("reviews:outline", args=[review.pk]) + f"#section-{section.pk}")
    return render(
        request, "reviews/drafting/outline_form.html", {"review": review, "form": form, "heading": _("Add a section")}
    )


@login_required
def outline_section_settings(request, pk: int, section_pk: int):
    section = get_section_for(request, pk, section_pk, "reviews.manage_outline")
    initial = {
        "title": section.title,
        "editors": list(section.editors.all()),
        "due_date": section.due_date,
        "word_limit": section.word_limit,
    }
    form = SectionSettingsForm(request.POST or None, review=section.review, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update(actor=request.user, section=section, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” has been saved.") % {"title": section.title})
            return redirect(reverse("reviews:outline", args=[pk]) + f"#section-{section.pk}")
    heading = _("Section settings: %(title)s") % {"title": initial["title"]}
    return render(
        request, "reviews/drafting/outline_form.html", {"review": section.review, "form": form, "heading": heading}
    )


@login_required
@require_POST
def outline_section_move(request, pk: int, section_pk: int):
    section = get_section_for(request, pk, section_pk, "reviews.manage_outline")
    form = SectionMoveForm(request.POST)
    if form.is_valid():
        try:
            moved = services.section_move(actor=request.user, section=section, direction=form.cleaned_data["direction"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if not moved:
                messages.info(request, _("“%(title)s” cannot move further that way.") % {"title": section.title})
    else:
        messages.error(request, _("Choose up or down."))
    return redirect(reverse("reviews:outline", args=[pk]) + f"#section-{section.pk}")


@login_required
def outline_section_remove(request, pk: int, section_pk: int):
    section = get_section_for(request, pk, section_pk, "reviews.manage_outline")
    if request.method == "POST":
        try:
            services.section_remove(actor=request.user, section=section)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("“%(title)s” has been removed.") % {"title": section.title})
        return redirect("reviews:outline", pk=pk)
    return render(
        request,
        "reviews/drafting/outline_remove.html",
        {"review": section.review, "section": section, "impact": selectors.section_get_removal_impact(section)},
    )
