"""Signing in and out (the password step, the two-factor step, logging out), the "My
settings" page with two-factor set-up, the language switcher that remembers the choice,
and the password-reset request, throttled."""

import datetime

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from vnr_portal.common.errors import add_service_errors
from vnr_portal.common.throttle import Throttled, client_id, throttle_all, throttled_response

from . import services, sessions
from .forms import ApiTokenForm, CodeForm, PortalPasswordResetForm, SettingsForm
from .lockout import lockout_response
from .selectors import api_tokens_of, profile_for, two_factor_device, two_factor_required, two_factor_secret

# The password step of a person with two-factor sign-in on, waiting for the code step:
# {"user": pk, "backend": path, "at": seconds, "next": url already checked}.
LOGIN_PENDING_KEY = "vnr_login_pending"

# The page keeps the look of the part of the portal it was opened from: the public
# consultation portal links here with ?site=portal (this package asks no app of ours
# who is a contributor).
LAYOUTS = {"portal": "stakeholders/public/base.html"}
DEFAULT_LAYOUT = "base.html"


def _layout(request) -> str:
    return LAYOUTS.get(request.GET.get("site", ""), DEFAULT_LAYOUT)


def _set_language_cookie(response, language: str) -> None:
    """The cookie Django's set_language sets: it wins over the profile on this browser."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@login_required
def settings_page(request):
    profile = profile_for(request.user)
    form = SettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"language": profile.language, "time_zone": profile.time_zone},
        current_time_zone=profile.time_zone,
    )
    if form.is_bound and form.is_valid():
        try:
            profile = services.profile_update(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            with translation.override(profile.language):
                messages.success(request, _("Your settings have been saved."))
            response = redirect(request.get_full_path())
            _set_language_cookie(response, profile.language)
            return response
    return _settings_render(request, form=form, profile=profile, status=400 if form.is_bound else 200)


def _settings_render(request, *, form=None, profile=None, token_form=None, new_token=None, status=200):
    profile = profile or profile_for(request.user)
    if form is None:
        form = SettingsForm(
            initial={"language": profile.language, "time_zone": profile.time_zone},
            current_time_zone=profile.time_zone,
        )
    context = {
        "form": form,
        "profile": profile,
        "two_factor_on": two_factor_device(request.user) is not None,
        "layout": _layout(request),
        "token_form": token_form or ApiTokenForm(initial={"expires_on": timezone.localdate() + TOKEN_DEFAULT_AGE}),
        "tokens": list(api_tokens_of(request.user)),
        "new_token": new_token,
        "today": timezone.localdate(),
    }
    return render(request, "accounts/settings.html", context, status=status)


# --- Personal API tokens ------------------------------------------------------------------

TOKEN_DEFAULT_AGE = datetime.timedelta(days=90)


@login_required
@require_POST
def api_token_create(request):
    """Make a token; its text is shown on this answer only (never stored, never shown again)."""
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            token, text = services.api_token_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _settings_render(request, new_token={"token": token, "text": text})
    return _settings_render(request, token_form=form, status=400)


@login_required
@require_POST
def api_token_revoke(request, token_pk: int):
    try:
        token = services.api_token_revoke(user=request.user, token_pk=token_pk)
    except ValidationError:
        raise Http404 from None
    messages.success(request, _("The token “%(name)s” has been revoked: it no longer works.") % {"name": token.name})
    return redirect(reverse("accounts:settings") + "#api-tokens-heading")


def set_language(request):
    """Django's set_language (same URL and name); a signed-in person's choice is also kept
    in their profile, so that their e-mails and other browsers follow it."""
    response = i18n.set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            language = translation.get_supported_language_variant(request.POST.get("language") or "")
        except LookupError:
            return response
        if settings.LANGUAGE_COOKIE_NAME in response.cookies:
            services.profile_set_language(user=request.user, language=language)
    return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password-reset request, at most so many a period per client and per address
    (THROTTLE_RATES "password_reset_client", "password_reset_email"), so that it cannot
    flood someone's mailbox. The answer to a throttled request (429) is the same whether
    the address has an account or not. The portal's own pages and e-mail
    (`PortalPasswordResetForm`: the person's language, SITE_NAME, links on SITE_URL)."""

    form_class = PortalPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "layout": _layout(self.request)}

    def form_valid(self, form):
        address = (form.cleaned_data.get("email") or "").strip().lower()
        try:
            throttle_all([("password_reset_client", client_id(self.request)), ("password_reset_email", address)])
        except Throttled as error:
            return throttled_response(self.request, error)
        return super().form_valid(form)


# --- Signing in and out -----------------------------------------------------------------


class LoginView(auth_views.LoginView):
    """Django's login page (django-axes counts its failures). A person with two-factor
    sign-in on is not signed in by the password alone: the code step follows."""

    def form_valid(self, form):
        user = form.get_user()
        if two_factor_device(user) is None:
            return super().form_valid(form)
        self.request.session[LOGIN_PENDING_KEY] = {
            "user": user.pk,
            "backend": user.backend,
            "at": sessions.now(),
            "next": self.get_success_url(),
        }
        return redirect("login-code")


def _pending_login(request):
    """(user, pending) of the password step awaiting its code, or (None, None) when there is
    none, it is older than LOGIN_CODE_MAX_AGE, or the account or its device is gone."""
    pending = request.session.get(LOGIN_PENDING_KEY)
    if not isinstance(pending, dict) or sessions.now() - int(pending.get("at", 0)) > settings.LOGIN_CODE_MAX_AGE:
        return None, None
    user = get_user_model()._default_manager.filter(pk=pending.get("user"), is_active=True).first()
    return (user, pending) if user is not None else (None, None)


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_code(request):
    """The second step of signing in: the code from the authenticator app. A wrong code counts
    as a failed sign-in for django-axes, like a wrong password."""
    user, pending = _pending_login(request)
    device = two_factor_device(user) if user is not None else None
    if device is None:
        request.session.pop(LOGIN_PENDING_KEY, None)
        messages.info(request, _("Enter your password again: the sign-in was not finished in time."))
        return redirect("login")
    credentials = {"username": user.get_username()}
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        if not AxesProxyHandler.is_allowed(request, credentials):
            return lockout_response(request, None, credentials)
        if device.verify_token(form.cleaned_data["code"]):
            del request.session[LOGIN_PENDING_KEY]
            auth_login(request, user, backend=pending["backend"])
            django_otp.login(request, device)
            return redirect(pending["next"])
        form.add_error("code", _("This code is not right. Enter the 6 digits your authenticator app shows now."))
        # django-axes records it; AxesMiddleware shows the lockout page at the limit.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return render(request, "registration/login_code.html", {"form": form}, status=400 if form.is_bound else 200)


class LogoutView(auth_views.LogoutView):
    """Django's logout (POST only). The answer also asks the browser to forget what it kept for
    the portal: its cache and its storage, where the editor keeps unsaved text
    (static/js/logout.js clears those drafts too, for browsers that ignore the header)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


def admin_login(request):
    """The admin's own login form would skip the two-factor step: it sends to the portal's."""
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


# --- Two-factor sign-in -------------------------------------------------------------------


@sensitive_post_parameters("code")
@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Turn two-factor sign-in on (add the key to an authenticator app, confirm with a code)
    or off (with a code). Those whose role requires it cannot turn it off."""
    device = two_factor_device(request.user)
    required = two_factor_required(request.user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if device is not None and required:
        form = None
    elif form.is_bound and form.is_valid():
        code = form.cleaned_data["code"]
        try:
            if device is None:
                # This session has just shown the code: it counts as signed in with it.
                django_otp.login(request, services.two_factor_enable(user=request.user, code=code))
                done = _("Two-factor sign-in is on: from now on you will enter a code after your password.")
            else:
                services.two_factor_disable(user=request.user, code=code)
                done = _("Two-factor sign-in is off.")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(request.get_full_path())
    context = {
        "device": device,
        "required": required,
        "verified": request.user.is_verified(),
        "form": form,
        "layout": _layout(request),
    }
    if device is None:
        pending = services.two_factor_device_pending(user=request.user)
        context.update(secret=two_factor_secret(pending), config_url=pending.config_url)
    return render(
        request, "accounts/two_factor.html", context, status=400 if form is not None and form.is_bound else 200
    )
