"""Contributions received offline (on paper, at a workshop, by phone, by e-mail, in a
local language) that staff enter on behalf of a person or group. They are ordinary
`Contribution`s with their channel, so moderation, "you said, we did", the inclusiveness
figures and the annex treat them as online ones. Who may enter them: rules.can_enter_offline."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from stakeholders import rules as perms
from stakeholders.registry.models import Organisation, StakeholderCategory
from stakeholders.rounds.models import ConsultationRound, RoundDocument, RoundQuestion
from vnr_portal.common.text import one_line
from vnr_portal.common.uploads import safe_file_name

from ..models import Channel, Contribution, ContributionAttachment, Gender, Visibility
from .contributions import EXTENSIONS, _clean

OFFLINE_CHANNELS = [value for value in Channel.values if value != Channel.ONLINE]
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


def _offline_errors(*, round, channel, received_on, consent, language, declared_category, declared_gender, today):
    errors: dict[str, list[str]] = {}
    if channel not in OFFLINE_CHANNELS:
        errors.setdefault("channel", []).append(_("Choose how the contribution was received."))
    if received_on is None:
        errors.setdefault("received_on", []).append(_("Give the date the contribution was received."))
    elif received_on > today:
        errors.setdefault("received_on", []).append(
            _("The date the contribution was received cannot be in the future.")
        )
    if not consent:
        errors.setdefault("consent", []).append(
            _("Record the person's consent: a contribution may be entered only if they agreed it be used.")
        )
    if language and not _LANGUAGE.match(language):
        errors.setdefault("language", []).append(_("Give a language code such as en, fr or sw."))
    if declared_category is not None and declared_category.review_id != round.review_id:
        errors.setdefault("declared_category", []).append(_("Choose a group from the list."))
    if declared_gender and declared_gender not in Gender.values:
        errors.setdefault("declared_gender", []).append(_("Choose a gender from the list, or leave it blank."))
    return errors


@transaction.atomic
def contribution_enter_offline(
    *,
    actor,
    round: ConsultationRound,
    channel: str,
    received_on: datetime.date | None,
    body: str,
    consent: bool,
    consent_publish: bool = False,
    kind: str = Contribution.Kind.GENERAL,
    document: RoundDocument | None = None,
    paragraph: int | None = None,
    question: RoundQuestion | None = None,
    given_by: str = "",
    given_by_contact: str = "",
    on_behalf_of: Organisation | None = None,
    organisation_name: str = "",
    language: str = "",
    declared_category: StakeholderCategory | None = None,
    declared_region: str = "",
    declared_gender: str = "",
    scan=None,
    now=None,
) -> Contribution:
    """Store a contribution received offline, entered by `actor` (coordinator, editor or
    moderator of the round's review) on behalf of `given_by`; audited.

    The round may be closed already (paper forms arrive late); the date it was received
    may not be in the future; the person's consent is required. Without consent to
    publish, the contribution is hidden from the public pages but still moderated, decided
    and counted. ValidationError by field."""
    if not actor.has_perm(perms.ENTER_OFFLINE, round):
        raise PermissionDenied
    now = now or timezone.now()
    errors = _offline_errors(
        round=round,
        channel=channel,
        received_on=received_on,
        consent=consent,
        language=(language or "").strip(),
        declared_category=declared_category,
        declared_gender=declared_gender or "",
        today=timezone.localdate(now),
    )
    try:
        cleaned = _clean(
            round=round,
            kind=kind,
            body=body,
            document=document,
            paragraph=paragraph,
            question=question,
            quote="",
            proposed_text="",
            on_behalf_of=on_behalf_of,
            declared_category=None,  # checked above, with its own message
            attachments=[scan] if scan else [],
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault("scan" if field == "attachments" else field, []).extend(messages)
        cleaned = None
    if kind == Contribution.Kind.REWORDING:
        errors.setdefault("kind", []).append(_("Enter a suggested rewording as a comment on its section."))
    if errors:
        raise ValidationError(errors)
    contribution = Contribution(
        round=round,
        kind=kind,
        document=document,
        paragraph=paragraph if document is not None else None,
        question=question,
        author=actor,
        entered_by=actor,
        channel=channel,
        received_on=received_on,
        given_by=one_line(given_by or "")[:200],
        given_by_contact=one_line(given_by_contact or "")[:200],
        consent=True,
        consent_publish=bool(consent_publish),
        on_behalf_of=on_behalf_of,
        organisation_name=one_line(organisation_name or "")[:200],
        body=cleaned["body"],
        language=(language or "").strip()[:10],
        declared_category=declared_category,
        declared_region=one_line(declared_region or "")[:120],
        declared_gender=declared_gender or "",
        created_at=now,
    )
    if not consent_publish:
        contribution.visibility = Visibility.HIDDEN
        contribution.hidden_reason = _("Received offline: the person did not agree to its publication.")
    contribution.full_clean(exclude=["body"])
    contribution.save()
    if scan:
        extension = EXTENSIONS[cleaned["types"][0]]
        display = safe_file_name(scan.name, extension)
        scan.name = f"contribution-{contribution.pk}-scan.{extension}"
        ContributionAttachment.objects.create(
            contribution=contribution,
            file=scan,
            original_name=display,
            content_type=cleaned["types"][0],
            size=scan.size,
        )
    audit_record(
        review=round.review,
        actor=actor,
        action="stakeholders.contribution_offline",
        summary=_("Offline contribution (%(channel)s) entered in “%(round)s”")
        % {"channel": contribution.channel_received, "round": round.title},
        data={
            "round": round.pk,
            "contribution": contribution.pk,
            "channel": channel,
            "received_on": received_on.isoformat(),
            "published": bool(consent_publish),
            "scan": bool(scan),
        },
    )
    return contribution
