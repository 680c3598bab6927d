"""Public contributor accounts: sign-up, e-mail verification, invitations, the code of conduct."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from reviews.models import Review
from vnr_portal.accounts.services import in_language_of, profile_set_language

from ..models import ConductAcceptance, ContributorProfile, RoundInvitation

VERIFY_SALT = "stakeholders.verify-email"
VERIFY_MAX_AGE = 3 * 24 * 60 * 60  # three days, in seconds


class InvalidToken(Exception):
    """A verification link that is unknown, changed or too old."""


def _normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def email_taken(email: str) -> bool:
    User = get_user_model()
    email = _normalise_email(email)
    return User.objects.filter(email__iexact=email).exists() or User.objects.filter(username__iexact=email).exists()


# --- Verification links -------------------------------------------------------------


def verification_token(user) -> str:
    """A signed, timestamped token naming the account and its address (a changed address
    makes older links useless)."""
    return signing.TimestampSigner(salt=VERIFY_SALT).sign_object({"u": user.pk, "e": _normalise_email(user.email)})


def verification_user(token: str):
    """The account a verification token was made for; InvalidToken if bad or older than 3 days."""
    try:
        value = signing.TimestampSigner(salt=VERIFY_SALT).unsign_object(token, max_age=VERIFY_MAX_AGE)
    except signing.SignatureExpired as error:
        raise InvalidToken(_("This link has expired: links are valid for three days. Ask for a new one.")) from error
    except (signing.BadSignature, ValueError, UnicodeDecodeError) as error:
        raise InvalidToken(
            _("This link is not valid. Check that you copied all of it, or ask for a new one.")
        ) from error
    if not isinstance(value, dict) or not isinstance(value.get("u"), int):
        raise InvalidToken(_("This link is not valid. Check that you copied all of it, or ask for a new one."))
    email = value.get("e")
    User = get_user_model()
    user = User.objects.filter(pk=value["u"], is_active=True).first()
    if user is None or _normalise_email(user.email) != email:
        raise InvalidToken(_("This link is not valid any more. Ask for a new one."))
    return user


def verification_send(*, user) -> None:
    """Have the worker e-mail `user` a link that verifies their address (after commit),
    on the site's public address (SITE_URL), never on the address a request came in by."""
    from ..tasks import task_send_verification_email

    transaction.on_commit(lambda: task_send_verification_email.delay(user_id=user.pk, base_url=settings.SITE_URL))


def verification_send_email(*, user_id: int, base_url: str = "") -> bool:
    """E-mail the verification link now (the worker's part); False when nothing is to send."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).select_related("contributor").first()
    profile = getattr(user, "contributor", None) if user else None
    if user is None or not user.email or (profile is not None and profile.is_verified):
        return False
    path = reverse("stakeholders:portal-verify", args=[verification_token(user)])
    link = base_url.rstrip("/") + path if base_url else path
    context = {"user": user, "name": profile.display_name if profile else user.get_username(), "link": link, "days": 3}
    with in_language_of(user):
        subject = render_to_string("stakeholders/email/verify_subject.txt", context).strip()
        body = render_to_string("stakeholders/email/verify_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)
    return True


# --- Accounts -----------------------------------------------------------------------


@transaction.atomic
def contributor_signup(*, display_name: str, email: str, password: str, verified: bool = False):
    """Create a public account (User + ContributorProfile).

    With `verified` (the person came through an e-mailed invitation link) the address
    counts as verified at once; otherwise a verification link is e-mailed. Raises
    ValidationError({"email": …}) when the address already has an account.
    """
    email = _normalise_email(email)
    if email_taken(email):
        raise ValidationError(
            {"email": _("An account with this e-mail address already exists: log in, or reset your password.")}
        )
    User = get_user_model()
    try:
        with transaction.atomic():
            user = User.objects.create_user(username=email[:150], email=email, password=password)
    except IntegrityError as error:
        raise ValidationError(
            {"email": _("An account with this e-mail address already exists: log in, or reset your password.")}
        ) from error
    profile_set_language(user=user, language=translation.get_language())  # the page's, as they signed up
    ContributorProfile.objects.create(
        user=user, display_name=display_name.strip(), email_verified_at=timezone.now() if verified else None
    )
    if not verified:
        verification_send(user=user)
    return user


@transaction.atomic
def contributor_verify(*, user) -> ContributorProfile:
    """Mark the account's address verified (idempotent); creates the profile if missing."""
    profile, _created = ContributorProfile.objects.select_for_update().get_or_create(
        user=user, defaults={"display_name": (user.get_full_name() or user.get_username())[:120]}
    )
    if profile.email_verified_at is None:
        profile.email_verified_at = timezone.now()
        profile.save(update_fields=["email_verified_at"])
    user.contributor = profile
    return profile


# --- Invitations --------------------------------------------------------------------


class InvitationUnusable(Exception):
    """The invitation exists but was accepted by another account."""


def invitation_get(token: str) -> RoundInvitation | None:
    if not token or len(token) > 64:
        return None
    return (
        RoundInvitation.objects.select_related("round__review__country", "round__review__portal")
        .filter(token=token)
        .first()
    )


@transaction.atomic
def invitation_accept(*, user, invitation: RoundInvitation) -> RoundInvitation:
    """`user` takes up the invitation. The link came by e-mail, so when the account's
    address is the invited one it is verified too. Idempotent for the same account;
    InvitationUnusable when another account accepted it already."""
    locked = RoundInvitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_by_id is not None and locked.accepted_by_id != user.pk:
        raise InvitationUnusable(_("This invitation has already been accepted with another account."))
    if locked.accepted_by_id is None:
        locked.accepted_by = user
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_by", "accepted_at"])
        audit_record(
            review=invitation.round.review,
            actor=user,
            action="stakeholders.invitation_accepted",
            summary=_("Invitation to “%(round)s” accepted") % {"round": invitation.round.title},
            data={"round": invitation.round_id, "invitation": locked.pk},
        )
    if _normalise_email(user.email) == _normalise_email(locked.email):
        contributor_verify(user=user)
    invitation.accepted_by, invitation.accepted_at = locked.accepted_by, locked.accepted_at
    return invitation


# --- Code of conduct ----------------------------------------------------------------


def conduct_accepted(*, user, review: Review) -> bool:
    return user.is_authenticated and ConductAcceptance.objects.filter(review=review, user=user).exists()


@transaction.atomic
def conduct_accept(*, user, review: Review) -> ConductAcceptance:
    """Record that `user` accepted the review's code of conduct (once; idempotent)."""
    acceptance, created = ConductAcceptance.objects.get_or_create(review=review, user=user)
    if created:
        audit_record(
            review=review,
            actor=user,
            action="stakeholders.conduct_accepted",
            summary=_("Code of conduct accepted"),
            data={"user": user.pk},
        )
    return acceptance
