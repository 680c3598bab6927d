"""The "My settings" page, the language switcher that also remembers the choice, and the
password-reset request, throttled."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import i18n

from vnr_portal.common.errors import add_service_errors
from vnr_portal.common.throttle import Throttled, client_id, throttle_all, throttled_response

from . import services
from .forms import SettingsForm
from .selectors import profile_for

# The page keeps the look of the part of the portal it was opened from: the public
# consultation portal links here with ?site=portal (this package asks no app of ours
# who is a contributor).
LAYOUTS = {"portal": "stakeholders/public/base.html"}
DEFAULT_LAYOUT = "base.html"


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
    context = {
        "form": form,
        "profile": profile,
        "layout": LAYOUTS.get(request.GET.get("site", ""), DEFAULT_LAYOUT),
    }
    return render(request, "accounts/settings.html", context, status=400 if form.is_bound else 200)


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
    the address has an account or not."""

    def form_valid(self, form):
        address = (form.cleaned_data.get("email") or "").strip().lower()
        try:
            throttle_all([("password_reset_client", client_id(self.request)), ("password_reset_email", address)])
        except Throttled as error:
            return throttled_response(self.request, error)
        return super().form_valid(form)
