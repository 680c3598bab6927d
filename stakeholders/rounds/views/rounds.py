"""Consultation rounds, staff side: the list, creating, changing and deleting a draft
round, choosing its sections, publishing, closing early or extending."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from reviews.core.access import get_review_for
from stakeholders.languages import language_label, source_language
from stakeholders.messages import error_messages
from stakeholders.rules import ENTER_OFFLINE, MANAGE_ENGAGEMENT, VIEW_ENGAGEMENT
from vnr_portal.common.errors import add_service_errors

from .. import selectors
from ..access import get_round_for
from ..forms import ConsultationRoundForm, ExtendForm, RoundSectionsForm
from ..fragments import fragment_get, fragment_key
from ..services import rounds as services
from ..services.freshness import public_version_token


@login_required
def rounds(request, pk: int):
    review = get_review_for(request, pk, VIEW_ENGAGEMENT)
    return render(
        request,
        "stakeholders/rounds/list.html",
        {
            "review": review,
            "rounds": selectors.round_list(review),
            "can_manage": request.user.has_perm(MANAGE_ENGAGEMENT, review),
        },
    )


@login_required
def round_create(request, pk: int):
    review = get_review_for(request, pk, MANAGE_ENGAGEMENT)
    form = ConsultationRoundForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_create(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The round has been created as a draft: choose what it consults on, then publish it.")
            )
            return redirect("stakeholders:round-detail", pk=review.pk, round_pk=round_.pk)
    return render(
        request,
        "stakeholders/rounds/form.html",
        {"review": review, "form": form, "heading": _("New consultation round"), "submit": _("Create the round")},
    )


@login_required
def round_detail(request, pk: int, round_pk: int):
    round_ = get_round_for(request, pk, round_pk)
    review = round_.review
    can_manage = request.user.has_perm(MANAGE_ENGAGEMENT, review)
    # Once published, its copies are frozen: the rows and the counts follow only the round's
    # public token (replaced by every write to its documents and contributions).
    published = round_.published_at is not None
    key = fragment_key("round-detail", [(round_.pk, public_version_token(round_))]) if published else None
    documents, counts = fragment_get(key, lambda: (_document_rows(round_), selectors.round_contribution_counts(round_)))
    language_names = {code: language_label(code) for code in round_.languages}
    table = {
        "review": review,
        "round": round_,
        "documents": documents,
        "can_manage": can_manage,
        "source_language": language_label(source_language(review)),
        "language_names": language_names,
    }
    # Its table too, once per permission set (who may manage sees the links to attach copies).
    documents_html = fragment_get(
        f"{key}:{can_manage:d}" if key else None,
        lambda: render_to_string("stakeholders/rounds/_documents.html", table),
    )
    context = {
        **table,
        "documents_html": mark_safe(documents_html),  # its own template rendered it, escaping everything
        "questions": selectors.round_question_list(round_),
        "counts": counts,
        "can_enter_offline": request.user.has_perm(ENTER_OFFLINE, review),
        "problems": selectors.round_publish_problems(round_) if can_manage and round_.published_at is None else [],
        "extend_form": ExtendForm(initial={"closes_at": round_.closes_at}) if can_manage else None,
    }
    return render(request, "stakeholders/rounds/detail.html", context)


def _document_rows(round_) -> list:
    """`round_document_list` without the copies themselves (their texts), which the page
    does not show: light to keep in the cache."""
    rows = selectors.round_document_list(round_)
    for row in rows:
        for cell in row.cells:
            cell.document = None
    return rows


@login_required
def round_edit(request, pk: int, round_pk: int):
    round_ = get_round_for(request, pk, round_pk, MANAGE_ENGAGEMENT)
    review = round_.review
    if round_.published_at is not None:
        messages.warning(request, _("This round has been published: only its closing date can be changed."))
        return redirect("stakeholders:round-detail", pk=review.pk, round_pk=round_.pk)
    initial = {name: getattr(round_, name) for name in services.ROUND_FIELDS}
    form = ConsultationRoundForm(request.POST or None, review=review, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_update(actor=request.user, round_=round_, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The round has been saved."))
            return redirect("stakeholders:round-detail", pk=review.pk, round_pk=round_.pk)
    return render(
        request,
        "stakeholders/rounds/form.html",
        {"review": review, "round": round_, "form": form, "heading": _("Change the round"), "submit": _("Save")},
    )


@login_required
def round_delete(request, pk: int, round_pk: int):
    round_ = get_round_for(request, pk, round_pk, MANAGE_ENGAGEMENT)
    review = round_.review
    if round_.published_at is not None:
        messages.error(request, _("A published round cannot be deleted: close it instead."))
        return redirect("stakeholders:round-detail", pk=review.pk, round_pk=round_.pk)
    if request.method == "POST":
        try:
            services.round_delete(actor=request.user, round_=round_)
        except ValidationError as error:
            error_messages(request, error)
            return redirect("stakeholders:round-detail", pk=review.pk, round_pk=round_.pk)
        messages.success(request, _("The round “%(title)s” has been deleted.") % {"title": round_.title})
        return redirect("stakeholders:rounds", pk=review.pk)
    return render(request, "stakeholders/rounds/delete.html", {"review": review, "round": round_})


@login_required
def round_sections(request, pk: int, round_pk: int):
    round_ = get_round_for(request, pk, round_pk, MANAGE_ENGAGEMENT)
    review = round_.review
    if round_.published_at is not None:
        messages.warning(request, _("This round has been published: its sections can no longer be changed."))
        return redirect("stakeholders:round-detail", pk=review.pk, round_pk=round_.pk)
    sections = selectors.round_section_choice_list(round_)
    form = RoundSectionsForm(
        request.POST or None,
        sections=sections,
        initial={"sections": sorted(selectors.round_chosen_section_ids(round_))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            chosen = services.round_set_sections(
                actor=request.user, round_=round_, section_ids=form.cleaned_data["sections"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext("%(count)s section chosen.", "%(count)s sections chosen.", len(chosen))
                % {"count": len(chosen)},
            )
            return redirect("stakeholders:round-detail", pk=review.pk, round_pk=round_.pk)
    return render(
        request,
        "stakeholders/rounds/sections.html",
        {"review": review, "round": round_, "form": form, "sections": sections},
    )


# --- Publishing, closing ------------------------------------------------------------------


@login_required
@require_POST
def round_publish(request, pk: int, round_pk: int):
    round_ = get_round_for(request, pk, round_pk, MANAGE_ENGAGEMENT)
    try:
        published = services.round_publish(actor=request.user, round_=round_)
    except ValidationError as error:
        error_messages(request, error)
    else:
        if published:
            messages.success(request, _("The round has been published: its copy of the draft is frozen."))
        else:
            messages.info(request, _("This round had already been published."))
    return redirect("stakeholders:round-detail", pk=pk, round_pk=round_.pk)


@login_required
@require_POST
def round_close_now(request, pk: int, round_pk: int):
    round_ = get_round_for(request, pk, round_pk, MANAGE_ENGAGEMENT)
    try:
        services.round_close_now(actor=request.user, round_=round_)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The round has been closed."))
    return redirect("stakeholders:round-detail", pk=pk, round_pk=round_.pk)


@login_required
def round_extend(request, pk: int, round_pk: int):
    round_ = get_round_for(request, pk, round_pk, MANAGE_ENGAGEMENT)
    form = ExtendForm(request.POST or None, initial={"closes_at": round_.closes_at})
    if request.method == "POST" and form.is_valid():
        try:
            services.round_extend(actor=request.user, round_=round_, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The closing date has been changed."))
            return redirect("stakeholders:round-detail", pk=pk, round_pk=round_.pk)
    return render(
        request,
        "stakeholders/rounds/form.html",
        {
            "review": round_.review,
            "round": round_,
            "form": form,
            "heading": _("Change the closing date"),
            "submit": _("Save"),
        },
    )
