"""Invitations to an invited round: inviting addresses or registry contacts, sending an
invitation again, withdrawing one."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from stakeholders.messages import error_messages
from stakeholders.registry.selectors import contact_list_with_email
from stakeholders.rules import MANAGE_ENGAGEMENT, VIEW_CONTACTS
from vnr_portal.common.errors import add_service_errors

from .. import selectors
from ..access import get_round_for
from ..forms import InvitationForm
from ..models import ConsultationRound, RoundInvitation
from ..services import invitations


def _base_url(request) -> str:
    """Links in e-mails point at the site's public address, never at the request's Host."""
    return settings.SITE_URL


def _contacts(request, review):
    """Registry contacts with an e-mail address, for those who may see contacts; else None."""
    if not request.user.has_perm(VIEW_CONTACTS, review):
        return None
    return contact_list_with_email(review)


@login_required
def round_invitations(request, pk: int, round_pk: int):
    round_ = get_round_for(request, pk, round_pk, MANAGE_ENGAGEMENT)
    review = round_.review
    if round_.audience != ConsultationRound.Audience.INVITED:
        messages.info(request, _("Only a round for invited people takes invitations."))
        return redirect("stakeholders:round-detail", pk=review.pk, round_pk=round_.pk)
    form = InvitationForm(request.POST or None, contacts=_contacts(request, review))
    if request.method == "POST" and form.is_valid():
        try:
            created = invitations.round_invite(
                actor=request.user,
                round_=round_,
                emails=form.cleaned_data["emails"],
                contacts=form.cleaned_data["contact_objects"],
                base_url=_base_url(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if created:
                messages.success(
                    request,
                    ngettext("%(count)s invitation sent.", "%(count)s invitations sent.", len(created))
                    % {"count": len(created)},
                )
            else:
                messages.info(request, _("Everyone listed had already been invited."))
            return redirect("stakeholders:round-invitations", pk=review.pk, round_pk=round_.pk)
    return render(
        request,
        "stakeholders/rounds/invitations.html",
        {"review": review, "round": round_, "form": form, "invitations": selectors.round_invitation_list(round_)},
    )


def _invitation(round_, invitation_pk: int) -> RoundInvitation:
    invitation = get_object_or_404(RoundInvitation, pk=invitation_pk, round=round_)
    invitation.round = round_
    return invitation


@login_required
@require_POST
def round_invitation_resend(request, pk: int, round_pk: int, invitation_pk: int):
    round_ = get_round_for(request, pk, round_pk, MANAGE_ENGAGEMENT)
    invitation = _invitation(round_, invitation_pk)
    try:
        invitations.round_invitation_resend(actor=request.user, invitation=invitation, base_url=_base_url(request))
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The invitation to %(email)s has been sent again.") % {"email": invitation.email})
    return redirect("stakeholders:round-invitations", pk=pk, round_pk=round_.pk)


@login_required
@require_POST
def round_invitation_revoke(request, pk: int, round_pk: int, invitation_pk: int):
    round_ = get_round_for(request, pk, round_pk, MANAGE_ENGAGEMENT)
    invitation = _invitation(round_, invitation_pk)
    invitations.round_invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, _("The invitation to %(email)s has been withdrawn.") % {"email": invitation.email})
    return redirect("stakeholders:round-invitations", pk=pk, round_pk=round_.pk)
