"""The generated chapter "From the first to the second VNR": its page (generate it), and
the preview of a regeneration with its confirmation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reviews.core.access import get_review_for
from reviews.core.selectors import vnr_names
from reviews.followup.chapter import chapter_parts
from reviews.followup.forms.chapter import ChapterRegenerateForm
from reviews.followup.selectors.chapter import chapter_is_generated, chapter_preview, chapter_section_get
from reviews.followup.services.chapter import chapter_generate, chapter_regenerate

GENERATE = "reviews.generate_followup_chapter"
REGENERATE = "reviews.regenerate_followup_chapter"


@login_required
@require_http_methods(["GET", "POST"])
def followup_chapter(request, pk: int):
    """GET: the chapter's state and what it is made of; POST: generate it (coordinators)."""
    if request.method == "POST":
        review = get_review_for(request, pk, GENERATE)
        try:
            section = chapter_generate(actor=request.user, review=review)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("reviews:followup-chapter", pk=review.pk)
        messages.success(request, _("The chapter has been generated: edit it like any section."))
        return redirect("reviews:section-detail", pk=review.pk, section_pk=section.pk)
    review = get_review_for(request, pk, "reviews.view_followup")
    section = chapter_section_get(review)
    return render(
        request,
        "reviews/followup/chapter/chapter.html",
        {
            "review": review,
            "section": section,
            "generated": chapter_is_generated(section),
            "parts": chapter_parts(),
            "vnr": vnr_names(review),
            "can_generate": not chapter_is_generated(section) and request.user.has_perm(GENERATE, review),
            "can_regenerate": chapter_is_generated(section) and request.user.has_perm(REGENERATE, section),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def followup_chapter_regenerate(request, pk: int):
    """GET: what regenerating would change (nothing is replaced); POST: replace, as previewed."""
    review = get_review_for(request, pk, "reviews.view_followup")
    section = chapter_section_get(review)
    if not chapter_is_generated(section):
        raise Http404
    section.review = review
    if not request.user.has_perm(REGENERATE, section):
        raise PermissionDenied
    form = ChapterRegenerateForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                revision = chapter_regenerate(actor=request.user, section=section, **form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
                return redirect("reviews:followup-chapter-regenerate", pk=review.pk)
            if revision is None:
                messages.info(request, _("Nothing changed: the chapter already says what would be generated."))
            else:
                messages.success(
                    request, _("The chapter has been regenerated as revision %(number)s.") % {"number": revision.number}
                )
            return redirect("reviews:section-detail", pk=review.pk, section_pk=section.pk)
        messages.error(request, _("The confirmation was not understood: look at what would change again."))
        return redirect("reviews:followup-chapter-regenerate", pk=review.pk)
    preview = chapter_preview(section)
    form = ChapterRegenerateForm(initial={"base_version": section.version, "digest": preview.digest})
    return render(
        request,
        "reviews/followup/chapter/regenerate.html",
        {"review": review, "section": section, "preview": preview, "form": form},
    )
