"""Public accounts: sign-up, verifying the e-mail address, invitations, the code of conduct."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviews.core.sanitize import clean_html
from stakeholders import rules as perms
from vnr_portal.common.errors import add_service_errors
from vnr_portal.common.throttle import Throttled, client_id, retry_after, throttle_all

from .. import selectors
from ..forms.accounts import SignupForm
from ..forms.contributions import AboutForm
from ..selectors import normalise_email
from ..services import accounts as services
from . import drafts
from .access import get_portal_review, refused

BACKEND = "reviews.core.backends.PortalModelBackend"


def _safe_next(request, default: str) -> str:
    return drafts.safe_next(request, request.POST.get("next") or request.GET.get("next"), default)


def _join_url(next_url: str) -> str:
    url = reverse("stakeholders:portal-signup")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _login_form(request) -> AuthenticationForm:
    """The login page's form, shown here; it posts to the login page (two-factor step,
    lockout), with `next`."""
    form = AuthenticationForm(request)
    form.fields["username"].label = _("E-mail address or user name")
    # Two forms on the page: neither takes the focus from the other.
    form.fields["username"].widget.attrs.pop("autofocus", None)
    return form


def signup(request):
    """One page to create an account or log in, for the public: it keeps the page the
    person came from (`next`, ours only) and what they typed there (views/drafts.py),
    and brings them back to it after the e-mail verification."""
    next_url = _safe_next(request, "") or drafts.pending_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or reverse("stakeholders:portal-mine"))
    form = SignupForm(request.POST or None)
    draft = drafts.draft_for(request, next_url) if next_url else {}
    context = {
        "form": form,
        "next": next_url,
        "draft_kept": bool(draft.get("body")),
        "login_form": _login_form(request),
    }
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
                return retry_after(render(request, "stakeholders/portal/signup.html", context, status=429), error)
            try:
                services.contributor_signup_public(
                    display_name=form.cleaned_data["display_name"],
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password1"],
                    draft=draft,
                    return_to=next_url,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                # The same answer whether the address was free or already had an account
                # (its owner is told by e-mail instead): not signed in either way, the
                # link in the e-mail leads back to `next` through the login.
                return redirect("stakeholders:portal-verify-sent")
    status = 400 if form.is_bound else 200
    return render(request, "stakeholders/portal/signup.html", context, status=status)


def verify_sent(request):
    profile = selectors.contributor_profile_get(request.user)
    return render(
        request,
        "stakeholders/portal/verify_sent.html",
        {"profile": profile, "draft_kept": bool(drafts.pending_next(request))},
    )


def verify(request, token: str):
    """Confirm the address, then back to the page the person left to sign up (kept on
    their profile, checked again), through the login when this browser is not theirs."""
    try:
        user = selectors.user_get_by_verification_token(token)
    except selectors.InvalidToken as error:
        return render(request, "stakeholders/portal/verify_failed.html", {"message": str(error)}, status=400)
    profile = services.contributor_verify(user=user)
    back = drafts.safe_next(request, profile.return_to) or reverse("stakeholders:portal-mine")
    if request.user.is_authenticated and request.user.pk == user.pk:
        messages.success(
            request, _("Thank you: your e-mail address is confirmed. You can now take part in open rounds.")
        )
        return redirect(back)
    messages.success(request, _("Thank you: your e-mail address is confirmed. Log in to continue."))
    return redirect(_join_url(back) + "#login-heading")


@login_required
def profile(request):
    """My profile: the optional answers about me (the inclusiveness figures), asked once
    with my first contribution and changed here. Only for contributor accounts."""
    profile_, reviews, categories = selectors.contributor_about_get(request.user)
    if profile_ is None:
        return redirect("stakeholders:portal-mine")
    mine = {c.review_id: str(c.pk) for c in profile_.categories.all()}
    initial = {"region": profile_.region, "gender": profile_.gender}
    initial.update({f"category_{review_id}": pk for review_id, pk in mine.items()})
    form = AboutForm(request.POST or None, reviews=reviews, categories_by_review=categories, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.contributor_about_set(
                user=request.user,
                region=form.cleaned_data["region"],
                gender=form.cleaned_data["gender"],
                categories=form.categories(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("stakeholders:portal-profile")
    return render(
        request,
        "stakeholders/portal/profile.html",
        {"profile": profile_, "form": form},
        status=400 if form.is_bound else 200,
    )


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
