"""Writes of the commitments register: add, edit, import; updates submitted by focal
points and decided by reviewers. Every write is audited; updates are append-only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.evidence.models import Series
from indicators.models import Goal, Target
from reviews.core.audit import audit_record
from reviews.core.models import Review
from reviews.followup.models import (
    Commitment,
    CommitmentDocument,
    CommitmentKind,
    CommitmentStatus,
    CommitmentUpdate,
    UpdateState,
)
from reviews.followup.references import report_choices
from reviews.workspace.models import Ministry
from vnr_portal.common.spreadsheets import table_rows
from vnr_portal.common.uploads import DOCX_TYPE, XLSX_TYPE, document_type, safe_file_name

MAX_IMPORT_ROWS = 1000
MAX_DOCUMENTS = 5
DOCUMENT_EXTENSIONS = {"application/pdf": "pdf", DOCX_TYPE: "docx", XLSX_TYPE: "xlsx", "text/csv": "csv"}
MAX_TEXT = 4000
_SPLIT = re.compile(r"[;,\s]+")
_MINISTRY_SPLIT = re.compile(r"[;\n]+")


@dataclass
class ImportRow:
    """One commitment read from an import, its codes and ministries resolved."""

    row: int
    text: str
    kind: str = CommitmentKind.COMMITMENT
    goals: list = field(default_factory=list)
    targets: list = field(default_factory=list)
    ministries: list = field(default_factory=list)


@dataclass
class ImportError_:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    rows: list[ImportRow]
    errors: list[ImportError_]
    skipped_empty: int = 0


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _kind_of(value: str) -> str | None:
    value = (value or "").strip().lower()
    if not value:
        return CommitmentKind.COMMITMENT
    for choice in CommitmentKind:
        if value in (choice.value, choice.value.replace("_", " "), str(choice.label).lower()):
            return choice.value
    return None


def goals_and_targets(codes: str) -> tuple[list[Goal], list[Target], list[str]]:
    """The goals and targets named in `codes` ("3, 3.4; 5.a"), and the codes not found.
    A target brings its goal along."""
    goals: dict[int, Goal] = {}
    targets: dict[str, Target] = {}
    unknown: list[str] = []
    tokens = [token.strip().rstrip(".") for token in _SPLIT.split(codes or "") if token.strip()]
    wanted_targets = [token for token in tokens if "." in token]
    wanted_goals = [int(token) for token in tokens if token.isdigit()]
    found_targets = {t.code.lower(): t for t in Target.objects.select_related("goal").filter(code__in=wanted_targets)}
    found_goals = {g.number: g for g in Goal.objects.filter(number__in=wanted_goals)}
    for token in tokens:
        if token.isdigit() and int(token) in found_goals:
            goals[int(token)] = found_goals[int(token)]
        elif token.lower() in found_targets:
            target = found_targets[token.lower()]
            targets[target.code] = target
            goals[target.goal.number] = target.goal
        else:
            unknown.append(token)
    return list(goals.values()), list(targets.values()), unknown


def _ministries_by_label(review: Review) -> dict[str, Ministry]:
    found: dict[str, Ministry] = {}
    for ministry in Ministry.objects.filter(review=review):
        found[ministry.name.strip().lower()] = ministry
        if ministry.acronym:
            found.setdefault(ministry.acronym.strip().lower(), ministry)
    return found


COLUMNS = ("text", "kind", "goals/targets", "ministries")


def parse_commitments(review: Review, *, lines: str = "", data: bytes | None = None, name: str = "") -> ImportResult:
    """Read commitments from `lines` (one a line: the text only) or an uploaded CSV/XLSX
    (`data`, columns text, kind, goals/targets, ministries with a header row). Nothing is
    written; errors name the row and column: unknown codes, unknown ministries, unknown
    kinds, duplicates (in the file or already in the register), over-long text."""
    errors: list[ImportError_] = []
    skipped = 0
    if data is not None:
        table = table_rows(data, name, max_rows=MAX_IMPORT_ROWS + 2)
        if not table:
            raise ValidationError(_("The file is empty."))
        header = [cell.strip().lower() for cell in table[0]]
        if "text" not in header:
            raise ValidationError(
                _("The first row must name the columns: %(columns)s.") % {"columns": ", ".join(COLUMNS)}
            )
        index = {column: header.index(column) for column in COLUMNS if column in header}
        raw = []
        for number, cells in enumerate(table[1:], start=2):
            values = {column: (cells[i] if i < len(cells) else "").strip() for column, i in index.items()}
            raw.append((number, values))
    else:
        raw = [(number, {"text": line.strip()}) for number, line in enumerate((lines or "").splitlines(), start=1)]
    if len(raw) > MAX_IMPORT_ROWS:
        raise ValidationError(
            ngettext(
                "At most %(max)d commitment at a time.",
                "At most %(max)d commitments at a time.",
                MAX_IMPORT_ROWS,
            )
            % {"max": MAX_IMPORT_ROWS}
        )
    ministries = _ministries_by_label(review)
    existing = {
        text.strip().lower() for text in Commitment.objects.filter(review=review).values_list("text", flat=True)
    }
    seen: dict[str, int] = {}
    rows: list[ImportRow] = []
    for number, values in raw:
        text = values.get("text", "")
        if not any(values.values()):
            skipped += 1
            continue
        ok = True
        if not text:
            errors.append(ImportError_(number, "text", _("The text is empty.")))
            ok = False
        elif len(text) > MAX_TEXT:
            errors.append(
                ImportError_(
                    number,
                    "text",
                    ngettext(
                        "The text is longer than %(max)d character.",
                        "The text is longer than %(max)d characters.",
                        MAX_TEXT,
                    )
                    % {"max": MAX_TEXT},
                )
            )
            ok = False
        elif text.lower() in seen:
            errors.append(
                ImportError_(number, "text", _("The same text as row %(row)d.") % {"row": seen[text.lower()]})
            )
            ok = False
        elif text.lower() in existing:
            errors.append(ImportError_(number, "text", _("This commitment is already in the register.")))
            ok = False
        else:
            seen[text.lower()] = number
        kind = _kind_of(values.get("kind", ""))
        if kind is None:
            errors.append(
                ImportError_(
                    number,
                    "kind",
                    _("Unknown kind “%(kind)s”: write next step, recommendation or commitment.")
                    % {"kind": values.get("kind", "")},
                )
            )
            ok = False
        goals, targets, unknown = goals_and_targets(values.get("goals/targets", ""))
        if unknown:
            errors.append(
                ImportError_(
                    number,
                    "goals/targets",
                    _("Unknown goal or target codes: %(codes)s.") % {"codes": ", ".join(unknown)},
                )
            )
            ok = False
        found_ministries = []
        for label in _MINISTRY_SPLIT.split(values.get("ministries", "")):
            label = label.strip()
            if not label:
                continue
            ministry = ministries.get(label.lower())
            if ministry is None:
                errors.append(ImportError_(number, "ministries", _("Unknown ministry “%(name)s”.") % {"name": label}))
                ok = False
            elif ministry not in found_ministries:
                found_ministries.append(ministry)
        if ok:
            rows.append(ImportRow(number, text, kind, goals, targets, found_ministries))
    return ImportResult(rows, errors, skipped)


def _next_position(review: Review) -> int:
    return (Commitment.objects.filter(review=review).aggregate(top=Max("position"))["top"] or 0) + 1


def _check_text(review: Review, text: str, *, exclude: int | None = None) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the commitment.")})
    duplicates = Commitment.objects.filter(review=review, text__iexact=text)
    if exclude:
        duplicates = duplicates.exclude(pk=exclude)
    if duplicates.exists():
        raise ValidationError({"text": _("This commitment is already in the register.")})
    return text


def _check_kind(kind: str) -> str:
    if kind not in CommitmentKind.values:
        raise ValidationError({"kind": _("Choose next step, recommendation or commitment.")})
    return kind


def _check_ministries(review: Review, ministries) -> list[Ministry]:
    ministries = list(ministries or [])
    if any(ministry.review_id != review.pk for ministry in ministries):
        raise ValidationError({"ministries": _("Choose ministries of this review.")})
    return ministries


@transaction.atomic
def commitment_create(
    *, actor, review: Review, text: str, kind: str, goals=(), targets=(), ministries=(), source_review=None
) -> Commitment:
    """Add a commitment to the register of `review` (made in its previous VNR unless
    `source_review` says otherwise). Audited. Raises ValidationError."""
    text = _check_text(review, text)
    kind = _check_kind(kind)
    ministries = _check_ministries(review, ministries)
    commitment = Commitment.objects.create(
        review=review,
        source_review=source_review or review.previous_review,
        text=text,
        kind=kind,
        position=_next_position(review),
    )
    goals = {goal.pk: goal for goal in goals} | {target.goal_id: target.goal for target in targets}
    commitment.goals.set(list(goals))
    commitment.targets.set(list(targets))
    commitment.ministries.set(ministries)
    audit_record(
        review=review,
        actor=actor,
        action="followup.commitment_created",
        summary=_("Commitment added: %(text)s") % {"text": text[:80]},
        data={"commitment": commitment.pk},
    )
    return commitment


@transaction.atomic
def commitment_edit(
    *, actor, commitment: Commitment, text: str, kind: str, goals=(), targets=(), ministries=()
) -> Commitment:
    """Change a commitment's text, kind, goals, targets and ministries. Audited."""
    review = commitment.review
    commitment.text = _check_text(review, text, exclude=commitment.pk)
    commitment.kind = _check_kind(kind)
    ministries = _check_ministries(review, ministries)
    commitment.save(update_fields=["text", "kind"])
    goals = {goal.pk: goal for goal in goals} | {target.goal_id: target.goal for target in targets}
    commitment.goals.set(list(goals))
    commitment.targets.set(list(targets))
    commitment.ministries.set(ministries)
    audit_record(
        review=review,
        actor=actor,
        action="followup.commitment_edited",
        summary=_("Commitment changed: %(text)s") % {"text": commitment.text[:80]},
        data={"commitment": commitment.pk},
    )
    return commitment


@transaction.atomic
def commitments_import(*, actor, review: Review, result: ImportResult) -> list[Commitment]:
    """Add the rows of a parsed import; refused whole when it has errors (nothing lost)."""
    if result.errors:
        raise ValidationError(_("The import has errors: nothing was added."))
    if not result.rows:
        raise ValidationError(_("There is no commitment to add."))
    position = _next_position(review)
    created = []
    for offset, row in enumerate(result.rows):
        commitment = Commitment.objects.create(
            review=review,
            source_review=review.previous_review,
            text=row.text,
            kind=row.kind,
            position=position + offset,
        )
        commitment.goals.set(row.goals)
        commitment.targets.set(row.targets)
        commitment.ministries.set(row.ministries)
        created.append(commitment)
    audit_record(
        review=review,
        actor=actor,
        action="followup.commitments_imported",
        summary=ngettext("%(count)d commitment imported", "%(count)d commitments imported", len(created))
        % {"count": len(created)},
        data={"commitments": [c.pk for c in created]},
    )
    return created


def series_key(series: Series) -> dict:
    """A series' natural key, as evidence stores it (it survives a reload of the data)."""
    return {
        "indicator": series.indicator_code,
        "series": series.code,
        "unit": series.unit,
        "unit_multiplier": series.unit_multiplier,
    }


@transaction.atomic
def commitment_update_submit(
    *,
    actor,
    commitment: Commitment,
    status: str,
    narrative: str = "",
    series=(),
    links=(),
    reports=(),
    replaced_by: Commitment | None = None,
    documents=(),
    keep_documents=(),
) -> CommitmentUpdate:
    """A new update of `commitment` (a new row: nothing before it changes), waiting for a
    reviewer. `documents` are uploaded files (PDF, Word, Excel or CSV judged by content, at
    most 10 MB each, at most five), stored under a name of ours and shown by a safe version
    of theirs; `keep_documents` are documents of this commitment an earlier update gave,
    cited again. Audited. Raises ValidationError."""
    review = commitment.review
    if status not in CommitmentStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    if status == CommitmentStatus.REPLACED:
        if replaced_by is None:
            raise ValidationError({"replaced_by": _("Choose the commitment that replaces it.")})
        if replaced_by.review_id != review.pk or replaced_by.pk == commitment.pk:
            raise ValidationError({"replaced_by": _("Choose another commitment of this review.")})
    else:
        replaced_by = None
    if any(item.country != review.country.iso3 for item in series):
        raise ValidationError({"series": _("Choose series of the review's country.")})
    chosen_reports = []
    if reports:
        known = dict(report_choices(review, [m.pk for m in commitment.ministries.all()]))
        if any(int(report) not in known for report in reports):
            raise ValidationError({"reports": _("Choose accepted reports of the commitment's ministries.")})
        chosen_reports = [{"id": int(report), "label": known[int(report)]} for report in reports]
    kept = list(keep_documents or [])
    if any(document.commitment_id != commitment.pk for document in kept):
        raise ValidationError({"keep_documents": _("Choose documents of this commitment.")})
    documents = [upload for upload in documents or [] if upload]
    if len(documents) + len(kept) > MAX_DOCUMENTS:
        raise ValidationError(
            {
                "documents": ngettext(
                    "At most %(max)d document an update.", "At most %(max)d documents an update.", MAX_DOCUMENTS
                )
                % {"max": MAX_DOCUMENTS}
            }
        )
    checked = []
    for upload in documents:
        try:
            content_type = document_type(upload)
        except ValidationError as error:
            shown = safe_file_name(upload.name, "")[:-1]
            raise ValidationError({"documents": [f"{shown}: {message}" for message in error.messages]}) from error
        checked.append((upload, content_type))
    update = CommitmentUpdate.objects.create(
        commitment=commitment,
        status=status,
        replaced_by=replaced_by,
        narrative=(narrative or "").strip(),
        evidence_series=[series_key(item) for item in series],
        evidence_links=[link for link in links if link],
        evidence_reports=chosen_reports,
        submitted_by=_user(actor),
    )
    new_documents = [_document_add(actor=actor, commitment=commitment, upload=u, content_type=t) for u, t in checked]
    update.evidence_documents.set(kept + new_documents)
    audit_record(
        review=review,
        actor=actor,
        action="followup.update_submitted",
        summary=_("Update of a commitment submitted (%(status)s): %(text)s")
        % {"status": update.get_status_display(), "text": commitment.text[:80]},
        data={
            "commitment": commitment.pk,
            "update": update.pk,
            "status": status,
            "documents": [document.pk for document in kept + new_documents],
        },
    )
    return update


def _document_add(*, actor, commitment: Commitment, upload, content_type: str) -> CommitmentDocument:
    extension = DOCUMENT_EXTENSIONS[content_type]
    name = safe_file_name(upload.name, extension)
    size = upload.size
    # The stored name says nothing of the user's: no path tricks; the storage avoids clashes.
    upload.name = f"commitment-{commitment.pk}.{extension}"
    document = CommitmentDocument(
        commitment=commitment,
        file=upload,
        name=name,
        content_type=content_type,
        size=size,
        uploaded_by=_user(actor),
    )
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def commitment_update_decide(*, actor, update: CommitmentUpdate, accept: bool, note: str = "") -> CommitmentUpdate:
    """Accept or return a submitted update, once. Audited. Raises ValidationError."""
    update = CommitmentUpdate.objects.select_for_update().select_related("commitment__review").get(pk=update.pk)
    if update.state != UpdateState.SUBMITTED:
        raise ValidationError(_("This update was already decided."))
    note = (note or "").strip()
    if not accept and not note:
        raise ValidationError({"note": _("Say what to change.")})
    update.state = UpdateState.ACCEPTED if accept else UpdateState.RETURNED
    update.decided_by = _user(actor)
    update.decided_at = timezone.now()
    update.decision_note = note
    update.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    audit_record(
        review=update.commitment.review,
        actor=actor,
        action="followup.update_accepted" if accept else "followup.update_returned",
        summary=(
            _("Update of a commitment accepted: %(text)s") if accept else _("Update of a commitment returned: %(text)s")
        )
        % {"text": update.commitment.text[:80]},
        data={"commitment": update.commitment_id, "update": update.pk},
    )
    return update
