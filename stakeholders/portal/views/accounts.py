"""Public accounts: sign-up, verifying the e-mail address, invitations, the code of conduct."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviews.core.sanitize import clean_html
from stakeholders import rules as perms
from vnr_portal.common.errors import add_service_errors
from vnr_portal.common.throttle import Throttled, client_id, retry_after, throttle_all

from .. import selectors
from ..forms.accounts import SignupForm
from ..selectors import normalise_email
from ..services import accounts as services
from .access import get_portal_review, refused

BACKEND = "reviews.core.backends.PortalModelBackend"


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def signup(request):
    if request.user.is_authenticated:
        messages.info(request, _("You are already logged in."))
        return redirect("stakeholders:portal-mine")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        if form.is_bot():
            # Nothing saved, and the same answer as a real sign-up.
            return redirect("stakeholders:portal-verify-sent")
        if form.is_valid():
            try:
                throttle_all(
                    [
                        ("signup_client", client_id(request)),
                        ("signup_email", normalise_email(form.cleaned_data["email"])),
                    ]
                )
            except Throttled as error:
                form.add_error(None, str(error))
                return retry_after(
                    render(request, "stakeholders/portal/signup.html", {"form": form}, status=429), error
                )
            try:
                services.contributor_signup_public(
                    display_name=form.cleaned_data["display_name"],
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password1"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                # The same answer whether the address was free or already had an account
                # (its owner is told by e-mail instead): not signed in either way, the
                # link in the e-mail leads to the login.
                return redirect("stakeholders:portal-verify-sent")
    status = 400 if form.is_bound else 200
    return render(request, "stakeholders/portal/signup.html", {"form": form}, status=status)


def verify_sent(request):
    profile = selectors.contributor_profile_get(request.user)
    return render(request, "stakeholders/portal/verify_sent.html", {"profile": profile})


def verify(request, token: str):
    try:
        user = selectors.user_get_by_verification_token(token)
    except selectors.InvalidToken as error:
        return render(request, "stakeholders/portal/verify_failed.html", {"message": str(error)}, status=400)
    services.contributor_verify(user=user)
    messages.success(request, _("Thank you: your e-mail address is confirmed. You can now take part in open rounds."))
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect("stakeholders:portal-mine")
    return redirect(f"{reverse('login')}?next={reverse('stakeholders:portal-mine')}")


@login_required
@require_POST
def verify_resend(request):
    profile = selectors.contributor_profile_get(request.user)
    if profile is not None and profile.is_verified:
        messages.info(request, _("Your e-mail address is already confirmed."))
        return redirect("stakeholders:portal-mine")
    services.verification_send(user=request.user)
    messages.success(
        request, _("We have sent a new link to %(email)s. It is valid for three days.") % {"email": request.user.email}
    )
    return redirect("stakeholders:portal-verify-sent")


def invitation(request, token: str):
    invitation = selectors.round_invitation_get_by_token(token)
    if invitation is None:
        return render(request, "stakeholders/portal/invitation_invalid.html", {}, status=404)
    round_ = invitation.round
    review = round_.review
    if not perms.is_round_public.test(request.user, round_):
        return render(request, "stakeholders/portal/invitation_invalid.html", {}, status=404)
    portal = review.portal
    round_url = reverse("stakeholders:portal-round", args=[review.pk, round_.pk])
    context = {"invitation": invitation, "round": round_, "review": review, "portal": portal}
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                services.invitation_accept(user=request.user, invitation=invitation)
            except services.InvitationUnusable as error:
                return render(
                    request, "stakeholders/portal/invitation_invalid.html", {"message": str(error)}, status=410
                )
            messages.success(
                request, _("Invitation accepted: you can now take part in “%(round)s”.") % {"round": round_.title}
            )
            return redirect(round_url)
        if invitation.accepted_by_id == request.user.pk:
            return redirect(round_url)
        if invitation.accepted_by_id is not None:
            return render(
                request,
                "stakeholders/portal/invitation_invalid.html",
                {"message": _("This invitation has already been accepted with another account.")},
                status=410,
            )
        return render(request, "stakeholders/portal/invitation_accept.html", context)
    if invitation.accepted_by_id is not None:
        context["login_url"] = f"{reverse('login')}?next={round_url}"
        return render(request, "stakeholders/portal/invitation_used.html", context)
    form = SignupForm(request.POST or None, fixed_email=invitation.email)
    if request.method == "POST":
        if form.is_bot():
            return redirect(request.path)
        if form.is_valid():
            try:
                user = services.contributor_signup_for_invitation(
                    display_name=form.cleaned_data["display_name"],
                    password=form.cleaned_data["password1"],
                    invitation=invitation,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except services.InvitationUnusable as error:
                form.add_error(None, str(error))
            else:
                login(request, user, backend=BACKEND)
                messages.success(
                    request,
                    _("Welcome: your account is ready and you can take part in “%(round)s”.") % {"round": round_.title},
                )
                return redirect(round_url)
    context.update(form=form, login_url=f"{reverse('login')}?next={request.path}")
    return render(request, "stakeholders/portal/invitation_signup.html", context, status=400 if form.is_bound else 200)


@login_required
def conduct(request, pk: int):
    review = get_portal_review(request, pk)
    default = reverse("stakeholders:portal-home", args=[review.pk])
    next_url = _safe_next(request, default)
    verified = perms.is_verified_contributor.test(request.user, review)
    if request.method == "POST":
        try:
            services.conduct_accept(user=request.user, review=review)
        except PermissionDenied as error:
            return refused(request, review, None, str(error), status=403, reason="unverified")
        messages.success(request, _("Thank you for accepting the code of conduct."))
        return redirect(next_url)
    accepted = selectors.conduct_accepted(user=request.user, review=review)
    return render(
        request,
        "stakeholders/portal/conduct.html",
        {
            "review": review,
            "portal": review.portal,
            "code_of_conduct": clean_html(review.portal.code_of_conduct),
            "accepted": accepted,
            "verified": verified,
            "unverified_message": services.CONDUCT_UNVERIFIED,
            "next": next_url,
        },
    )
