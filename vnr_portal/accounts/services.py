"""Changing a profile, and rendering things for one person in their language."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation

from .models import Profile
from .selectors import profile_for, supported_language, user_language, user_time_zone


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
