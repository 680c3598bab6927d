"""Contributions received offline (on paper, at a workshop, by phone, by e-mail, in a
local language) that staff enter on behalf of a person or group. They are ordinary
`Contribution`s with their channel, so moderation, "you said, we did", the inclusiveness
figures and the annex treat them as online ones. Who may enter them: rules.can_enter_offline."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from stakeholders import rules as perms
from stakeholders.registry.models import Organisation, StakeholderCategory
from stakeholders.rounds.models import ConsultationRound, RoundDocument, RoundQuestion
from vnr_portal.common.spreadsheets import table_rows
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


# --- Several rows at once (workshop notes) ---------------------------------------------

MAX_ROWS = 500
TEMPLATE_COLUMNS = (
    "received_on",
    "channel",
    "given_by",
    "contact",
    "organisation",
    "category",
    "region",
    "gender",
    "language",
    "question",
    "contribution",
    "consent",
    "publish",
)
# The template's column for each field the service names in its errors.
COLUMN_OF_FIELD = {
    "body": "contribution",
    "given_by_contact": "contact",
    "organisation_name": "organisation",
    "declared_category": "category",
    "declared_region": "region",
    "declared_gender": "gender",
    "kind": "question",
}
_YES = {"yes", "y", "true", "1", "x", "oui", "sí", "si", "да", "是", "نعم"}
_NO = {"", "no", "n", "false", "0", "non", "нет", "否", "لا"}


@dataclass
class RowResult:
    number: int  # the row's number in the file (the header is row 1)
    given_by: str
    errors: list[str] = field(default_factory=list)
    contribution: Contribution | None = None


@dataclass
class ImportResult:
    rows: list[RowResult]
    saved: int = 0

    @property
    def bad(self) -> list[RowResult]:
        return [row for row in self.rows if row.errors]


def _parse_date(text: str) -> datetime.date | None:
    text = text.strip()[:10]
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _row_arguments(values: dict, *, categories: dict, questions: dict) -> tuple[dict, list[str]]:
    """The service's arguments from one row's cells, and what cannot be read."""
    errors = []
    received_on = _parse_date(values.get("received_on", ""))
    if received_on is None:
        errors.append(_("received_on: write the date as YYYY-MM-DD."))
    channel_text = values.get("channel", "").strip().lower()
    channels = {value: value for value in OFFLINE_CHANNELS} | {
        str(label).lower(): value for value, label in Channel.choices if value != Channel.ONLINE
    }
    channel = channels.get(channel_text, channel_text)
    category = None
    category_text = values.get("category", "").strip()
    if category_text:
        category = categories.get(category_text.lower())
        if category is None:
            errors.append(_("category: “%(name)s” is not a category of this review.") % {"name": category_text[:80]})
    question = None
    question_text = values.get("question", "").strip()
    if question_text:
        question = questions.get(question_text)
        if question is None:
            errors.append(
                _("question: there is no question %(number)s in this round.") % {"number": question_text[:10]}
            )
    flags = {}
    for column in ("consent", "publish"):
        text = values.get(column, "").strip().lower()
        if text in _YES:
            flags[column] = True
        elif text in _NO:
            flags[column] = False
        else:
            errors.append(_("%(column)s: write yes or no.") % {"column": column})
            flags[column] = False
    gender_text = values.get("gender", "").strip().lower()
    genders = {value: value for value in Gender.values} | {str(label).lower(): value for value, label in Gender.choices}
    arguments = {
        "channel": channel,
        "received_on": received_on,
        "given_by": values.get("given_by", ""),
        "given_by_contact": values.get("contact", ""),
        "organisation_name": values.get("organisation", ""),
        "declared_category": category,
        "declared_region": values.get("region", ""),
        "declared_gender": genders.get(gender_text, gender_text),
        "language": values.get("language", "").strip(),
        "question": question,
        "kind": Contribution.Kind.ANSWER if question is not None else Contribution.Kind.GENERAL,
        "body": values.get("contribution", ""),
        "consent": flags["consent"],
        "consent_publish": flags["publish"],
    }
    return arguments, errors


@transaction.atomic
def offline_rows_import(*, actor, round: ConsultationRound, data: bytes, name: str, good_rows_only: bool = False):
    """Enter the contributions of a CSV or Excel table (the columns of TEMPLATE_COLUMNS, a
    header first), each row checked as `contribution_enter_offline` checks one. When any
    row is wrong nothing is saved (ImportResult.saved == 0), unless `good_rows_only`: then
    the good rows are. Cells are read as text: a formula is never run. Audited per row and
    for the import."""
    if not actor.has_perm(perms.ENTER_OFFLINE, round):
        raise PermissionDenied
    table = table_rows(data, name, max_rows=MAX_ROWS + 2)
    if not table:
        raise ValidationError(_("The file is empty."))
    header = [one_line(cell).strip().lower() for cell in table[0]]
    missing = [column for column in ("received_on", "channel", "contribution", "consent") if column not in header]
    if missing:
        raise ValidationError(
            _("The first row must name the columns; missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if len(table) > MAX_ROWS + 1:
        raise ValidationError(_("At most %(count)s rows at a time.") % {"count": MAX_ROWS})
    categories = {c.name.strip().lower(): c for c in StakeholderCategory.objects.filter(review_id=round.review_id)}
    questions = {
        str(n): q for n, q in enumerate(RoundQuestion.objects.filter(round=round).order_by("position", "pk"), 1)
    }
    result = ImportResult(rows=[])
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {column: cells[index] if index < len(cells) else "" for index, column in enumerate(header)}
        arguments, errors = _row_arguments(values, categories=categories, questions=questions)
        row = RowResult(number=number, given_by=one_line(arguments["given_by"])[:80], errors=errors)
        result.rows.append(row)
        if errors:
            continue
        try:
            with transaction.atomic():
                row.contribution = contribution_enter_offline(actor=actor, round=round, **arguments)
        except ValidationError as error:
            row.errors = [
                f"{COLUMN_OF_FIELD.get(field, field)}: {message}" if field != "__all__" else message
                for field, messages in error.message_dict.items()
                for message in messages
            ]
    if not result.rows:
        raise ValidationError(_("The file has no rows under its header."))
    if result.bad and not good_rows_only:
        transaction.set_rollback(True)
        for row in result.rows:
            row.contribution = None
        return result
    result.saved = sum(1 for row in result.rows if row.contribution is not None)
    audit_record(
        review=round.review,
        actor=actor,
        action="stakeholders.contribution_offline_import",
        summary=_("%(count)s offline contributions imported in “%(round)s”")
        % {"count": result.saved, "round": round.title},
        data={"round": round.pk, "saved": result.saved, "refused_rows": [row.number for row in result.bad]},
    )
    return result
