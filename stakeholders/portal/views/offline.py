"""Staff enter a contribution received offline (paper, workshop, phone, e-mail) on behalf
of a person or group; the round's list of such contributions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from stakeholders import rules as perms
from stakeholders.registry.selectors import category_choice_list
from stakeholders.rounds.access import get_round_for
from vnr_portal.common.errors import add_service_errors

from .. import selectors
from ..forms.offline import OfflineContributionForm
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
        {"review": review, "round": round_, "form": form, "page": page, "contributions": page.object_list},
    )
