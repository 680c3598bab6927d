"""Invitations to an invited round: each address gets a personal link by e-mail.

The link is `stakeholders:portal-invitation` with the invitation's token, made absolute
with the address of the site the coordinator works on (`base_url`, from the request).
Resending gives a new token, which retires the earlier link; revoking deletes the
invitation (and, if it was accepted, the access it gave). Every write is audited without
the addresses themselves in the data, only ids.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reviews.core.audit import audit_record
from stakeholders.registry.models import Contact

from ..models import ConsultationRound, RoundInvitation

MAX_INVITATIONS_AT_ONCE = 500


def _queue_email(invitation_id: int, base_url: str) -> None:
    from stakeholders.tasks import task_send_round_invitation

    transaction.on_commit(lambda: task_send_round_invitation.delay(invitation_id=invitation_id, base_url=base_url))


def parse_emails(text: str) -> tuple[list[str], list[str]]:
    """(valid addresses lower-cased, without repeats; invalid lines) of one-per-line text
    (commas and semicolons also separate)."""
    valid, invalid = [], []
    for raw in (text or "").replace(",", "\n").replace(";", "\n").splitlines():
        email = raw.strip().lower()
        if not email:
            continue
        try:
            validate_email(email)
        except ValidationError:
            invalid.append(raw.strip()[:100])
            continue
        if email not in valid:
            valid.append(email)
    return valid, invalid


@transaction.atomic
def round_invite(
    *, actor, round_: ConsultationRound, emails: list[str], contacts: list[Contact] = (), base_url: str
) -> list[RoundInvitation]:
    """Invite addresses (and the chosen registry contacts, with their organisation) to an
    invited round. Addresses already invited are skipped. Each new invitation is e-mailed
    after commit. Returns the new invitations; audited when there are some."""
    if round_.audience != ConsultationRound.Audience.INVITED:
        raise ValidationError(_("Only a round for invited people takes invitations."))
    if round_.published_at is not None and round_.status == "closed":
        raise ValidationError(_("This round has closed: nobody can be invited any more."))
    wanted: dict[str, int | None] = {}
    for email in emails:
        wanted.setdefault(email.strip().lower(), None)
    for contact in contacts:
        if contact.organisation.review_id != round_.review_id:
            raise ValidationError({"contacts": _("Choose among this review's contacts.")})
        if contact.email:
            wanted[contact.email.strip().lower()] = contact.organisation_id
    if not wanted:
        raise ValidationError({"emails": _("Enter at least one e-mail address or choose a contact with one.")})
    if len(wanted) > MAX_INVITATIONS_AT_ONCE:
        raise ValidationError({"emails": _("At most %(max)s invitations at once.") % {"max": MAX_INVITATIONS_AT_ONCE}})
    ConsultationRound.objects.select_for_update().filter(pk=round_.pk).first()
    existing = {e.lower() for e in round_.invitations.values_list("email", flat=True)}
    new = [
        RoundInvitation(round=round_, email=email, organisation_id=organisation_id, invited_by=actor)
        for email, organisation_id in wanted.items()
        if email not in existing
    ]
    for invitation in new:
        invitation.full_clean(exclude=["round", "organisation", "invited_by"], validate_unique=False)
    RoundInvitation.objects.bulk_create(new)
    created = list(round_.invitations.filter(email__in=[i.email for i in new]))
    for invitation in created:
        _queue_email(invitation.pk, base_url)
    if created:
        audit_record(
            review=round_.review,
            actor=actor,
            action="stakeholders.round_invite",
            summary=ngettext(
                "%(count)s person invited to “%(round)s”", "%(count)s people invited to “%(round)s”", len(created)
            )
            % {"count": len(created), "round": round_.title},
            data={"round": round_.pk, "invitations": [i.pk for i in created]},
        )
    return created


@transaction.atomic
def round_invitation_resend(*, actor, invitation: RoundInvitation, base_url: str) -> RoundInvitation:
    """E-mail a not yet accepted invitation again with a new link (the old one stops
    working). Audited."""
    token = secrets.token_urlsafe(32)
    updated = RoundInvitation.objects.filter(
        pk=invitation.pk, accepted_by__isnull=True, accepted_at__isnull=True
    ).update(token=token)
    if not updated:
        raise ValidationError(_("This invitation has already been accepted: there is nothing to send again."))
    invitation.token = token
    audit_record(
        review=invitation.round.review,
        actor=actor,
        action="stakeholders.round_invitation_resend",
        summary=_("Invitation to “%(round)s” sent again") % {"round": invitation.round.title},
        data={"round": invitation.round_id, "invitation": invitation.pk},
    )
    _queue_email(invitation.pk, base_url)
    return invitation


@transaction.atomic
def round_invitation_revoke(*, actor, invitation: RoundInvitation) -> None:
    """Withdraw an invitation: its link stops working and, if it was accepted, the person
    can no longer contribute (what they wrote stays). Audited."""
    audit_record(
        review=invitation.round.review,
        actor=actor,
        action="stakeholders.round_invitation_revoke",
        summary=_("Invitation to “%(round)s” withdrawn") % {"round": invitation.round.title},
        data={
            "round": invitation.round_id,
            "invitation": invitation.pk,
            "accepted": invitation.accepted_by_id is not None,
        },
    )
    invitation.delete()


# --- The e-mail -------------------------------------------------------------------------


def round_invitation_url(invitation: RoundInvitation, base_url: str) -> str:
    try:
        path = reverse("stakeholders:portal-invitation", args=[invitation.token])
    except NoReverseMatch:  # the public page is not there yet
        path = "/"
    return (base_url or settings.SITE_URL).rstrip("/") + path


def _email_language(round_: ConsultationRound) -> str:
    interface = {code.lower() for code, _name in settings.LANGUAGES}
    for language in round_.languages or []:
        if language.lower() in interface:
            return language.lower()
    return settings.LANGUAGE_CODE


def round_invitation_send_email(*, invitation_id: int, base_url: str) -> bool:
    """E-mail the invitation with its current link; False when it no longer exists or
    was accepted meanwhile (nothing to send). Mail errors propagate (the task retries)."""
    invitation = (
        RoundInvitation.objects.select_related("round__review__country", "invited_by", "organisation")
        .filter(pk=invitation_id, accepted_by__isnull=True)
        .first()
    )
    if invitation is None:
        return False
    # Claim this link's e-mail: a second delivery of the same task finds it claimed.
    claimed = (
        RoundInvitation.objects.filter(pk=invitation.pk, token=invitation.token)
        .exclude(sent_token=invitation.token)
        .update(sent_token=invitation.token, sent_at=timezone.now())
    )
    if not claimed:
        return False
    try:
        _send(invitation, base_url)
    except Exception:
        # Not sent after all: the retry may claim it again.
        RoundInvitation.objects.filter(pk=invitation.pk, sent_token=invitation.token).update(
            sent_token="", sent_at=None
        )
        raise
    return True


def _send(invitation: RoundInvitation, base_url: str) -> None:
    round_ = invitation.round
    inviter = invitation.invited_by
    with translation.override(_email_language(round_)):
        context = {
            "invitation": invitation,
            "round": round_,
            "review": round_.review,
            "inviter": (inviter.get_full_name() or inviter.get_username()) if inviter else "",
            "link": round_invitation_url(invitation, base_url),
        }
        subject = render_to_string("stakeholders/rounds/email/round_invitation_subject.txt", context)
        body = render_to_string("stakeholders/rounds/email/round_invitation_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [invitation.email])
