"""Members of a review, invitations, and accepting an invitation through its link."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviews.core.access import get_review_for
from reviews.core.models import Membership
from reviews.rules import forget_memberships
from reviews.workspace.forms.members import InvitationForm, InvitationSignupForm
from reviews.workspace.invitation_links import InvitationLinkError, invitation_is_for
from reviews.workspace.models import Invitation
from reviews.workspace.selectors.invitations import (
    invitation_get_account,
    invitation_get_from_token,
    invitation_list_pending,
)
from reviews.workspace.selectors.members import member_list
from reviews.workspace.services import invitations as invitation_services
from reviews.workspace.services.members import membership_revoke

MANAGE = "reviews.manage_members"


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def members(request, pk: int):
    review = get_review_for(request, pk)
    invitations = invitation_list_pending(review) if request.user.has_perm(MANAGE, review) else []
    return render(
        request,
        "reviews/workspace/members.html",
        {"review": review, "people": member_list(review), "invitations": invitations},
    )


@login_required
def member_invite(request, pk: int):
    review = get_review_for(request, pk, MANAGE)
    form = InvitationForm(request.POST or None, review=review, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitation_services.invitation_create(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The invitation to %(email)s is on its way.") % {"email": invitation.email})
            return redirect("reviews:members", pk=review.pk)
    return render(request, "reviews/workspace/members_invite.html", {"review": review, "form": form})


@login_required
def member_remove(request, pk: int, membership_pk: int):
    review = get_review_for(request, pk, MANAGE)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "ministry"), pk=membership_pk, review=review
    )
    membership.review = review
    if request.method != "POST":
        return render(request, "reviews/workspace/members_remove.html", {"review": review, "membership": membership})
    try:
        membership_revoke(actor=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(person)s no longer has the role %(role)s.")
            % {
                "person": membership.user.get_full_name() or membership.user.get_username(),
                "role": membership.get_role_display(),
            },
        )
    forget_memberships(request.user)  # the coordinator may have removed their own role
    if not request.user.has_perm("reviews.view_review", review):
        return redirect("reviews:dashboard")
    return redirect("reviews:members", pk=review.pk)


@login_required
def invitation_revoke(request, pk: int, invitation_pk: int):
    review = get_review_for(request, pk, MANAGE)
    invitation = get_object_or_404(Invitation, pk=invitation_pk, review=review)
    invitation.review = review
    if request.method != "POST":
        return render(request, "reviews/workspace/invitation_revoke.html", {"review": review, "invitation": invitation})
    try:
        invitation_services.invitation_revoke(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invitation to %(email)s has been withdrawn.") % {"email": invitation.email})
    return redirect("reviews:members", pk=review.pk)


@require_POST
@login_required
def invitation_resend(request, pk: int, invitation_pk: int):
    review = get_review_for(request, pk, MANAGE)
    invitation = get_object_or_404(Invitation, pk=invitation_pk, review=review)
    invitation.review = review
    try:
        invitation_services.invitation_resend(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The invitation to %(email)s is being sent again; earlier links no longer work.")
            % {"email": invitation.email},
        )
    return redirect("reviews:members", pk=review.pk)


def invitation_accept(request, token: str):
    """The link of an invitation e-mail: no login needed to open it."""
    try:
        invitation = invitation_get_from_token(token)
    except InvitationLinkError as error:
        return _link_error(request, error)
    if request.user.is_authenticated:
        return _accept_as_user(request, invitation)
    if invitation_get_account(invitation) is not None:
        messages.info(request, _("Log in as %(email)s to accept the invitation.") % {"email": invitation.email})
        return redirect_to_login(request.get_full_path())
    return _accept_with_new_account(request, invitation)


def _link_error(request, error: InvitationLinkError, status: int | None = None):
    status = status or (404 if error.code in {"tampered", "missing"} else 410)
    return render(request, "reviews/workspace/invitation_invalid.html", {"message": error.message}, status=status)


def _landing(request, invitation):
    """The invitation's page after accepting (a focal point's report), else the members."""
    url = invitation.landing_url
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return redirect(url)
    return redirect("reviews:members", pk=invitation.review_id)


def _accept_as_user(request, invitation):
    context = {"invitation": invitation, "review": invitation.review}
    if not invitation_is_for(invitation, request.user):
        return render(request, "reviews/workspace/invitation_accept.html", {**context, "wrong_user": True}, status=403)
    if request.method == "POST":
        try:
            invitation_services.invitation_accept(invitation=invitation, user=request.user)
        except InvitationLinkError as error:
            return _link_error(request, error)
        messages.success(request, _("Welcome to %(review)s.") % {"review": invitation.review.title})
        return _landing(request, invitation)
    return render(request, "reviews/workspace/invitation_accept.html", context)


def _accept_with_new_account(request, invitation):
    form = InvitationSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = invitation_services.invitation_accept_new_user(
                invitation=invitation,
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password"],
            )
        except InvitationLinkError as error:
            return _link_error(request, error)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            login(request, user, backend="reviews.core.backends.PortalModelBackend")
            messages.success(request, _("Welcome to %(review)s.") % {"review": invitation.review.title})
            return _landing(request, invitation)
    return render(
        request,
        "reviews/workspace/invitation_signup.html",
        {"invitation": invitation, "review": invitation.review, "form": form},
    )
