"""Every account gets its profile when it is created, whichever way it is (sign-up,
invitation, admin, createsuperuser, tests' factories). Connected in VnrPortalConfig.ready()."""

from django.conf import settings
from django.db.models.signals import post_save


def create_profile(sender, instance, created, raw=False, **kwargs):
    # Fixtures (raw) bring their own profiles; profile_for() covers any account left without.
    if created and not raw:
        from .services import profile_create

        profile_create(user=instance)


def connect() -> None:
    post_save.connect(create_profile, sender=settings.AUTH_USER_MODEL, dispatch_uid="vnr_portal.accounts.profile")
