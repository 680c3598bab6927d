"""Changing a profile, and rendering things for one person in their language."""

import datetime
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import ApiToken, ApiTokenScope, Profile
from .selectors import api_tokens_of, profile_for, supported_language, two_factor_device, user_language, user_time_zone
from .signals import api_token_changed
from .tokens import hash_token, new_token_text


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


# --- Personal API tokens --------------------------------------------------------------------

API_TOKEN_MAX_DAYS = 366


@transaction.atomic
def api_token_create(*, user, name: str, scope: str, expires_on) -> tuple[ApiToken, str]:
    """A new token of `user`: (token, its text). The text is returned only here, never
    stored: only its SHA-256 is. ValidationError at the field for a name already used by a
    live token, an expiry in the past or more than a year away."""
    today = timezone.localdate()
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, such as the system that will use it.")})
    if expires_on is None or expires_on <= today:
        raise ValidationError({"expires_on": _("Choose an expiry date after today.")})
    if expires_on > today + datetime.timedelta(days=API_TOKEN_MAX_DAYS - 1):
        raise ValidationError({"expires_on": _("A token expires within a year: choose an earlier date.")})
    if scope not in ApiTokenScope.values:
        raise ValidationError({"scope": _("Choose read only or read and write.")})
    if api_tokens_of(user).filter(name=name, revoked_at__isnull=True, expires_on__gte=today).exists():
        raise ValidationError({"name": _("You already have a token with this name. Choose another name.")})
    prefix, text = new_token_text()
    token = ApiToken(
        user=user, name=name, scope=scope, expires_on=expires_on, prefix=prefix, secret_hash=hash_token(text)
    )
    token.full_clean()
    token.save()
    api_token_changed.send(sender=ApiToken, actor=user, token=token, action="api_token.create")
    return token, text


@transaction.atomic
def api_token_revoke(*, user, token_pk: int) -> ApiToken:
    """Revoke one of `user`'s tokens (idempotent); ValidationError if it is not theirs."""
    token = api_tokens_of(user).select_for_update().filter(pk=token_pk).first()
    if token is None:
        raise ValidationError(_("This token does not exist or is not yours."), code="not_found")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        api_token_changed.send(sender=ApiToken, actor=user, token=token, action="api_token.revoke")
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Note when the token was last used (at most once a minute, without a transaction)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
