"""The import page (upload, recent imports, recording the data the review uses) and the
page of one import with its progress bar and summary."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indicators.evidence.importers.base import max_bytes
from reviews.core.access import get_review_for
from reviews.evidence import selectors
from reviews.evidence.forms.imports import ImportForm, SnapshotForm, megabytes
from reviews.evidence.services.imports import import_job_create
from reviews.evidence.services.snapshots import review_snapshot_record
from vnr_portal.common.errors import add_service_errors

MANAGE = "reviews.manage_evidence"


def _review(request, pk: int):
    from reviews.core.models import Review

    return get_review_for(request, pk, MANAGE, queryset=Review.objects.select_related("country", "data_snapshot"))


def _import_page(request, review, *, form=None, snapshot_form=None, status=200):
    context = {
        "review": review,
        "here": _("Import data"),
        "form": form or ImportForm(),
        "snapshot_form": snapshot_form
        or SnapshotForm(
            has_snapshot=review.data_snapshot_id is not None,
            initial={"label": f"{review.title}, {review.hlpf_year}"[:200]},
        ),
        "max_mb": megabytes(max_bytes()),
        "jobs": list(selectors.import_jobs_for_review(review)),
    }
    return render(request, "reviews/evidence/import.html", context, status=status)


@login_required
def evidence_import(request, pk: int):
    review = _review(request, pk)
    if request.method != "POST":
        return _import_page(request, review)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            job = import_job_create(
                actor=request.user,
                review=review,
                uploads=form.cleaned_data["files"],
                skip_invalid_rows=form.cleaned_data["skip_invalid_rows"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # No flash message: the job page's status region says where the import is, and
            # a message would still say "being imported" once it is done.
            return redirect("reviews:evidence-import-job", pk=review.pk, job_pk=job.pk)
    return _import_page(request, review, form=form, status=400)


@login_required
def evidence_import_job(request, pk: int, job_pk: int):
    """The job's page; to an htmx poll, only its status region."""
    review = get_review_for(request, pk, MANAGE)
    job = selectors.import_job_get(review, job_pk)
    context = {"review": review, "job": job, "here": _("Import")}
    if request.headers.get("HX-Request"):
        return render(request, "reviews/evidence/_import_job_status.html", context)
    return render(request, "reviews/evidence/import_job.html", context)


@login_required
@require_POST
def evidence_snapshot(request, pk: int):
    review = _review(request, pk)
    form = SnapshotForm(request.POST, has_snapshot=review.data_snapshot_id is not None)
    if form.is_valid():
        try:
            snapshot = review_snapshot_record(actor=request.user, review=review, label=form.cleaned_data["label"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The data this review uses is recorded: %(label)s.") % {"label": snapshot.label}
            )
            return redirect("reviews:evidence-import", pk=review.pk)
    return _import_page(request, review, snapshot_form=form, status=400)
