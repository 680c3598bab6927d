"""The signed link of an invitation, and why a link cannot be used.

The link carries a token signed with `TimestampSigner` over "<invitation id>:<secret>";
the invitation stores only the secret's SHA-256 (`Invitation.nonce`, `link_secret_hash`).
A new secret is drawn when an e-mail goes out, so a link expires INVITATION_MAX_AGE_DAYS
after it was sent and every e-mail retires the links of the earlier ones.
No queries here: reading the invitation a link points to is
`reviews.workspace.selectors.invitations.invitation_get_from_token`.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy

from reviews.core.models import MemberRole
from reviews.workspace.models import Invitation
from vnr_portal.common.site import absolute_url

TOKEN_SALT = "reviews.invitation"


# Why a link cannot be used, shown to the person who opened it as-is.
LINK_ERRORS = {
    "tampered": gettext_lazy(
        "This invitation link is not valid. Check that you opened the whole link from the e-mail, "
        "or ask the review's coordinator to send the invitation again."
    ),
    "missing": gettext_lazy("This invitation no longer exists. Ask the review's coordinator for a new one."),
    "expired": gettext_lazy("This invitation link has expired. Ask the review's coordinator to send it again."),
    "revoked": gettext_lazy("This invitation has been withdrawn by the review's coordinator."),
    "used": gettext_lazy("This invitation has already been accepted. Log in to open the review."),
    "replaced": gettext_lazy(
        "This invitation has been sent again since this e-mail: use the link in the most recent e-mail."
    ),
    "wrong_user": gettext_lazy(
        "This invitation was sent to another e-mail address than the one of the account you are logged in with."
    ),
    "account_exists": gettext_lazy("An account with this e-mail address already exists: log in to accept."),
}


class InvitationLinkError(Exception):
    """An invitation link that cannot be used; `message` is the sentence to show."""

    def __init__(self, code: str):
        self.code = code
        self.message = LINK_ERRORS[code]
        super().__init__(str(self.message))


def link_signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=TOKEN_SALT)


def link_max_age() -> datetime.timedelta:
    return datetime.timedelta(days=settings.INVITATION_MAX_AGE_DAYS)


def role_labels(roles: list[str]) -> list[str]:
    return [str(MemberRole(role).label) if role in MemberRole.values else role for role in roles]


def new_link_secret() -> tuple[str, str]:
    """(secret, its hash): the secret goes into the e-mailed link, the hash into the row."""
    secret = secrets.token_urlsafe(24)
    return secret, link_secret_hash(secret)


def link_secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def invitation_token(invitation: Invitation, secret: str) -> str:
    """The signed, timestamped token of the invitation's link with `secret` (valid from now on)."""
    return link_signer().sign(f"{invitation.pk}:{secret}")


def invitation_url(invitation: Invitation, secret: str) -> str:
    """The absolute address of the invitation's link, for the e-mail."""
    return absolute_url("reviews:invitation-accept", token=invitation_token(invitation, secret))


def invitation_is_for(invitation: Invitation, user) -> bool:
    """Whether `user` is logged in with the account of the invitation's e-mail address."""
    if not user or not user.is_authenticated:
        return False
    email = invitation.email.lower()
    return user.get_username().lower() == email or (user.email or "").lower() == email
