"""Every account gets its profile when it is created, whichever way it is (sign-up,
invitation, admin, createsuperuser, tests' factories); every sign-in starts its session's
clocks (sessions.py). Connected in VnrPortalConfig.ready()."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import Signal

from .sessions import session_stamp_sign_in


def create_profile(sender, instance, created, raw=False, **kwargs):
    # Fixtures (raw) bring their own profiles; profile_for() covers any account left without.
    if created and not raw:
        from .services import profile_create

        profile_create(user=instance)


def start_session_clocks(sender, request=None, user=None, **kwargs):
    # Every way of signing in sends user_logged_in: the login pages, an accepted invitation,
    # a sign-up, the tests' client.login and force_login.
    session = getattr(request, "session", None)
    if session is not None:
        session_stamp_sign_in(session)


def connect() -> None:
    post_save.connect(create_profile, sender=settings.AUTH_USER_MODEL, dispatch_uid="vnr_portal.accounts.profile")
    user_logged_in.connect(start_session_clocks, dispatch_uid="vnr_portal.accounts.session_clocks")


# Sent inside the transaction of a change to a personal API token ("api_token.create",
# "api_token.revoke"), with actor, token and action: the audit log lives in an app
# (reviews.core.audit) that vnr_portal.accounts may not import, so ReviewsConfig.ready()
# connects the receiver that records it (the registry pattern of docs/architecture.md).
api_token_changed = Signal()
