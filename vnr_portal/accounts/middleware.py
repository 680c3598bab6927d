"""The signed-in person's time zone and language for each request."""

from django.conf import settings
from django.utils import timezone, translation

from .selectors import profile_for, supported_language


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
