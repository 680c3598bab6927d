"""Reading a person's profile: their language and time zone, with safe fallbacks."""

import datetime
import zoneinfo
from base64 import b32encode

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import ApiToken, Profile, is_time_zone
from .tokens import split_token, token_matches

# Offered on the settings page, with the portal's zone and the person's current one (the
# model accepts any IANA name): a few zones for each region of the world.
COMMON_TIME_ZONES = [
    "UTC",
    "Africa/Abidjan",
    "Africa/Accra",
    "Africa/Addis_Ababa",
    "Africa/Algiers",
    "Africa/Cairo",
    "Africa/Casablanca",
    "Africa/Dakar",
    "Africa/Johannesburg",
    "Africa/Kinshasa",
    "Africa/Lagos",
    "Africa/Nairobi",
    "America/Bogota",
    "America/Chicago",
    "America/Denver",
    "America/Argentina/Buenos_Aires",
    "America/Lima",
    "America/Los_Angeles",
    "America/Mexico_City",
    "America/New_York",
    "America/Santiago",
    "America/Sao_Paulo",
    "America/Toronto",
    "Asia/Almaty",
    "Asia/Amman",
    "Asia/Baghdad",
    "Asia/Bangkok",
    "Asia/Beirut",
    "Asia/Dhaka",
    "Asia/Dubai",
    "Asia/Ho_Chi_Minh",
    "Asia/Hong_Kong",
    "Asia/Jakarta",
    "Asia/Karachi",
    "Asia/Kathmandu",
    "Asia/Kolkata",
    "Asia/Manila",
    "Asia/Riyadh",
    "Asia/Seoul",
    "Asia/Shanghai",
    "Asia/Singapore",
    "Asia/Tashkent",
    "Asia/Tehran",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Europe/Berlin",
    "Europe/Istanbul",
    "Europe/Kyiv",
    "Europe/London",
    "Europe/Moscow",
    "Europe/Paris",
    "Pacific/Auckland",
    "Pacific/Fiji",
]


def supported_language(code) -> str:
    """The interface language closest to `code` ("zh-Hans" → "zh-hans", "en-gb" → "en"),
    else the portal's default."""
    if code:
        try:
            return translation.get_supported_language_variant(str(code).lower())
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


def profile_for(user) -> Profile:
    """The person's profile. Every account gets one when it is created; one that has none
    (rows loaded by hand, say) gets it now, so that reading never fails."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        profile, _created = Profile.objects.get_or_create(user=user)
        user.profile = profile
        return profile


def profiles_load(users) -> None:
    """Load the profiles of `users` in one query (none when all are loaded already)."""
    prefetch_related_objects([user for user in users if getattr(user, "pk", None)], "profile")


def user_language(user) -> str:
    """The language to speak to `user` in: their profile's, else the portal's default."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.pk:
        return settings.LANGUAGE_CODE
    return supported_language(profile_for(user).language)


def user_time_zone(user) -> zoneinfo.ZoneInfo:
    """The time zone to show `user` times in: their profile's, else the portal's."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.pk:
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return profile_for(user).zone


def time_zone_choices(current: str = "") -> list[tuple[str, str]]:
    """(name, "name (UTC+hh:mm)") for the common zones, the portal's and `current`, offsets as of now."""
    names = dict.fromkeys([*COMMON_TIME_ZONES, settings.TIME_ZONE, current])
    now = timezone.now()
    choices = []
    for name in sorted((n for n in names if is_time_zone(n)), key=lambda n: (n != "UTC", n)):
        offset = now.astimezone(zoneinfo.ZoneInfo(name)).utcoffset() or datetime.timedelta(0)
        minutes = int(offset.total_seconds()) // 60
        sign = "+" if minutes >= 0 else "−"
        hours, rest = divmod(abs(minutes), 60)
        choices.append((name, f"{name.replace('_', ' ')} (UTC{sign}{hours:02d}:{rest:02d})"))
    return choices


def two_factor_device(user) -> TOTPDevice | None:
    """The person's confirmed authenticator (TOTP) device: set when two-factor sign-in is on."""
    if not getattr(user, "pk", None):
        return None
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("pk").first()


def two_factor_required(user) -> bool:
    """Whether `user` must use two-factor sign-in: REQUIRE_2FA_FOR_COORDINATORS is on and
    TWO_FACTOR_REQUIRED_FOR(user) (a coordinator of any review) says so."""
    if not settings.REQUIRE_2FA_FOR_COORDINATORS or not getattr(user, "is_authenticated", False):
        return False
    return bool(import_string(settings.TWO_FACTOR_REQUIRED_FOR)(user))


def two_factor_secret(device: TOTPDevice) -> str:
    """The device's secret key in base32, in groups of four, as authenticator apps take it typed."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def api_tokens_of(user):
    """The person's API tokens, newest first (revoked and expired ones too, marked as such)."""
    return ApiToken.objects.filter(user_id=user.pk).order_by("-created_at", "-pk")


def api_token_for_text(text: str):
    """The token whose text this is (any state: the caller checks expiry and revocation), or None."""
    prefix = split_token(text)
    if prefix is None:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not token_matches(token, text):
        return None
    return token
