"""The follow-up overview, the commitments register, updates and their decision, the roadmap."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.text import Truncator
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from reviews.core.access import check_perm, get_review_for
from reviews.core.selectors import vnr_names
from reviews.followup.forms.commitments import (
    CommitmentForm,
    CommitmentImportForm,
    CommitmentUpdateForm,
    DecisionForm,
    RegisterFilterForm,
)
from reviews.followup.models import CommitmentStatus
from reviews.followup.selectors import commitments as selectors
from reviews.followup.services.commitments import (
    commitment_create,
    commitment_edit,
    commitment_update_decide,
    commitment_update_submit,
    commitments_import,
    parse_commitments,
)
from vnr_portal.common.errors import add_service_errors
from vnr_portal.common.reversing import url_maker
from vnr_portal.common.spreadsheets import XLSX_TYPE, csv_response, spreadsheet_safe, xlsx_bytes

VIEW = "reviews.view_followup"
MANAGE = "reviews.manage_followup"


def _can(request, perm, obj) -> bool:
    return request.user.has_perm(perm, obj)


@login_required
@require_GET
def followup(request, pk: int):
    """The overview: counts per status, per goal and per ministry, links to the register and roadmap."""
    review = get_review_for(request, pk, VIEW)
    commitments = selectors.register(review, documents=False)
    rollups = selectors.rollups(commitments)
    statuses = selectors.status_choices()
    context = {
        "review": review,
        "rollups": rollups,
        "statuses": statuses,
        "status_counts": [
            (value, label, count) for (value, label), count in zip(statuses, rollups["total"].cells(), strict=True)
        ],
        "count": len(commitments),
        "pending": sum(c.pending for c in commitments),
        "can_manage": _can(request, MANAGE, review),
        "here": _("Follow-up"),
        "vnr": vnr_names(review),
    }
    return render(request, "reviews/followup/overview.html", context)


@login_required
@require_GET
def followup_commitments(request, pk: int):
    """The register: every commitment with its accepted status, filtered by goal, ministry, status."""
    review = get_review_for(request, pk, VIEW)
    form = RegisterFilterForm(request.GET or None, review=review)
    rows = selectors.register_rows(review, **form.filters())
    # Links and shortened texts made here once per page, not by template tags per row.
    commitment_url = url_maker("reviews:followup-commitment", review.pk, None)
    document_url = url_maker("reviews:followup-commitment-document", review.pk, None, None)
    for row in rows:
        row.url, row.short_text = commitment_url(row.pk), Truncator(row.text).chars(200)
        row.documents = [(document_url(row.pk, pk), name) for pk, name in row.documents]
    context = {
        "review": review,
        "form": form,
        "commitments": rows,
        "can_manage": _can(request, MANAGE, review),
        "here": _("Commitments"),
    }
    return render(request, "reviews/followup/commitments.html", context)


@login_required
@require_GET
def followup_commitments_export(request, pk: int):
    """The register as CSV or XLSX (`?format=xlsx`): user text never runs as a formula."""
    review = get_review_for(request, pk, VIEW)
    commitments = selectors.register(review)
    rows = [[_("text"), _("kind"), _("goals/targets"), _("ministries"), _("status"), _("narrative"), _("documents")]]
    for c in commitments:
        update = c.current_update
        rows.append(
            [
                spreadsheet_safe(c.text),
                c.get_kind_display(),
                ", ".join([str(g.number) for g in c.goals.all()] + [t.code for t in c.targets.all()]),
                spreadsheet_safe("; ".join(m.name for m in c.ministries.all())),
                update.get_status_display() if update else _("Not reported yet"),
                spreadsheet_safe(update.narrative if update else ""),
                spreadsheet_safe("; ".join(d.name for d in update.evidence_documents.all()) if update else ""),
            ]
        )
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(xlsx_bytes(rows, title=_("Commitments")[:31]), content_type=XLSX_TYPE)
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename="commitments.xlsx")
        return response
    response, writer = csv_response("commitments.csv")
    writer.writerows(rows)
    return response


@login_required
def followup_commitment_add(request, pk: int):
    review = get_review_for(request, pk, MANAGE)
    return _commitment_form(request, review, None)


@login_required
def followup_commitment_edit(request, pk: int, commitment_pk: int):
    review = get_review_for(request, pk, MANAGE)
    return _commitment_form(request, review, selectors.commitment_of_review(review, commitment_pk))


def _commitment_form(request, review, commitment):
    """Add a commitment (`commitment` None) or edit one: the same form and the same fields."""
    form = CommitmentForm(request.POST or None, review=review, commitment=commitment)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            fields = {name: data[name] for name in ("text", "kind", "goals", "targets", "ministries")}
            try:
                if commitment is None:
                    commitment_create(actor=request.user, review=review, **fields)
                else:
                    commitment_edit(actor=request.user, commitment=commitment, **fields)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if commitment is None:
                    messages.success(request, _("The commitment is added."))
                    return redirect("reviews:followup-commitments", pk=review.pk)
                messages.success(request, _("The commitment is saved."))
                return redirect("reviews:followup-commitment", pk=review.pk, commitment_pk=commitment.pk)
        status = 400
    here = _("Add a commitment") if commitment is None else _("Edit a commitment")
    context = {"review": review, "form": form, "commitment": commitment, "here": here}
    return render(request, "reviews/followup/commitment_form.html", context, status=status)


@login_required
def followup_commitments_import(request, pk: int):
    """Import from a list or a CSV/XLSX file: errors by row and column, nothing added until none."""
    review = get_review_for(request, pk, MANAGE)
    form = CommitmentImportForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data.get("file")
            try:
                if upload:
                    result = parse_commitments(review, data=upload.read(), name=upload.name)
                else:
                    result = parse_commitments(review, lines=form.cleaned_data["lines"])
                created = commitments_import(actor=request.user, review=review, result=result)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d commitment added.",
                        "%(count)d commitments added.",
                        len(created),
                    )
                    % {"count": len(created)},
                )
                return redirect("reviews:followup-commitments", pk=review.pk)
    context = {"review": review, "form": form, "result": result, "here": _("Import commitments")}
    return render(request, "reviews/followup/commitments_import.html", context, status=status)


@login_required
def followup_commitment(request, pk: int, commitment_pk: int):
    """A commitment, its history of updates, and the form to update it (a focal point of
    one of its ministries, or a coordinator)."""
    review = get_review_for(request, pk, VIEW)
    commitment = selectors.commitment_of_review(review, commitment_pk)
    can_update = _can(request, "reviews.update_commitment", commitment)
    if request.method == "POST" and not can_update:
        raise PermissionDenied
    form = None
    status = 200
    history = selectors.history(commitment)
    if can_update:
        latest = history[0] if history else None
        initial = {}
        if latest is not None:
            initial = {
                "status": latest.status,
                "narrative": latest.narrative,
                "links": "\n".join(latest.evidence_links),
                "replaced_by": latest.replaced_by_id,
                "keep_documents": [document.pk for document in latest.evidence_documents.all()],
            }
        form = CommitmentUpdateForm(
            request.POST or None,
            request.FILES or None,
            commitment=commitment,
            initial=initial,
            has_documents=any(update.evidence_documents.all() for update in history),
        )
        if request.method == "POST":
            if form.is_valid():
                data = form.cleaned_data
                try:
                    commitment_update_submit(
                        actor=request.user,
                        commitment=commitment,
                        status=data["status"],
                        narrative=data["narrative"],
                        series=list(data["series"]),
                        links=data["links"],
                        reports=data.get("reports") or [],
                        replaced_by=data["replaced_by"],
                        documents=data["documents"],
                        keep_documents=list(data.get("keep_documents") or []),
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("The update is submitted: a reviewer will accept it."))
                    return redirect("reviews:followup-commitment", pk=review.pk, commitment_pk=commitment.pk)
            status = 400
    context = {
        "review": review,
        "commitment": commitment,
        "history": history,
        "form": form,
        "decision_form": DecisionForm(),
        "can_decide": _can(request, "reviews.decide_commitment_update", commitment),
        "can_manage": _can(request, MANAGE, review),
        "here": _("Commitment"),
    }
    return render(request, "reviews/followup/commitment.html", context, status=status)


@login_required
@require_GET
def followup_commitment_document(request, pk: int, commitment_pk: int, document_pk: int):
    """A document given as evidence, for whoever may see the commitment; always a download."""
    review = get_review_for(request, pk, VIEW)
    document = selectors.document_of_commitment(review, commitment_pk, document_pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("This file is missing.")) from error
    response = FileResponse(handle, content_type=document.content_type, as_attachment=True, filename=document.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


@login_required
@require_POST
def followup_update_decide(request, pk: int, update_pk: int):
    review = get_review_for(request, pk, VIEW)
    update = selectors.update_of_review(review, update_pk)
    check_perm(request, "reviews.decide_commitment_update", update.commitment)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            commitment_update_decide(
                actor=request.user,
                update=update,
                accept=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            if form.cleaned_data["decision"] == "accept":
                messages.success(request, _("The update is accepted: the register shows it."))
            else:
                messages.success(request, _("The update is returned."))
    else:
        messages.error(request, _("Choose accept or return."))
    return redirect("reviews:followup-commitment", pk=review.pk, commitment_pk=update.commitment_id)


@login_required
@require_GET
def followup_roadmap(request, pk: int):
    """What happened between the two reviews: accepted updates by year, by goal and ministry."""
    review = get_review_for(request, pk, VIEW)
    form = RegisterFilterForm(request.GET or None, review=review, with_status=False)
    roadmap = selectors.roadmap(review, **form.filters())
    # Each event's dates and link made here once, not by template filters and tags per event.
    link = url_maker("reviews:followup-commitment", review.pk, None)
    for year in roadmap["years"]:
        for update in year.events:
            when = template_localtime(update.decided_at)
            update.when_iso, update.when = date_format(when, "c"), date_format(when, "DATE_FORMAT")
            update.link = link(update.commitment_id)
    context = {
        "review": review,
        "form": form,
        "roadmap": roadmap,
        "statuses": CommitmentStatus,
        "here": _("Roadmap"),
    }
    return render(request, "reviews/followup/roadmap.html", context)
