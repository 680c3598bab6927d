"""Public contributor accounts: sign-up (alone, or through an invitation in one step),
e-mail verification, accepting an invitation, the code of conduct."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reviews.core.audit import audit_record
from reviews.models import Review
from stakeholders import rules as perms
from stakeholders.moderation.display import display_name
from stakeholders.rounds.models import RoundInvitation
from vnr_portal.accounts.services import in_language_of, profile_set_language

from ..models import ConductAcceptance, ContributorProfile, Gender
from ..selectors import email_taken, normalise_email, verification_token

CONDUCT_UNVERIFIED = gettext_lazy(
    "Confirm your e-mail address first: open the link we sent you, or ask for a new one. "
    "Then you can accept the code of conduct."
)

# --- Verification links -------------------------------------------------------------


def verification_send(*, user) -> None:
    """Have the worker e-mail `user` a link that verifies their address (after commit),
    on the site's public address (SITE_URL), never on the address a request came in by."""
    from stakeholders.tasks import task_send_verification_email

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
        subject = render_to_string("stakeholders/portal/email/verify_subject.txt", context).strip()
        body = render_to_string("stakeholders/portal/email/verify_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)
    return True


# --- Accounts -----------------------------------------------------------------------


# Passwords are hashed before any transaction opens: hashing takes a good part of a second,
# and on SQLite (BEGIN IMMEDIATE) a transaction holds the database's one write lock, so a
# burst of sign-ups would queue behind each other's hashing past the busy timeout.


def contributor_signup(*, display_name: str, email: str, password: str, verified: bool = False):
    """Create a public account (User + ContributorProfile).

    With `verified` (the person came through an e-mailed invitation link) the address
    counts as verified at once; otherwise a verification link is e-mailed. Raises
    ValidationError({"email": …}) when the address already has an account.
    """
    return _signup(display_name=display_name, email=email, password_hash=make_password(password), verified=verified)


@transaction.atomic
def _signup(*, display_name: str, email: str, password_hash: str, verified: bool = False):
    email = normalise_email(email)
    if email_taken(email):
        raise ValidationError(
            {"email": _("An account with this e-mail address already exists: log in, or reset your password.")}
        )
    User = get_user_model()
    try:
        with transaction.atomic():
            user = User(username=User.normalize_username(email[:150]), email=email, password=password_hash)
            user.save()
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


def contributor_signup_public(
    *, display_name: str, email: str, password: str, draft: dict | None = None, return_to: str = ""
):
    """Sign-up from the public form, which must not tell whether an address already has
    an account: the new account (unverified, a link e-mailed), or None when the address
    is taken, in which case its owner is e-mailed a note instead (after commit, in their
    language). The password is hashed either way, so that both take as long.

    `draft` (what the person typed before signing up) and `return_to` (the page it was
    typed on, already checked to be ours) are kept on the new profile, so that the
    verification link brings them back to it, with the text, whichever browser opens it."""
    password_hash = make_password(password)
    email = normalise_email(email)
    with transaction.atomic():
        if not email_taken(email):
            try:
                with transaction.atomic():
                    user = _signup(display_name=display_name, email=email, password_hash=password_hash)
                    if draft or return_to:
                        contributor_draft_set(user=user, draft=draft or {}, return_to=return_to)
                    return user
            except ValidationError as error:
                if "email" not in getattr(error, "error_dict", {}):
                    raise
        owner = _account_of(email)
        if owner is not None:
            transaction.on_commit(lambda: _queue_signup_attempt_note(owner.pk))
    return None


def _account_of(email: str):
    User = get_user_model()
    return (
        User.objects.filter(is_active=True)
        .filter(Q(email__iexact=email) | Q(username__iexact=email))
        .order_by("pk")
        .first()
    )


def _queue_signup_attempt_note(user_id: int) -> None:
    from stakeholders.tasks import task_send_signup_attempt_email

    task_send_signup_attempt_email.delay(user_id=user_id, base_url=settings.SITE_URL)


def signup_attempt_send_email(*, user_id: int, base_url: str = "") -> bool:
    """E-mail the owner of an account that someone tried to sign up with their address
    (the worker's part), in their language, with the ways in: log in, or reset the
    password. False when the account is gone or has no address."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).select_related("contributor").first()
    if user is None or not user.email:
        return False
    profile = getattr(user, "contributor", None)
    base = base_url.rstrip("/")
    context = {
        "name": (profile.display_name if profile else "") or user.get_full_name() or user.email,
        "login_link": base + reverse("login"),
        "reset_link": base + reverse("password_reset"),
    }
    with in_language_of(user):
        subject = render_to_string("stakeholders/portal/email/signup_attempt_subject.txt", context).strip()
        body = render_to_string("stakeholders/portal/email/signup_attempt_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)
    return True


def contributor_signup_for_invitation(*, display_name: str, password: str, invitation: RoundInvitation):
    """Create a public account for the invited address and accept the invitation with it,
    in one transaction: when the invitation cannot be accepted (InvitationUnusable, for
    example another account took it meanwhile) no account is left behind either. The
    address counts as verified (the link came to it by e-mail)."""
    password_hash = make_password(password)
    with transaction.atomic():
        user = _signup(display_name=display_name, email=invitation.email, password_hash=password_hash, verified=True)
        invitation_accept(user=user, invitation=invitation)
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


# --- What a visitor typed before signing up -------------------------------------------


DRAFT_KEYS = ("path", "kind", "body", "quote", "proposed_text", "language")


def draft_clean(draft: dict | None) -> dict:
    """Only the known keys of a draft, as strings of bounded length."""
    if not isinstance(draft, dict):
        return {}
    return {key: str(draft[key])[:20000] for key in DRAFT_KEYS if isinstance(draft.get(key), str)}


@transaction.atomic
def contributor_draft_set(*, user, draft: dict, return_to: str = "") -> ContributorProfile | None:
    """Keep on `user`'s profile the contribution they typed before signing in (one at a
    time) and the page to come back to. Nothing for an account without a profile."""
    profile = ContributorProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        return None
    profile.draft = draft_clean(draft)
    profile.return_to = (return_to or "")[:500]
    profile.save(update_fields=["draft", "return_to"])
    return profile


def contributor_draft_clear(*, user) -> None:
    """Forget the kept draft (it was sent)."""
    ContributorProfile.objects.filter(user=user).exclude(draft={}, return_to="").update(draft={}, return_to="")


# --- About you (asked once per person) --------------------------------------------------


@transaction.atomic
def contributor_about_set(
    *, user, region: str = "", gender: str = "", categories: dict | None = None
) -> ContributorProfile:
    """Set the optional answers about `user` that feed the inclusiveness figures: their
    region, gender and, per review, the category they belong to (`categories`: review id
    → StakeholderCategory or None; reviews left out keep theirs). Marks the questions
    asked, so that the contribution form does not put them again. ValidationError by
    field. Audited without the answers (they are personal)."""
    profile, _created = ContributorProfile.objects.select_for_update().get_or_create(
        user=user, defaults={"display_name": (user.get_full_name() or user.get_username())[:120]}
    )
    errors = {}
    region = " ".join((region or "").split())
    if len(region) > 120:
        errors["region"] = _("At most 120 characters.")
    if gender and gender not in Gender.values:
        errors["gender"] = _("Choose one of the answers offered.")
    categories = categories or {}
    for review_id, category in categories.items():
        if category is not None and category.review_id != review_id:
            errors["categories"] = _("Choose a group from the list.")
    if errors:
        raise ValidationError(errors)
    profile.region, profile.gender = region, gender or ""
    first_time = profile.about_asked_at is None
    if first_time:
        profile.about_asked_at = timezone.now()
    profile.save(update_fields=["region", "gender", "about_asked_at"])
    if categories:
        keep = [c for c in profile.categories.all() if c.review_id not in categories]
        chosen = [c for c in categories.values() if c is not None]
        profile.categories.set([*keep, *chosen])
    audit_record(
        review=None,
        actor=user,
        action="stakeholders.contributor_about",
        summary=_("Contributor profile: answers about the person saved"),
        data={"user": user.pk, "first_time": first_time},
    )
    return profile


def contributor_about_for_review(profile: ContributorProfile | None, review_id: int) -> dict:
    """The answers of `profile` as a contribution to review `review_id` records them."""
    if profile is None:
        return {"declared_category": None, "declared_region": "", "declared_gender": ""}
    category = next((c for c in profile.categories.all() if c.review_id == review_id), None)
    return {"declared_category": category, "declared_region": profile.region, "declared_gender": profile.gender}


# --- Invitations --------------------------------------------------------------------


class InvitationUnusable(Exception):
    """The invitation exists but was accepted by another account."""


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
    if normalise_email(user.email) == normalise_email(locked.email):
        contributor_verify(user=user)
    invitation.accepted_by, invitation.accepted_at = locked.accepted_by, locked.accepted_at
    return invitation


# --- Code of conduct ----------------------------------------------------------------


@transaction.atomic
def conduct_accept(*, user, review: Review) -> ConductAcceptance:
    """Record that `user` accepted the review's code of conduct (once; idempotent).

    Only an account with a verified e-mail address may (rules.is_verified_contributor):
    PermissionDenied otherwise. Audited under the person's display name, never their
    e-mail address."""
    if not perms.is_verified_contributor.test(user, review):
        raise PermissionDenied(CONDUCT_UNVERIFIED)
    acceptance, created = ConductAcceptance.objects.get_or_create(review=review, user=user)
    if created:
        name = display_name(user)
        audit_record(
            review=review,
            actor=user,
            action="stakeholders.conduct_accepted",
            summary=_("Code of conduct accepted by %(name)s") % {"name": name},
            data={"user": user.pk, "name": name},
        )
    return acceptance
