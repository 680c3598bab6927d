"""The admin's pages for exports: download a review's zip, upload one to restore it."""

import tempfile

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from reviews.core.models import Review

from .forms import RestoreForm
from .services.export import review_export
from .services.restore import review_restore

EXPORT = "reviews.export_review"
RESTORE = "reviews.restore_review"


def export_response(request, review: Review, *, without_personal_data: bool) -> FileResponse:
    """The zip of `review` as a download (built in a temporary file, not in memory)."""
    if not request.user.has_perm(EXPORT, review):
        raise PermissionDenied
    handle = tempfile.TemporaryFile()
    review_export(actor=request.user, review=review, out=handle, without_personal_data=without_personal_data)
    handle.seek(0)
    suffix = "-without-personal-data" if without_personal_data else ""
    name = f"review-{review.country.iso3.lower()}-{review.hlpf_year}-{slugify(review.title)[:40]}{suffix}.zip"
    return FileResponse(handle, as_attachment=True, filename=name, content_type="application/zip")


def restore_view(request, admin_site):
    """Upload a review's zip; every check runs before anything is written, refusals shown here."""
    if not request.user.has_perm(RESTORE):
        raise PermissionDenied
    form = RestoreForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            review, warnings = review_restore(actor=request.user, source=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("Restored %(review)s with new ids.") % {"review": review})
            for warning in warnings:
                messages.warning(request, warning)
            return redirect("admin:reviews_review_change", review.pk)
    context = {
        **admin_site.each_context(request),
        "title": _("Restore a review from its export"),
        "form": form,
        "opts": Review._meta,
    }
    return TemplateResponse(request, "reviews/archive/restore.html", context)
