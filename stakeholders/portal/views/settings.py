"""The portal's settings, staff side: its four texts and opening it to the public."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviews.core.access import get_review_for
from stakeholders.rules import MANAGE_ENGAGEMENT
from vnr_portal.common.errors import add_service_errors

from ..forms.settings import PortalForm, PortalLicenceForm
from ..services.settings import PORTAL_TEXTS, portal_for, portal_set_licence, portal_set_published, portal_update

LICENCE_FIELDS = ["licence", "licence_name", "licence_url"]


@login_required
def portal_settings(request, pk: int):
    review = get_review_for(request, pk, MANAGE_ENGAGEMENT)
    portal = portal_for(review)
    # Two forms on the page, each saved by its own service: the licence's fields carry the
    # prefix "licence"; any other submission is the texts'.
    posting_licence = request.method == "POST" and "licence-licence" in request.POST
    licence_form = PortalLicenceForm(
        request.POST if posting_licence else None,
        prefix="licence",
        initial={name: getattr(portal, name) for name in LICENCE_FIELDS},
    )
    form = PortalForm(
        None if posting_licence else (request.POST or None),
        initial={name: getattr(portal, name) for name in PORTAL_TEXTS},
    )
    posted = licence_form if posting_licence else form
    if posted.is_bound and posted.is_valid():
        if posted is licence_form:
            save, saved = portal_set_licence, _("The licence of the open data has been saved.")
        else:
            save, saved = portal_update, _("The portal's texts have been saved.")
        try:
            changed = save(actor=request.user, portal=portal, **posted.cleaned_data)
        except ValidationError as error:
            add_service_errors(posted, error)
        else:
            messages.success(request, saved if changed else _("Nothing has changed."))
            return redirect("stakeholders:portal-settings", pk=review.pk)
    context = {"review": review, "portal": portal, "form": form, "licence_form": licence_form}
    return render(request, "stakeholders/portal/settings.html", context)


@login_required
@require_POST
def portal_publish(request, pk: int):
    review = get_review_for(request, pk, MANAGE_ENGAGEMENT)
    portal = portal_for(review)
    publish = request.POST.get("action") == "publish"
    if portal_set_published(actor=request.user, portal=portal, is_published=publish):
        messages.success(
            request,
            _("The portal is now open to the public.") if publish else _("The portal is now closed to the public."),
        )
    return redirect("stakeholders:portal-settings", pk=review.pk)
