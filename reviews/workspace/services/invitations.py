"""Invitations: asking someone by e-mail to join a review, resending, withdrawing, accepting.

The signed link is in `reviews.workspace.invitation_links`; reading invitations (the
pending list, the one a link points to) in `reviews.workspace.selectors.invitations`.
"""

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from reviews.core.models import MemberRole, Membership, Review
from reviews.workspace.invitation_links import (
    InvitationLinkError,
    invitation_is_for,
    invitation_token,
    invitation_url,
    link_max_age,
    new_link_secret,
    role_labels,
)
from reviews.workspace.models import Invitation, Ministry
from reviews.workspace.selectors.invitations import invitation_get_account
from reviews.workspace.services.members import membership_grant
from vnr_portal.accounts.selectors import supported_language
from vnr_portal.accounts.services import profile_set_language

logger = logging.getLogger(__name__)


def _queue_email(invitation_id: int) -> None:
    # tasks.py imports this module, so the task is looked up only when needed.
    from reviews.workspace.tasks import task_send_invitation_email

    transaction.on_commit(lambda: task_send_invitation_email.delay(invitation_id=invitation_id))


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
        summary=_("%(email)s invited as %(roles)s") % {"email": email, "roles": ", ".join(role_labels(roles))},
        data={"invitation": invitation.pk, "roles": roles, "ministry": ministry.pk if ministry else None},
    )
    _queue_email(invitation.pk)
    return invitation


@transaction.atomic
def focal_point_invite(
    *,
    actor,
    ministry: Ministry,
    landing_url: str = "",
    note: Callable[[], str] | None = None,
    key: str = "",
    language: str | None = None,
) -> Invitation | None:
    """Invite a ministry's focal point (its `focal_point_email`) to the review as the
    ministry's focal point, or send their pending invitation again with a fresh link.

    For people without a focal-point role yet: the role is granted when they accept
    (`invitation_accept`), never before. `landing_url` is the page they land on after
    accepting (their report); `note()` is a line for the e-mail, called in the
    invitation's language (a deadline); with a `key`, an invitation already sent under
    that key is not sent again (a reminder job run twice). Returns the invitation that
    will be e-mailed, or None: no address, already sent under `key`, or a pending
    invitation of the address to other roles (that one stands; the next is sent once it
    is accepted). Audited; the e-mail is queued once the transaction commits.
    """
    email = (ministry.focal_point_email or "").strip().lower()
    if not email:
        return None
    review = ministry.review
    pending = (
        Invitation.objects.select_for_update()
        .filter(review=review, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True)
        .first()
    )
    if pending is not None:
        if pending.ministry_id != ministry.pk or MemberRole.FOCAL_POINT not in pending.roles:
            return None
        if key and pending.reminder_key == key:
            return None
        with translation.override(pending.language):
            pending.note = str(note()) if note else ""
        _secret, pending.nonce = new_link_secret()
        pending.sent_at, pending.reminder_key = None, key
        pending.landing_url = landing_url or pending.landing_url
        pending.save(update_fields=["note", "nonce", "sent_at", "reminder_key", "landing_url"])
        audit_record(
            review=review,
            actor=actor,
            action="invitation.resend",
            summary=_("Invitation of %(email)s, focal point of %(ministry)s, sent again with a new link")
            % {"email": email, "ministry": ministry.name},
            data={"invitation": pending.pk, "ministry": ministry.pk, "key": key},
        )
        _queue_email(pending.pk)
        return pending
    language = supported_language(language or translation.get_language())
    with translation.override(language):
        text = str(note()) if note else ""
    invitation = Invitation(
        review=review,
        email=email,
        roles=[MemberRole.FOCAL_POINT.value],
        ministry=ministry,
        language=language,
        invited_by=actor,
        landing_url=landing_url,
        note=text,
        reminder_key=key,
    )
    invitation.full_clean()
    invitation.save()
    audit_record(
        review=review,
        actor=actor,
        action="invitation.create",
        summary=_("%(email)s invited as focal point of %(ministry)s") % {"email": email, "ministry": ministry.name},
        data={
            "invitation": invitation.pk,
            "roles": invitation.roles,
            "ministry": ministry.pk,
            "key": key,
        },
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
    _secret, nonce = new_link_secret()  # retires the earlier links at once; the e-mail draws its own
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
        % {"email": invitation.email, "roles": ", ".join(role_labels(invitation.roles))},
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
    if invitation_get_account(invitation) is not None:
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


def _render_email(invitation: Invitation, *, secret: str, expires_at: datetime.datetime) -> EmailMultiAlternatives:
    inviter = invitation.invited_by
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "review": invitation.review,
            "roles": role_labels(invitation.roles),
            "ministry": invitation.ministry,
            "inviter": (inviter.get_full_name() or inviter.get_username()) if inviter else "",
            "link": invitation_url(invitation, secret),
            "expires_at": expires_at,
            "note": invitation.note,
            "account_exists": invitation_get_account(invitation) is not None,
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
    """E-mail the invitation in its language, with a new link, and set `sent_at`.

    The link's secret is drawn here and only its hash stored, which retires the links of
    earlier e-mails. Idempotent: the invitation is claimed with a conditional update, so
    an invitation already sent, accepted or withdrawn sends nothing and returns False. If
    sending fails the claim is rolled back, so a retry can send it.
    """
    now = timezone.now()
    secret, nonce = new_link_secret()
    claimed = Invitation.objects.filter(
        pk=invitation.pk, sent_at__isnull=True, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(sent_at=now, nonce=nonce)
    if not claimed:
        return False
    invitation = Invitation.objects.select_related("review__country", "ministry", "invited_by").get(pk=invitation.pk)
    _render_email(invitation, secret=secret, expires_at=now + link_max_age()).send()
    return True


@transaction.atomic
def invitation_link_renew(*, invitation: Invitation) -> str:
    """A new link for a pending invitation, without an e-mail: returns its token (the
    earlier links stop working). For tests and the shell; e-mails draw their own."""
    secret, nonce = new_link_secret()
    Invitation.objects.filter(pk=invitation.pk).update(nonce=nonce)
    invitation.nonce = nonce
    return invitation_token(invitation, secret)


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
