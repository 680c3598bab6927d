"""The profile: one per account, created with it (see accounts.signals)."""

import functools
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def default_language() -> str:
    return settings.LANGUAGE_CODE


def interface_languages() -> list[tuple[str, str]]:
    # A callable, so that a migration refers to it instead of copying LANGUAGES: a country
    # that adds its national language needs no migration.
    return settings.LANGUAGES


def default_time_zone() -> str:
    return settings.TIME_ZONE


@functools.cache
def _known_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_time_zone(name) -> bool:
    """Whether `name` is an IANA time zone name known to this machine (no file path, no junk)."""
    return isinstance(name, str) and name in _known_time_zones()


def validate_time_zone(value) -> None:
    if not is_time_zone(value):
        raise ValidationError(
            _("Choose a time zone from the list, such as Europe/Paris or Asia/Shanghai."), code="invalid_time_zone"
        )


class Profile(models.Model):
    """A person's own settings. Every account has exactly one (made when the account is)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile", verbose_name=_("account")
    )
    # Defaults are functions so that a migration does not freeze this installation's settings.
    language = models.CharField(_("language"), max_length=10, choices=interface_languages, default=default_language)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=default_time_zone, validators=[validate_time_zone]
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        app_label = "vnr_portal"
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The time zone to show times in (the portal's own when the stored name is unknown)."""
        return zoneinfo.ZoneInfo(self.time_zone if is_time_zone(self.time_zone) else settings.TIME_ZONE)


class ApiTokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class ApiToken(models.Model):
    """A personal API token: a system acts as its owner through the REST API (`/api/v1/`),
    with the owner's permissions, read-only or read-write, until the token expires or is
    revoked. Only the SHA-256 of its secret is kept; the secret is shown once, when made.
    The token's text is `vnr_<prefix>_<secret>`: the prefix finds the row, the hash of the
    whole text proves it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("account")
    )
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=10, choices=ApiTokenScope.choices, default=ApiTokenScope.READ)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    expires_on = models.DateField(_("expires on"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        app_label = "vnr_portal"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix})"

    @property
    def allows_write(self) -> bool:
        """Read by the API's permission classes (vnr_portal.common.api), which know no model."""
        return self.scope == ApiTokenScope.WRITE

    @property
    def throttle_key(self) -> str:
        """Requests are counted per token (vnr_portal.common.api.throttling)."""
        return f"token:{self.pk}"

    def is_active_on(self, today) -> bool:
        return self.revoked_at is None and today <= self.expires_on
