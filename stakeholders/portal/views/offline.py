"""Staff enter a contribution received offline (paper, workshop, phone, e-mail) on behalf
of a person or group; the round's list of such contributions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from stakeholders import rules as perms
from stakeholders.registry.selectors import category_choice_list
from stakeholders.rounds.access import get_round_for
from vnr_portal.common.errors import add_service_errors
from vnr_portal.common.spreadsheets import XLSX_TYPE, csv_response, xlsx_bytes

from .. import selectors
from ..forms.offline import OfflineContributionForm, OfflineImportForm
from ..services import offline as services

PAGE_SIZE = 50


@login_required
def offline_contributions(request, pk: int, round_pk: int):
    """ "Enter a contribution received offline" for one round, and those entered so far."""
    round_ = get_round_for(request, pk, round_pk, perms.ENTER_OFFLINE)
    review = round_.review
    form = OfflineContributionForm(
        request.POST or None,
        request.FILES or None,
        round=round_,
        languages=list(dict.fromkeys([*(round_.languages or []), *(review.languages or [])])),
        categories=category_choice_list(review),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_enter_offline(actor=request.user, round=round_, **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The contribution has been entered; it now waits for moderation."))
            return redirect("stakeholders:offline-contributions", pk=review.pk, round_pk=round_.pk)
    page = Paginator(selectors.contribution_list_offline(round_), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "stakeholders/portal/offline.html",
        {
            "review": review,
            "round": round_,
            "form": form,
            "import_form": OfflineImportForm(),
            "page": page,
            "contributions": page.object_list,
        },
    )


def _template_rows() -> list[list[str]]:
    example = [
        "2026-03-14",
        "workshop",
        "Women's group of the market",
        "",
        "",
        "",
        "North",
        "",
        "en",
        "",
        "What the group said, as noted at the workshop.",
        "yes",
        "yes",
    ]
    return [list(services.TEMPLATE_COLUMNS), example]


@login_required
def offline_template(request, pk: int, round_pk: int, format: str):
    """The empty table to fill in (CSV or Excel), with the columns and one example row."""
    round_ = get_round_for(request, pk, round_pk, perms.ENTER_OFFLINE)
    name = f"offline-contributions-round-{round_.pk}"
    if format == "csv":
        response, writer = csv_response(f"{name}.csv")
        writer.writerows(_template_rows())
        return response
    if format == "xlsx":
        response = HttpResponse(xlsx_bytes(_template_rows(), title="contributions"), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    raise Http404


@login_required
def offline_import(request, pk: int, round_pk: int):
    """Several contributions at once from a filled-in template: per-row errors; nothing
    saved if a row is wrong, unless the good rows are asked for."""
    round_ = get_round_for(request, pk, round_pk, perms.ENTER_OFFLINE)
    review = round_.review
    form = OfflineImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.offline_rows_import(
                actor=request.user,
                round=round_,
                data=upload.read(),
                name=upload.name or "",
                good_rows_only=form.cleaned_data["good_rows_only"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if not result.bad:
                messages.success(
                    request,
                    _("%(count)s contributions have been entered; they now wait for moderation.")
                    % {"count": result.saved},
                )
                return redirect("stakeholders:offline-contributions", pk=review.pk, round_pk=round_.pk)
    return render(
        request,
        "stakeholders/portal/offline_import.html",
        {"review": review, "round": round_, "form": form, "result": result},
        status=200,
    )
