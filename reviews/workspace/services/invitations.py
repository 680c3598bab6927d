"""Invitations: asking someone by e-mail to join a review, the signed link, accepting it.

The link carries a token signed with `TimestampSigner` over "<invitation id>:<nonce>".
The token is built when the e-mail goes out, so a link expires INVITATION_MAX_AGE_DAYS
after it was sent; resending rotates the nonce, which retires every earlier link.
"""

import datetime
import logging
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reviews.core.audit import audit_record
from reviews.models import Invitation, MemberRole, Membership, Ministry, Review
from reviews.workspace.services.members import membership_grant
from vnr_portal.accounts.services import profile_set_language

logger = logging.getLogger(__name__)

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


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=TOKEN_SALT)


def _max_age() -> datetime.timedelta:
    return datetime.timedelta(days=settings.INVITATION_MAX_AGE_DAYS)


def _role_labels(roles: list[str]) -> list[str]:
    return [str(MemberRole(role).label) if role in MemberRole.values else role for role in roles]


def _queue_email(invitation_id: int) -> None:
    # tasks.py imports this module, so the task is looked up only when needed.
    from reviews.tasks import task_send_invitation_email

    transaction.on_commit(lambda: task_send_invitation_email.delay(invitation_id=invitation_id))


# --- The link ----------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    """The signed, timestamped token of the invitation's link (valid from now on)."""
    return _signer().sign(f"{invitation.pk}:{invitation.nonce}")


def invitation_url(invitation: Invitation) -> str:
    """The absolute address of the invitation's link, for the e-mail."""
    return settings.SITE_URL + reverse("reviews:invitation-accept", kwargs={"token": invitation_token(invitation)})


def invitation_from_token(token: str) -> Invitation:
    """The pending invitation a link points to, with its review, ministry and inviter.

    Raises InvitationLinkError (code tampered, missing, used, revoked, replaced or
    expired) when the link cannot be used. The age is checked last, so that a link
    that was used or withdrawn says so even after it expired.
    """
    signer = _signer()
    try:
        value = signer.unsign(token)
        invitation_id, nonce = value.split(":", 1)
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
    if not secrets.compare_digest(nonce, invitation.nonce):
        raise InvitationLinkError("replaced")
    try:
        signer.unsign(token, max_age=_max_age())
    except signing.SignatureExpired:
        raise InvitationLinkError("expired") from None
    invitation.role_labels = _role_labels(invitation.roles)
    return invitation


def invitation_account(invitation: Invitation):
    """The existing account that the invitation's e-mail address belongs to, or None."""
    email = invitation.email.lower()
    return get_user_model().objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).order_by("pk").first()


def invitation_is_for(invitation: Invitation, user) -> bool:
    """Whether `user` is logged in with the account of the invitation's e-mail address."""
    if not user or not user.is_authenticated:
        return False
    email = invitation.email.lower()
    return user.get_username().lower() == email or (user.email or "").lower() == email


# --- Reads -------------------------------------------------------------------------


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
        invitation.role_labels = _role_labels(invitation.roles)
        invitation.expires_at = invitation.sent_at + _max_age() if invitation.sent_at else None
        invitation.is_expired = invitation.expires_at is not None and invitation.expires_at < now
    return invitations


def invitation_get_pending(review: Review, pk: int) -> Invitation | None:
    return (
        Invitation.objects.filter(review=review, pk=pk, accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("review")
        .first()
    )


# --- Writes ------------------------------------------------------------------------


def invitation_role_errors(*, review: Review, roles: list[str], ministry: Ministry | None) -> dict[str, str]:
    """What is wrong with inviting someone to `review` with `roles` and `ministry`, by field.

    The rule of `invitation_create`, also used by the invitation form so that every
    error shows at once.
    """
    errors = {}
    unknown = [role for role in roles if role not in MemberRole.values]
    if not roles:
        errors["roles"] = _("Choose at least one role.")
    elif unknown:
        errors["roles"] = _("Unknown role: %(roles)s.") % {"roles": ", ".join(map(str, unknown))}
    if MemberRole.FOCAL_POINT in roles:
        if ministry is None:
            errors["ministry"] = _("Choose the ministry that this focal point will report for.")
        elif ministry.review_id != review.pk:
            errors["ministry"] = _("This ministry belongs to another review.")
    elif ministry is not None:
        errors["ministry"] = _("Choose a ministry only when inviting a ministry focal point.")
    return errors


@transaction.atomic
def invitation_create(
    *,
    actor,
    review: Review,
    email: str,
    roles: list[str],
    ministry: Ministry | None = None,
    language: str,
) -> Invitation:
    """Invite `email` to `review` with `roles` (a focal point with one of its ministries).

    The address is stored lower-cased. Someone who is already a member may be invited to
    take more roles. Refuses a second pending invitation for the same address. Recorded
    in the audit log; the e-mail is queued once the transaction commits.
    """
    email = (email or "").strip().lower()
    roles = list(dict.fromkeys(roles or []))
    errors: dict[str, str] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter a valid e-mail address, such as name@example.org.")
    errors.update(invitation_role_errors(review=review, roles=roles, ministry=ministry))
    if language not in dict(settings.LANGUAGES):
        errors["language"] = _("Choose one of the portal's languages.")
    if (
        "email" not in errors
        and Invitation.objects.filter(
            review=review, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
        ).exists()
    ):
        errors["email"] = _(
            "%(email)s already has a pending invitation to this review: resend or withdraw it instead."
        ) % {"email": email}
    if errors:
        raise ValidationError(errors)
    invitation = Invitation(
        review=review, email=email, roles=roles, ministry=ministry, language=language, invited_by=actor
    )
    invitation.full_clean()
    invitation.save()
    audit_record(
        review=review,
        actor=actor,
        action="invitation.create",
        summary=_("%(email)s invited as %(roles)s") % {"email": email, "roles": ", ".join(_role_labels(roles))},
        data={"invitation": invitation.pk, "roles": roles, "ministry": ministry.pk if ministry else None},
    )
    _queue_email(invitation.pk)
    return invitation


@transaction.atomic
def invitation_revoke(*, actor, invitation: Invitation) -> Invitation:
    """Withdraw a pending invitation: its link stops working. Recorded in the audit log."""
    now = timezone.now()
    updated = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    if not updated:
        invitation.refresh_from_db()
        if invitation.accepted_at is not None:
            raise ValidationError(
                _("%(email)s has already accepted this invitation: remove their roles instead.")
                % {"email": invitation.email}
            )
        raise ValidationError(_("This invitation has already been withdrawn."))
    invitation.revoked_at = now
    audit_record(
        review=invitation.review,
        actor=actor,
        action="invitation.revoke",
        summary=_("Invitation of %(email)s withdrawn") % {"email": invitation.email},
        data={"invitation": invitation.pk},
    )
    return invitation


@transaction.atomic
def invitation_resend(*, actor, invitation: Invitation) -> Invitation:
    """Send a pending invitation again with a fresh link; earlier links stop working.

    Recorded in the audit log; the e-mail is queued once the transaction commits.
    """
    nonce = secrets.token_urlsafe(16)
    updated = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True).update(
        nonce=nonce, sent_at=None
    )
    if not updated:
        raise ValidationError(_("Only a pending invitation can be sent again."))
    invitation.nonce, invitation.sent_at = nonce, None
    audit_record(
        review=invitation.review,
        actor=actor,
        action="invitation.resend",
        summary=_("Invitation of %(email)s sent again") % {"email": invitation.email},
        data={"invitation": invitation.pk},
    )
    _queue_email(invitation.pk)
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> list[Membership]:
    """Give `user` the invitation's roles and retire its link.

    `user` must be the account of the invitation's address. Safe against a double
    submit: the invitation is claimed with a conditional update, and a second claim
    raises InvitationLinkError("used"). Grants and acceptance are audit-logged.
    """
    if not invitation_is_for(invitation, user):
        raise InvitationLinkError("wrong_user")
    now = timezone.now()
    claimed = Invitation.objects.filter(
        pk=invitation.pk, nonce=invitation.nonce, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(accepted_at=now, accepted_by=user)
    if not claimed:
        current = Invitation.objects.filter(pk=invitation.pk).values("accepted_at", "revoked_at").first()
        if current is None:
            raise InvitationLinkError("missing")
        if current["accepted_at"] is not None:
            raise InvitationLinkError("used")
        if current["revoked_at"] is not None:
            raise InvitationLinkError("revoked")
        raise InvitationLinkError("replaced")
    invitation.accepted_at, invitation.accepted_by = now, user
    memberships = [
        membership_grant(
            actor=user,
            review=invitation.review,
            user=user,
            role=role,
            ministry=invitation.ministry if role == MemberRole.FOCAL_POINT else None,
        )
        for role in invitation.roles
    ]
    audit_record(
        review=invitation.review,
        actor=user,
        action="invitation.accept",
        summary=_("%(email)s accepted the invitation as %(roles)s")
        % {"email": invitation.email, "roles": ", ".join(_role_labels(invitation.roles))},
        data={"invitation": invitation.pk, "invited_by": invitation.invited_by_id},
    )
    return memberships


@transaction.atomic
def invitation_accept_new_user(*, invitation: Invitation, first_name: str, last_name: str, password: str):
    """Create the account of the invitation's address (user name = the address) and accept.

    The password goes through Django's password validators. Raises ValidationError
    keyed by field, or InvitationLinkError when the account exists meanwhile or the
    invitation was accepted by a double submit.
    """
    if invitation_account(invitation) is not None:
        raise InvitationLinkError("account_exists")
    email = invitation.email.lower()
    user = get_user_model()(username=email, email=email, first_name=first_name, last_name=last_name)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    try:
        user.full_clean()
    except ValidationError as error:
        if "username" in error.message_dict:
            raise ValidationError(
                _("This e-mail address cannot be used as a user name. Ask the coordinator to invite another address.")
            ) from None
        raise
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the same form submitted twice at once
        raise InvitationLinkError("used") from None
    profile_set_language(user=user, language=translation.get_language())  # the page's, as they accepted
    invitation_accept(invitation=invitation, user=user)
    return user


# --- The e-mail ----------------------------------------------------------------------


def _render_email(invitation: Invitation, *, expires_at: datetime.datetime) -> EmailMultiAlternatives:
    inviter = invitation.invited_by
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "review": invitation.review,
            "roles": _role_labels(invitation.roles),
            "ministry": invitation.ministry,
            "inviter": (inviter.get_full_name() or inviter.get_username()) if inviter else "",
            "link": invitation_url(invitation),
            "expires_at": expires_at,
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string("reviews/workspace/email/invitation_subject.txt", context)
        text = render_to_string("reviews/workspace/email/invitation_body.txt", context)
        html = render_to_string("reviews/workspace/email/invitation_body.html", context)
    message = EmailMultiAlternatives(
        # A title with line breaks must not break the header.
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
    )
    message.attach_alternative(html, "text/html")
    return message


@transaction.atomic
def invitation_send_email(*, invitation: Invitation) -> bool:
    """E-mail the invitation in its language, with its link, and set `sent_at`.

    Idempotent: the invitation is claimed with a conditional update, so an invitation
    already sent, accepted or withdrawn sends nothing and returns False. If sending
    fails the claim is rolled back, so a retry can send it.
    """
    now = timezone.now()
    claimed = Invitation.objects.filter(
        pk=invitation.pk, sent_at__isnull=True, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(sent_at=now)
    if not claimed:
        return False
    # Read again under the claim: a resend may have changed the nonce since it was loaded.
    invitation = Invitation.objects.select_related("review__country", "ministry", "invited_by").get(pk=invitation.pk)
    _render_email(invitation, expires_at=now + _max_age()).send()
    return True


@transaction.atomic
def invitation_record_send_failure(*, invitation: Invitation, error: str) -> None:
    """Note in the review's audit log that the e-mail could not be sent after retries."""
    audit_record(
        review=invitation.review,
        actor=None,
        action="invitation.send_failed",
        summary=_("The invitation to %(email)s could not be sent: %(error)s")
        % {"email": invitation.email, "error": error},
        data={"invitation": invitation.pk},
    )
