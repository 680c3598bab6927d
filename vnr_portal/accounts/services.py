"""Changing a profile, and rendering things for one person in their language."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Profile
from .selectors import profile_for, supported_language, two_factor_device, user_language, user_time_zone


@contextmanager
def in_language_of(user):
    """Render what is meant for `user` (an e-mail, a notification) as they read it: in
    their profile's language and time zone. The portal's defaults for no user."""
    with translation.override(user_language(user)), timezone.override(user_time_zone(user)):
        yield


def profile_create(*, user) -> Profile:
    """The account's profile with the portal's defaults (idempotent)."""
    profile, _created = Profile.objects.get_or_create(user=user)
    user.profile = profile
    return profile


def profile_set_language(*, user, language) -> Profile:
    """Store `language` (an interface language; e.g. the page's at sign-up) as the person's."""
    profile = profile_for(user)
    language = supported_language(language)
    if profile.language != language:
        profile.language = language
        profile.save(update_fields=["language", "updated_at"])
    return profile


@transaction.atomic
def profile_update(*, user, language: str, time_zone: str) -> Profile:
    """Change the person's language and time zone; ValidationError keyed by field if not valid."""
    profile = profile_for(user)
    before = profile.language, profile.time_zone
    profile.language, profile.time_zone = language, time_zone
    try:
        profile.full_clean(exclude=["user"])
    except ValidationError:
        profile.language, profile.time_zone = before
        raise
    profile.save(update_fields=["language", "time_zone", "updated_at"])
    return profile


def _wrong_code() -> ValidationError:
    return ValidationError(
        {"code": _("This code is not right. Enter the 6 digits your authenticator app shows now.")}, code="wrong_code"
    )


@transaction.atomic
def two_factor_device_pending(*, user) -> TOTPDevice:
    """The authenticator device being set up (not yet confirmed): the one already started, so
    that reloading the page keeps the key, else a new one with a random key."""
    device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app")[:64], confirmed=False)
    return device


# Not atomic: a wrong code counts against the device (django-otp's throttling) and that count
# must stay when the ValidationError is raised.
def two_factor_enable(*, user, code: str) -> TOTPDevice:
    """Turn two-factor sign-in on: the code from the app confirms the pending device (other
    devices of the person are removed). ValidationError at `code` when it is wrong."""
    device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).order_by("pk").first()
    if device is None or not device.verify_token(code):
        raise _wrong_code()
    with transaction.atomic():
        TOTPDevice.objects.filter(user_id=user.pk).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return device


def two_factor_disable(*, user, code: str) -> None:
    """Turn two-factor sign-in off, with a current code from the app as proof. ValidationError
    at `code` when it is wrong. (Not atomic, like two_factor_enable.)"""
    device = two_factor_device(user)
    if device is None:
        return
    if not device.verify_token(code):
        raise _wrong_code()
    TOTPDevice.objects.filter(user_id=user.pk).delete()
