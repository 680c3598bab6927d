"""A section: reading it, editing it (with conflicts and expired sessions handled),
its revisions, diffs and restores, its images and who else is editing it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from reviews.core.models import report_language_name
from reviews.core.sanitize import clean_html
from reviews.drafting.diffing import diff_stats, word_diff
from reviews.drafting.forms.sections import (
    RevisionCompareForm,
    SectionContentForm,
    SectionImageForm,
    editor_strings,
)
from reviews.drafting.models import Section, SectionImage, SectionRevision
from reviews.drafting.selectors import sections as selectors
from reviews.drafting.selectors import translations as translation_selectors
from reviews.drafting.selectors.data_references import section_content_with_data
from reviews.drafting.services import sections as services
from vnr_portal.common.errors import add_service_errors

REVISIONS_PER_PAGE = 50


FROZEN_MESSAGE = _lazy("The report has been approved by the council and is frozen: it cannot be changed.")
# Permissions whose rules are written for the review rather than for one section.
REVIEW_PERMS = {"reviews.manage_outline"}


def get_section_for(request, pk: int, section_pk: int, perm: str) -> Section:
    """Section `section_pk` of review `pk` (review and editors loaded) if `request.user`
    has `perm` on it; 404 if it is not there, 403 if not allowed."""
    queryset = Section.objects.select_related("review__country").prefetch_related("editors")
    section = get_object_or_404(queryset, pk=section_pk, review_id=pk)
    if not request.user.has_perm(perm, section.review if perm in REVIEW_PERMS else section):
        if section.review.is_frozen and perm in ("reviews.change_section", "reviews.manage_outline"):
            raise PermissionDenied(FROZEN_MESSAGE)
        raise PermissionDenied(_("You do not have the role in this review that this action needs."))
    return section


def _context(section: Section, **extra) -> dict:
    return {"review": section.review, "section": section, "editor_strings": editor_strings(), **extra}


@login_required
def section_detail(request, pk: int, section_pk: int):
    section = get_section_for(request, pk, section_pk, "reviews.view_draft")
    review = section.review
    languages = list(dict.fromkeys(review.languages or [])) or [translation_selectors.source_language(review)]
    # ?lang= among the report's languages, else the interface's when the report has it,
    # else the language the section is written in.
    by_lower = {code.lower(): code for code in languages}
    wanted = (request.GET.get("lang") or get_language() or "").lower()
    requested = by_lower.get(wanted, languages[0])
    picked = translation_selectors.section_text_in(section, requested)
    content = section_content_with_data(section, html=picked.value, language=picked.language)
    return render(
        request,
        "reviews/drafting/section_detail.html",
        _context(
            section,
            content=content,
            text_language=picked.language,
            text_direction=picked.direction,
            text_is_fallback=picked.is_fallback and bool(picked.value),
            text_language_name=report_language_name(picked.language),
            requested_language=requested,
            report_languages=[{"code": code, "name": report_language_name(code)} for code in languages],
        ),
    )


def section_presence(request, pk: int, section_pk: int):
    if not request.user.is_authenticated:
        # A poll after the session expired must not swap the login page into the editor.
        if request.headers.get("HX-Request"):
            return HttpResponse(status=204)
        return redirect_to_login(request.get_full_path())
    section = get_section_for(request, pk, section_pk, "reviews.change_section")
    services.section_presence_touch(user=request.user, section=section)
    others = selectors.section_presence_list_others(user=request.user, section=section)
    return render(request, "reviews/drafting/_section_presence.html", _context(section, others=others))


def section_edit(request, pk: int, section_pk: int):
    if not request.user.is_authenticated:
        if request.method == "POST":
            # The session expired while typing: hand the text back rather than lose it.
            login_url = f"{reverse('login')}?next={reverse('reviews:section-edit', args=[pk, section_pk])}"
            context = {"content": request.POST.get("content", ""), "login_url": login_url}
            return render(request, "reviews/drafting/section_session_expired.html", context)
        return redirect_to_login(request.get_full_path())
    section = get_section_for(request, pk, section_pk, "reviews.change_section")
    initial = {"content": section.content, "base_version": section.version}
    form = SectionContentForm(request.POST or None, initial=initial, section=section)
    if request.method == "POST" and form.is_valid():
        try:
            revision = services.section_save(actor=request.user, section=section, **form.cleaned_data)
        except services.SectionConflict as conflict:
            return _conflict(request, section, form.cleaned_data["content"], conflict)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if revision is None:
                messages.info(request, _("Nothing had changed: no new revision was made."))
            else:
                messages.success(request, _("Saved as revision %(number)s.") % {"number": revision.number})
            return redirect("reviews:section-detail", pk=pk, section_pk=section.pk)
    services.section_presence_touch(user=request.user, section=section)
    others = selectors.section_presence_list_others(user=request.user, section=section)
    return render(request, "reviews/drafting/section_edit.html", _context(section, form=form, others=others))


def _conflict(request, section: Section, yours: str, conflict: services.SectionConflict):
    current = conflict.section
    yours_html = clean_html(services.text_to_html(yours))  # shown as the reader will see it, sanitized
    form = SectionContentForm(initial={"content": yours_html, "base_version": current.version}, section=current)
    pieces = word_diff(current.content, yours_html)
    context = _context(
        section, form=form, yours_html=yours_html, current=current, revision=conflict.revision, diff=pieces
    )
    return render(request, "reviews/drafting/section_conflict.html", context, status=409)


@login_required
def section_revisions(request, pk: int, section_pk: int):
    section = get_section_for(request, pk, section_pk, "reviews.view_draft")
    revisions = section.revisions.select_related("author").defer("content")
    page = Paginator(revisions, REVISIONS_PER_PAGE).get_page(request.GET.get("page"))
    form = RevisionCompareForm(initial={"old": max(section.version - 1, 1), "new": section.version})
    return render(request, "reviews/drafting/section_revisions.html", _context(section, page=page, form=form))


@login_required
def section_revision_compare(request, pk: int, section_pk: int):
    section = get_section_for(request, pk, section_pk, "reviews.view_draft")
    form = RevisionCompareForm(request.GET or None)
    context = _context(section, form=form)
    if form.is_valid():
        numbers = [form.cleaned_data["old"], form.cleaned_data["new"]]
        found = {r.number: r for r in section.revisions.select_related("author").filter(number__in=numbers)}
        missing = [field for field, number in zip(["old", "new"], numbers, strict=True) if number not in found]
        for field in missing:
            form.add_error(field, _("This section has no revision %(number)s.") % {"number": form.cleaned_data[field]})
        if not missing:
            old, new = found[numbers[0]], found[numbers[1]]
            pieces = word_diff(old.content, new.content)
            context.update(old=old, new=new, diff=pieces, stats=diff_stats(pieces))
    return render(request, "reviews/drafting/section_revision_compare.html", context)


@login_required
def section_revision_restore(request, pk: int, section_pk: int, number: int):
    section = get_section_for(request, pk, section_pk, "reviews.change_section")
    revision = get_object_or_404(SectionRevision.objects.select_related("author"), section=section, number=number)
    if request.method == "POST":
        try:
            new = services.section_restore(actor=request.user, section=section, revision=revision)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Revision %(old)s restored as revision %(new)s.") % {"old": revision.number, "new": new.number},
            )
        return redirect("reviews:section-detail", pk=pk, section_pk=section.pk)
    pieces = word_diff(section.content, revision.content)
    return render(request, "reviews/drafting/section_restore.html", _context(section, revision=revision, diff=pieces))


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
def section_image_upload(request, pk: int, section_pk: int):
    section = get_section_for(request, pk, section_pk, "reviews.change_section")
    form = SectionImageForm(request.POST or None, request.FILES or None)
    image = None
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            image = services.section_image_add(
                actor=request.user, section=section, upload=data["image"], alt_text=data["alt_text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
    if _wants_json(request) and request.method == "POST":
        if image is None:
            return JsonResponse({"errors": {field: list(errors) for field, errors in form.errors.items()}}, status=400)
        return JsonResponse({"src": _image_src(image), "alt": image.alt_text}, status=201)
    src = _image_src(image) if image else ""
    return render(
        request, "reviews/drafting/section_image_upload.html", _context(section, form=form, image=image, src=src)
    )


def _image_src(image: SectionImage) -> str:
    return reverse("reviews:section-image", args=[image.section.review_id, image.section_id, image.pk])


@login_required
def section_image(request, pk: int, section_pk: int, image_pk: int):
    section = get_section_for(request, pk, section_pk, "reviews.view_draft")
    image = get_object_or_404(SectionImage, pk=image_pk, section=section)
    try:
        handle = image.image.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("This image file is missing.")) from error
    response = FileResponse(handle, content_type=image.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
