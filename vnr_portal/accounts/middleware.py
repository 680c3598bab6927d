"""What every request of a signed-in person goes through: their time zone and language,
the session's time limits, the two-factor requirement, and no caching of their pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_htmx.http import HttpResponseClientRedirect

from . import sessions
from .selectors import profile_for, supported_language, two_factor_required


def _language_chosen(request) -> bool:
    """Whether this request names its language itself: in the URL, or by the cookie the
    language switcher sets. Either one wins over the profile."""
    if translation.get_language_from_path(request.path_info):
        return True
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if not cookie:
        return False
    try:
        translation.get_supported_language_variant(cookie)
    except LookupError:
        return False
    return True


class ProfileMiddleware:
    """After AuthenticationMiddleware: show times in the person's time zone, and speak their
    language unless the URL or the language cookie chose one (LocaleMiddleware, which runs
    before the user is known, has picked the cookie's or the browser's).

    Costs no query when the user was loaded with their profile (PortalModelBackend does).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            profile = profile_for(user)
            timezone.activate(profile.zone)
            if not _language_chosen(request):
                language = supported_language(profile.language)
                translation.activate(language)
                request.LANGUAGE_CODE = language
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _leave_to(request, url: str):
    """Send the browser to `url`: htmx follows HX-Redirect, a page a plain redirect."""
    return HttpResponseClientRedirect(url) if _is_htmx(request) else redirect(url)


def _signed_in_user(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


class SessionTimeoutMiddleware:
    """Signs out a session idle for SESSION_IDLE_TIMEOUT seconds, or signed in more than
    SESSION_COOKIE_AGE seconds ago, and says why on the login page.

    An htmx GET (a page's poll or partial) does not count as activity: a page left open
    keeps asking by itself. Writes the session at most once a minute (sessions.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _signed_in_user(request) is not None:
            reason = sessions.session_expiry_reason(
                request.session, idle_timeout=settings.SESSION_IDLE_TIMEOUT, max_age=settings.SESSION_COOKIE_AGE
            )
            if reason:
                return self._sign_out(request, reason)
            if not (_is_htmx(request) and request.method == "GET"):
                sessions.session_touch(request.session)
        return self.get_response(request)

    def _sign_out(self, request, reason: str):
        logout(request)
        if reason == "idle":
            hours = max(1, round(settings.SESSION_IDLE_TIMEOUT / 3600))
            text = ngettext(
                "You were signed out after %(hours)d hour without activity. Log in again to continue.",
                "You were signed out after %(hours)d hours without activity. Log in again to continue.",
                hours,
            ) % {"hours": hours}
        else:
            text = _("Your session has ended: sessions last at most a set time. Log in again to continue.")
        messages.info(request, text)
        if request.method == "GET" and not _is_htmx(request):
            return redirect_to_login(request.get_full_path())
        return _leave_to(request, resolve_url(settings.LOGIN_URL))


# Where a person who must set up two-factor sign-in may still go.
TWO_FACTOR_SETUP_ALLOWED = ("accounts:two-factor", "logout", "set_language")


class TwoFactorRequiredMiddleware:
    """With REQUIRE_2FA_FOR_COORDINATORS on, a person for whom TWO_FACTOR_REQUIRED_FOR(user)
    is true (a coordinator of any review) and whose session has not passed the two-factor
    step is sent to set it up, and can reach nothing else but logging out.

    One query per request for such sessions only while the setting is on; none when off.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = _signed_in_user(request) if settings.REQUIRE_2FA_FOR_COORDINATORS else None
        if user is not None and not user.is_verified() and not self._allowed(request):
            if two_factor_required(user):
                if not _is_htmx(request):
                    messages.warning(
                        request, _("Your role asks for two-factor sign-in: set it up to continue using the portal.")
                    )
                return _leave_to(request, reverse("accounts:two-factor"))
        return self.get_response(request)

    @staticmethod
    def _allowed(request) -> bool:
        return request.path_info in {reverse(name) for name in TWO_FACTOR_SETUP_ALLOWED}


class NoStoreForSignedInMiddleware:
    """`Cache-Control: private, no-store` on every answer to a signed-in person, so that
    neither a shared proxy nor the browser's cache keeps a page or a download for the next
    user of the machine. Static files never come here (WhiteNoise answers them first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _signed_in_user(request) is not None:
            if "Cache-Control" in response:
                del response["Cache-Control"]
            patch_cache_control(response, private=True, no_store=True)
        return response
