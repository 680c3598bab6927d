"""Reads of invitations: the pending ones of a review, the one a link points to, and the
account of an invitation's address."""

import secrets

from django.contrib.auth import get_user_model
from django.core import signing
from django.db.models import Q
from django.utils import timezone

from reviews.core.models import Review
from reviews.workspace.invitation_links import (
    InvitationLinkError,
    link_max_age,
    link_secret_hash,
    link_signer,
    role_labels,
)
from reviews.workspace.models import Invitation


def invitation_get_from_token(token: str) -> Invitation:
    """The pending invitation a link points to, with its review, ministry and inviter.

    Raises InvitationLinkError (code tampered, missing, used, revoked, replaced or
    expired) when the link cannot be used. The age is checked last, so that a link
    that was used or withdrawn says so even after it expired.
    """
    signer = link_signer()
    try:
        value = signer.unsign(token)
        invitation_id, secret = value.split(":", 1)
        invitation_id = int(invitation_id)
    except (signing.BadSignature, ValueError):
        raise InvitationLinkError("tampered") from None
    invitation = (
        Invitation.objects.select_related("review__country", "ministry", "invited_by").filter(pk=invitation_id).first()
    )
    if invitation is None:
        raise InvitationLinkError("missing")
    if invitation.accepted_at is not None:
        raise InvitationLinkError("used")
    if invitation.revoked_at is not None:
        raise InvitationLinkError("revoked")
    if not secrets.compare_digest(link_secret_hash(secret), invitation.nonce):
        raise InvitationLinkError("replaced")
    try:
        signer.unsign(token, max_age=link_max_age())
    except signing.SignatureExpired:
        raise InvitationLinkError("expired") from None
    invitation.role_labels = role_labels(invitation.roles)
    return invitation


def invitation_get_account(invitation: Invitation):
    """The existing account that the invitation's e-mail address belongs to, or None."""
    email = invitation.email.lower()
    return get_user_model().objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).order_by("pk").first()


def invitation_list_pending(review: Review) -> list[Invitation]:
    """The review's invitations neither accepted nor withdrawn, newest first.

    Each gets `role_labels` and `expires_at` (None while not sent); one query.
    """
    invitations = list(
        Invitation.objects.filter(review=review, accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("ministry", "invited_by")
        .order_by("-created_at", "-pk")
    )
    now = timezone.now()
    for invitation in invitations:
        invitation.role_labels = role_labels(invitation.roles)
        invitation.expires_at = invitation.sent_at + link_max_age() if invitation.sent_at else None
        invitation.is_expired = invitation.expires_at is not None and invitation.expires_at < now
    return invitations
