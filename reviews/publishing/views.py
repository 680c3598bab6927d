"""Publishing: the editions page, asking for a render, its status region, downloads,
and the report's cover picture."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviews import rules as perms
from reviews.core.access import check_perm, get_review_for
from reviews.core.models import report_language_name
from reviews.drafting.selectors.votes import report_is_as_approved
from reviews.publishing import cover as cover_services
from reviews.publishing import editions as services
from reviews.publishing import selectors
from reviews.publishing.assembly import edition_languages
from reviews.publishing.forms import CoverPictureForm, EditionPublishForm, EditionRequestForm
from reviews.publishing.models import Edition, EditionStatus
from vnr_portal.common.errors import add_service_errors


def _cover_form(review, data=None, files=None):
    has_picture = bool(review.cover_image)
    return CoverPictureForm(
        data, files, has_picture=has_picture, initial={"alt_text": review.cover_image_alt}, prefix="cover"
    )


def _editions_page(request, review, *, form=None, cover_form=None, status=200):
    """The Publish page: for the readers of the draft, every edition, the current job and
    the cover; for the other members (focal points), the public final editions only."""
    user = request.user
    reads_draft = user.has_perm("reviews.view_draft", review)
    # A render whose worker was lost shows as failed with its reason, even without beat.
    services.editions_fail_stale(now=timezone.now(), review=review)
    editions = list(perms.editions_visible_to(user, review, selectors.edition_list_for_review(review=review)))
    context = {
        "review": review,
        "here": _("Publish"),
        "reads_draft": reads_draft,
        "editions": editions,
        "current": editions[0] if editions and reads_draft else None,
        "form": form or EditionRequestForm(),
        "edition_languages": [{"code": code, "name": report_language_name(code)} for code in edition_languages(review)],
        "cover_form": cover_form or _cover_form(review),
        # Frozen: a final edition is made only from the approved content (a few queries).
        "changed_since_approval": reads_draft and not report_is_as_approved(review=review),
    }
    return render(request, "reviews/publishing/editions.html", context, status=status)


def _refusal(review, message) -> PermissionDenied:
    """403 for an action on the report's content: why, when it is frozen."""
    if review.is_frozen:
        return PermissionDenied(message)
    return PermissionDenied(_("You do not have the role in this review that this action needs."))


def _edition_of(review, edition_pk: int) -> Edition:
    return get_object_or_404(Edition.objects.select_related("requested_by"), pk=edition_pk, review=review)


@login_required
def editions(request, pk: int):
    review = get_review_for(request, pk)
    return _editions_page(request, review)


@login_required
@require_POST
def edition_request(request, pk: int):
    review = get_review_for(request, pk, "reviews.render_report")
    form = EditionRequestForm(request.POST)
    if form.is_valid():
        try:
            edition = services.edition_request(
                actor=request.user,
                review=review,
                format=form.cleaned_data["format"],
                language=form.cleaned_data["language"] or None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Your %(format)s edition is on its way.") % {"format": edition.get_format_display()}
            )
            return redirect("reviews:editions", pk=review.pk)
    return _editions_page(request, review, form=form, status=400)


@login_required
def edition_status(request, pk: int, edition_pk: int):
    """The status region alone for htmx; the whole page for a plain request."""
    review = get_review_for(request, pk, "reviews.view_draft")
    services.editions_fail_stale(now=timezone.now(), review=review)
    edition = _edition_of(review, edition_pk)
    if not request.headers.get("HX-Request"):
        return redirect("reviews:editions", pk=review.pk)
    # The table of every edition comes along out of band (hx-swap-oob), so a finished
    # edition shows its row and download link without a reload.
    editions = list(selectors.edition_list_for_review(review=review))
    return render(
        request,
        "reviews/publishing/_edition_poll.html",
        {"review": review, "current": edition, "editions": editions, "oob": True},
    )


def edition_download(request, pk: int, edition_pk: int):
    """The edition's file; a public final edition for anyone, any other for the readers
    of the draft (not the focal points: `reviews.view_edition`)."""
    edition = get_object_or_404(Edition.objects.select_related("review__country"), pk=edition_pk, review_id=pk)
    if not request.user.has_perm("reviews.view_edition", edition):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied(_("This edition is for the readers of the draft."))
    if edition.status != EditionStatus.DONE or not edition.file:
        raise Http404(_("This edition has no file yet."))
    response = FileResponse(
        edition.file.open("rb"),
        as_attachment=True,
        filename=_download_name(edition),
        content_type=services.CONTENT_TYPES[edition.format],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _download_name(edition: Edition) -> str:
    review = edition.review
    kind = "final" if edition.is_final else "draft"
    stem = slugify(f"VNR {review.country.iso3} {review.hlpf_year} {kind} {edition.content_hash[:8]}") or "report"
    return f"{stem}.{edition.format}"


@login_required
@require_POST
def edition_publish(request, pk: int, edition_pk: int):
    review = get_review_for(request, pk)
    edition = _edition_of(review, edition_pk)
    check_perm(request, "reviews.publish_edition", edition)
    form = EditionPublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("is_public", [])))
        return redirect("reviews:editions", pk=review.pk)
    stage = review.stage
    try:
        services.edition_set_public(actor=request.user, edition=edition, is_public=form.cleaned_data["is_public"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if edition.is_public and stage != edition.review.stage:
            messages.success(
                request,
                _(
                    "The edition is public: the review is now published. Its open consultation rounds are "
                    "closed and their contributors told; the portal lists the final report."
                ),
            )
        else:
            messages.success(
                request,
                _("The edition is public.") if edition.is_public else _("The edition is for the members only."),
            )
    return redirect("reviews:editions", pk=review.pk)


# --- Cover picture ----------------------------------------------------------------------


@login_required
@require_POST
def cover_upload(request, pk: int):
    """Add, replace or re-describe the cover picture (coordinator or editor, not frozen)."""
    review = get_review_for(request, pk)
    if not request.user.has_perm("reviews.change_cover", review):
        raise _refusal(review, cover_services.MESSAGES["frozen"])
    form = _cover_form(review, request.POST, request.FILES)
    if form.is_valid():
        try:
            cover_services.review_cover_set(
                actor=request.user,
                review=review,
                upload=form.cleaned_data["image"] or None,
                alt_text=form.cleaned_data["alt_text"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The cover picture is saved.") if form.cleaned_data["image"] else _("The description is saved."),
            )
            return redirect("reviews:editions", pk=review.pk)
    review.refresh_from_db(fields=["cover_image", "cover_image_alt"])
    return _editions_page(request, review, cover_form=form, status=400)


@login_required
@require_POST
def cover_remove(request, pk: int):
    review = get_review_for(request, pk)
    if not request.user.has_perm("reviews.change_cover", review):
        raise _refusal(review, cover_services.MESSAGES["frozen"])
    if review.cover_image:
        cover_services.review_cover_remove(actor=request.user, review=review)
        messages.success(request, _("The cover picture is removed."))
    return redirect("reviews:editions", pk=review.pk)


@login_required
def cover_picture(request, pk: int):
    """The cover picture itself, for the readers of the draft (a preview on the page)."""
    review = get_review_for(request, pk, "reviews.view_draft")
    if not review.cover_image:
        raise Http404(_("This report has no cover picture."))
    try:
        handle = review.cover_image.open("rb")
    except FileNotFoundError:
        raise Http404(_("The cover picture's file is missing.")) from None
    name = review.cover_image.name.lower()
    response = FileResponse(handle, content_type="image/png" if name.endswith(".png") else "image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
