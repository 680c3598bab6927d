"""Consultation rounds, the taskforce's side: creating and changing a round while it is a
draft, choosing the draft sections and questions it consults on, attaching translations,
publishing it (the frozen copy), closing it early or extending it.

A section chosen for a draft round is held as a RoundDocument in the report's language
with `frozen_at` empty (a placeholder; a pasted translation likewise). Publishing fills
and freezes every copy in one transaction; after that no copy changes, a translation
may only be added for a language that has none.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from reviews.core.sanitize import clean_html
from reviews.drafting.selectors.outline import outline_list
from reviews.drafting.services.sections import MAX_CONTENT_CHARS, text_to_html
from reviews.models import REPORT_LANGUAGES, Review, Section, SectionTranslation

from ..models import (
    ConsultationRound,
    Contribution,
    EngagementActivity,
    Portal,
    RoundDocument,
    RoundQuestion,
    StandingGroup,
)

LANGUAGE_NAMES = dict(REPORT_LANGUAGES)
MAX_QUESTION_CHARS = 2000


def source_language(review: Review) -> str:
    """The language the draft is written in: the report's first language."""
    return (list(review.languages or []) or [settings.LANGUAGE_CODE])[0]


def language_name(code: str) -> str:
    return str(LANGUAGE_NAMES.get(code, code))


def _not_draft_error() -> ValidationError:
    return ValidationError(
        _("This round has been published: its settings, sections and questions can no longer be changed.")
    )


def _lock(round_: ConsultationRound) -> ConsultationRound:
    """The round's row, locked for the rest of the transaction, with its review."""
    return ConsultationRound.objects.select_for_update().select_related("review").get(pk=round_.pk)


def _lock_draft(round_: ConsultationRound) -> ConsultationRound:
    locked = _lock(round_)
    if locked.published_at is not None:
        raise _not_draft_error()
    return locked


# --- Creating and changing a round ------------------------------------------------------


def round_field_errors(
    *,
    review: Review,
    audience: str,
    group: StandingGroup | None,
    languages: list[str],
    opens_at: datetime.datetime | None,
    closes_at: datetime.datetime | None,
) -> dict[str, str]:
    """What is wrong with a round's audience, languages and dates, by field (also used by
    the form, so that every message shows at once)."""
    errors: dict[str, str] = {}
    if audience == ConsultationRound.Audience.WORKING_GROUP:
        if group is None:
            errors["group"] = _("Choose the working group this round is for.")
        elif group.review_id != review.pk or group.kind != StandingGroup.Kind.WORKING_GROUP:
            errors["group"] = _("Choose one of this review's thematic working groups.")
    review_languages = list(review.languages or [])
    source = source_language(review)
    if not languages:
        errors["languages"] = _("Choose at least one language.")
    elif any(language not in review_languages for language in languages):
        errors["languages"] = _("Choose among the report's languages.")
    elif source not in languages:
        errors["languages"] = _("The round must include %(language)s, the language the draft is written in.") % {
            "language": language_name(source)
        }
    if opens_at and closes_at and closes_at <= opens_at:
        errors["closes_at"] = _("The round must close after it opens.")
    return errors


def _clean_fields(review: Review, fields: dict) -> dict:
    fields = dict(fields)
    fields["title"] = " ".join((fields.get("title") or "").split())
    fields["description"] = clean_html(text_to_html(fields.get("description") or ""))
    languages = list(dict.fromkeys(fields.get("languages") or []))
    # The report's order, whatever order the boxes were ticked in.
    fields["languages"] = [code for code in (review.languages or []) if code in languages] + [
        code for code in languages if code not in (review.languages or [])
    ]
    if fields.get("audience") != ConsultationRound.Audience.WORKING_GROUP:
        fields["group"] = None
    errors = round_field_errors(
        review=review,
        audience=fields.get("audience"),
        group=fields.get("group"),
        languages=fields["languages"],
        opens_at=fields.get("opens_at"),
        closes_at=fields.get("closes_at"),
    )
    if not fields["title"]:
        errors["title"] = _("Give the round a title.")
    if errors:
        raise ValidationError(errors)
    return fields


ROUND_FIELDS = [
    "title",
    "description",
    "kind",
    "stage",
    "audience",
    "group",
    "languages",
    "opens_at",
    "closes_at",
    "max_length",
    "flag_threshold",
]


@transaction.atomic
def round_create(*, actor, review: Review, **fields) -> ConsultationRound:
    """A new draft round (`fields`: ROUND_FIELDS). Description sanitized; audited."""
    fields = _clean_fields(review, {name: fields.get(name) for name in ROUND_FIELDS})
    round_ = ConsultationRound(review=review, created_by=actor, **fields)
    round_.full_clean(exclude=["review", "created_by"])
    round_.save()
    audit_record(
        review=review,
        actor=actor,
        action="stakeholders.round_create",
        summary=_("Consultation round created: %(title)s") % {"title": round_.title},
        data={"round": round_.pk},
    )
    return round_


@transaction.atomic
def round_update(*, actor, round_: ConsultationRound, **fields) -> ConsultationRound:
    """Change a draft round. Pasted translations in languages the round no longer has are
    dropped. Refused once published. Audited with the names of the changed fields."""
    locked = _lock_draft(round_)
    fields = _clean_fields(locked.review, {name: fields.get(name, getattr(locked, name)) for name in ROUND_FIELDS})
    changed = [name for name, value in fields.items() if getattr(locked, name) != value]
    if not changed:
        return locked
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["review", "created_by"])
    locked.save()
    if "languages" in changed:
        locked.documents.filter(frozen_at__isnull=True).exclude(language__in=locked.languages).delete()
    audit_record(
        review=locked.review,
        actor=actor,
        action="stakeholders.round_update",
        summary=_("Consultation round changed: %(title)s") % {"title": locked.title},
        data={"round": locked.pk, "fields": changed},
    )
    return locked


@transaction.atomic
def round_delete(*, actor, round_: ConsultationRound) -> None:
    """Delete a draft round with its chosen sections, questions and invitations. Audited."""
    locked = _lock_draft(round_)
    audit_record(
        review=locked.review,
        actor=actor,
        action="stakeholders.round_delete",
        summary=_("Consultation round deleted: %(title)s") % {"title": locked.title},
        data={"round": locked.pk},
    )
    locked.delete()


# --- Reads ------------------------------------------------------------------------------


def _count_of(queryset) -> Coalesce:
    """A subquery counting the rows of `queryset` (filtered on the outer round)."""
    counted = queryset.filter(round=OuterRef("pk")).order_by().values("round").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def round_list(review: Review) -> list[ConsultationRound]:
    """The review's rounds, newest opening first, each with `section_count`,
    `question_count` and `contribution_count`. One query."""
    source = source_language(review)
    return list(
        ConsultationRound.objects.filter(review=review)
        .select_related("group")
        .annotate(
            section_count=_count_of(RoundDocument.objects.filter(language=source)),
            question_count=_count_of(RoundQuestion.objects.all()),
            contribution_count=_count_of(Contribution.objects.all()),
        )
        .order_by("-opens_at", "-pk")
    )


def round_get(review: Review, round_pk: int) -> ConsultationRound | None:
    return (
        ConsultationRound.objects.filter(review=review, pk=round_pk).select_related("review__country", "group").first()
    )


def round_contribution_counts(round_: ConsultationRound) -> dict[str, int]:
    """{total, visible, awaiting, hidden}: one aggregate query."""
    return Contribution.objects.filter(round=round_).aggregate(
        total=Count("pk"),
        visible=Count("pk", filter=Q(visibility="visible")),
        awaiting=Count("pk", filter=Q(visibility="awaiting")),
        hidden=Count("pk", filter=Q(visibility="hidden")),
    )


@dataclass
class LanguageCell:
    language: str
    label: str
    # "frozen" (published copy), "section" (the draft itself), "translation" (the draft's
    # translation), "attached" (pasted for this round) or "missing".
    source: str
    document: RoundDocument | None = None
    version: int | None = None
    out_of_date: bool = False
    can_attach: bool = False


@dataclass
class DocumentRow:
    section_id: int | None
    title: str
    cells: list[LanguageCell] = field(default_factory=list)


def round_documents(round_: ConsultationRound) -> list[DocumentRow]:
    """The round's sections, each with one cell per round language saying where its copy
    comes from (or, once published, the frozen copy). Two queries."""
    review = round_.review
    source = source_language(review)
    published = round_.published_at is not None
    documents = list(round_.documents.select_related("section").order_by("position", "pk"))
    by_key = {(d.section_id, d.language): d for d in documents}
    heads = [d for d in documents if d.language == source] if not published else []
    if published:
        seen: set = set()
        for document in documents:
            key = document.section_id if document.section_id is not None else f"doc{document.pk}"
            if key not in seen:
                seen.add(key)
                heads.append(document)
    section_ids = [d.section_id for d in heads if d.section_id]
    translations = {
        (t.section_id, t.language): t
        for t in SectionTranslation.objects.filter(section_id__in=section_ids, language__in=round_.languages).only(
            "id", "section_id", "language", "source_version"
        )
    }
    rows = []
    for head in heads:
        section = head.section
        row = DocumentRow(
            section_id=head.section_id, title=head.title if published or section is None else section.title
        )
        for language in round_.languages:
            label = language_name(language)
            document = (
                by_key.get((head.section_id, language))
                if head.section_id
                else (head if head.language == language else None)
            )
            if published:
                if document is not None:
                    row.cells.append(LanguageCell(language, label, "frozen", document, document.source_version))
                else:
                    row.cells.append(LanguageCell(language, label, "missing", can_attach=head.section_id is not None))
                continue
            if section is None:
                row.cells.append(LanguageCell(language, label, "missing"))
            elif language == source:
                row.cells.append(LanguageCell(language, label, "section", document, section.version))
            elif (section.pk, language) in translations:
                translation = translations[(section.pk, language)]
                row.cells.append(
                    LanguageCell(
                        language,
                        label,
                        "translation",
                        version=translation.source_version,
                        out_of_date=translation.source_version < section.version,
                    )
                )
            elif document is not None:
                row.cells.append(LanguageCell(language, label, "attached", document, can_attach=True))
            else:
                row.cells.append(LanguageCell(language, label, "missing", can_attach=True))
        rows.append(row)
    return rows


# --- Sections ---------------------------------------------------------------------------


def round_section_choices(round_: ConsultationRound) -> list[Section]:
    """The review's draft sections in outline order (with `number` and `depth`)."""
    return outline_list(round_.review)


def round_chosen_section_ids(round_: ConsultationRound) -> set[int]:
    return set(
        round_.documents.filter(language=source_language(round_.review), section__isnull=False).values_list(
            "section_id", flat=True
        )
    )


@transaction.atomic
def round_set_sections(*, actor, round_: ConsultationRound, section_ids: list[int]) -> list[int]:
    """Choose the draft sections a draft round consults on (their copies are taken when it
    is published), in outline order. Sections of another review are refused. Returns the
    chosen ids in order; audited when the choice changed."""
    locked = _lock_draft(round_)
    review = locked.review
    source = source_language(review)
    outline = list(outline_list(review))
    order = {s.pk: index for index, s in enumerate(outline)}
    wanted = list(dict.fromkeys(section_ids))
    if any(pk not in order for pk in wanted):
        raise ValidationError({"sections": _("Choose among this review's draft sections.")})
    wanted.sort(key=order.__getitem__)
    before = round_chosen_section_ids(locked)
    # Dropping a section drops its pasted translations too.
    locked.documents.filter(frozen_at__isnull=True).exclude(section_id__in=wanted).delete()
    titles = {s.pk: s.title for s in outline}
    new = [
        RoundDocument(round=locked, section_id=pk, language=source, title=titles[pk][:300], content="")
        for pk in wanted
        if pk not in before
    ]
    RoundDocument.objects.bulk_create(new)
    documents = list(locked.documents.filter(section_id__in=wanted))
    for document in documents:
        document.position = order[document.section_id]
    RoundDocument.objects.bulk_update(documents, ["position"])
    if set(wanted) != before:
        audit_record(
            review=review,
            actor=actor,
            action="stakeholders.round_sections",
            summary=_("Sections of “%(title)s” chosen: %(count)s") % {"title": locked.title, "count": len(wanted)},
            data={"round": locked.pk, "sections": wanted},
        )
    return wanted


# --- Translations -----------------------------------------------------------------------


@transaction.atomic
def round_attach_translation(
    *, actor, round_: ConsultationRound, section: Section, language: str, content: str, title: str = ""
) -> RoundDocument:
    """Attach a pasted translation of a chosen section (sanitized).

    Before publishing it replaces an earlier pasted one; it is refused where the draft
    has its own translation (that one is used). After publishing it may only add a copy
    in a language that has none: it is frozen at once, and no frozen copy ever changes.
    Audited.
    """
    locked = _lock(round_)
    review = locked.review
    source = source_language(review)
    if language not in locked.languages or language == source:
        raise ValidationError({"content": _("This round has no translation in this language.")})
    head = locked.documents.filter(section=section, language=source).first()
    if head is None or section.review_id != review.pk:
        raise ValidationError({"content": _("This section is not part of the round.")})
    if len(content or "") > MAX_CONTENT_CHARS:
        raise ValidationError(
            {"content": _("The text is too long: at most %(max)s characters.") % {"max": f"{MAX_CONTENT_CHARS:,}"}}
        )
    cleaned = clean_html(text_to_html(content or ""))
    if not cleaned.strip():
        raise ValidationError({"content": _("Paste the translated text.")})
    title = " ".join((title or "").split())[:300] or section.title[:300]
    now = timezone.now()
    if locked.published_at is None:
        if SectionTranslation.objects.filter(section=section, language=language).exists():
            raise ValidationError(
                {"content": _("The draft has its own translation in this language: it will be used.")}
            )
        document, _created = RoundDocument.objects.update_or_create(
            round=locked,
            section=section,
            language=language,
            defaults={"title": title, "content": cleaned, "position": head.position, "frozen_at": None},
        )
    else:
        exists_error = ValidationError(
            {"content": _("This round's copy in this language is already frozen: it cannot be changed.")}
        )
        if locked.documents.filter(section=section, language=language).exists():
            raise exists_error
        document = RoundDocument(
            round=locked,
            section=section,
            language=language,
            title=title,
            content=cleaned,
            position=head.position,
            source_version=head.source_version,
            frozen_at=now,
        )
        try:
            with transaction.atomic():
                document.save()
        except IntegrityError:
            raise exists_error from None
    audit_record(
        review=review,
        actor=actor,
        action="stakeholders.round_translation",
        summary=_("Translation into %(language)s attached to “%(section)s” in “%(round)s”")
        % {"language": language_name(language), "section": section.title, "round": locked.title},
        data={
            "round": locked.pk,
            "section": section.pk,
            "language": language,
            "frozen": document.frozen_at is not None,
        },
    )
    return document


# --- Questions --------------------------------------------------------------------------


def _clean_question(round_: ConsultationRound, text: str, translations: dict | None) -> tuple[str, dict]:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the question.")})
    if len(text) > MAX_QUESTION_CHARS:
        raise ValidationError({"text": _("A question has at most %(max)s characters.") % {"max": MAX_QUESTION_CHARS}})
    source = source_language(round_.review)
    cleaned = {}
    for language, value in (translations or {}).items():
        value = (value or "").strip()
        if language in round_.languages and language != source and value:
            cleaned[language] = value[:MAX_QUESTION_CHARS]
    return text, cleaned


@transaction.atomic
def round_question_create(
    *, actor, round_: ConsultationRound, text: str, translations: dict | None = None
) -> RoundQuestion:
    """Add a question at the end of a draft round's list. Audited."""
    locked = _lock_draft(round_)
    text, translations = _clean_question(locked, text, translations)
    last = locked.questions.aggregate(last=Max("position"))["last"]
    question = RoundQuestion(
        round=locked, text=text, translations=translations, position=0 if last is None else last + 1
    )
    question.save()
    audit_record(
        review=locked.review,
        actor=actor,
        action="stakeholders.round_question_create",
        summary=_("Question added to “%(round)s”") % {"round": locked.title},
        data={"round": locked.pk, "question": question.pk},
    )
    return question


@transaction.atomic
def round_question_update(
    *, actor, question: RoundQuestion, text: str, translations: dict | None = None
) -> RoundQuestion:
    locked = _lock_draft(question.round)
    question.text, question.translations = _clean_question(locked, text, translations)
    question.save(update_fields=["text", "translations"])
    audit_record(
        review=locked.review,
        actor=actor,
        action="stakeholders.round_question_update",
        summary=_("Question changed in “%(round)s”") % {"round": locked.title},
        data={"round": locked.pk, "question": question.pk},
    )
    return question


@transaction.atomic
def round_question_delete(*, actor, question: RoundQuestion) -> None:
    locked = _lock_draft(question.round)
    audit_record(
        review=locked.review,
        actor=actor,
        action="stakeholders.round_question_delete",
        summary=_("Question removed from “%(round)s”") % {"round": locked.title},
        data={"round": locked.pk, "question": question.pk},
    )
    question.delete()


# --- Publishing -------------------------------------------------------------------------


def round_publish_problems(round_: ConsultationRound, *, now: datetime.datetime | None = None) -> list[str]:
    """Why the round cannot be published yet (empty when it can)."""
    now = now or timezone.now()
    review = round_.review
    problems = []
    if not Portal.objects.filter(review=review).exists():
        problems.append(_("The review has no public portal yet: set it up first."))
    source = source_language(review)
    heads = list(
        RoundDocument.objects.filter(round=round_, language=source, section__isnull=False).values_list(
            "section__title", "section__content"
        )
    )
    if round_.kind == ConsultationRound.Kind.SECTIONS and not heads:
        problems.append(_("Choose at least one draft section to consult on."))
    if round_.kind == ConsultationRound.Kind.QUESTIONS and not round_.questions.exists():
        problems.append(_("Add at least one question."))
    empty = [title for title, content in heads if not (content or "").strip()]
    if empty:
        problems.append(_("These sections have no text yet: %(titles)s.") % {"titles": ", ".join(empty)})
    if round_.closes_at <= round_.opens_at:
        problems.append(_("The round must close after it opens."))
    elif round_.closes_at <= now:
        problems.append(_("The closing date has passed: set a later one before publishing."))
    if round_.audience == ConsultationRound.Audience.WORKING_GROUP and round_.group_id is None:
        problems.append(_("Choose the working group this round is for."))
    return problems


@transaction.atomic
def round_publish(*, actor, round_: ConsultationRound) -> bool:
    """Freeze the round's copies and put it on the portal.

    One RoundDocument per chosen section and round language: the section's text in the
    report's language, the draft's translation (else a pasted one) in the others (a
    language with neither gets no copy; one can be added later); `source_version` the
    version copied, `frozen_at` now. Sets `published_at`; creates the plan's online
    consultation activity if the round has none; audited. Refused (ValidationError with
    every reason) per `round_publish_problems`. Publishing again changes nothing and
    returns False.
    """
    locked = _lock(round_)
    if locked.published_at is not None:
        return False
    now = timezone.now()
    problems = round_publish_problems(locked, now=now)
    if problems:
        raise ValidationError(problems)
    review = locked.review
    source = source_language(review)
    drafts = list(locked.documents.filter(frozen_at__isnull=True).select_related("section"))
    heads = {d.section_id: d for d in drafts if d.language == source and d.section_id}
    sections = {pk: d.section for pk, d in heads.items()}
    attached = {(d.section_id, d.language): d for d in drafts if d.language != source}
    translations = {
        (t.section_id, t.language): t
        for t in SectionTranslation.objects.filter(section_id__in=list(sections), language__in=locked.languages)
    }
    keep, new, missing = [], [], []
    for section_id, head in heads.items():
        section = sections[section_id]
        head.title, head.content, head.source_version, head.frozen_at = (
            section.title[:300],
            section.content,
            section.version,
            now,
        )
        keep.append(head)
        for language in locked.languages:
            if language == source:
                continue
            translation = translations.get((section_id, language))
            document = attached.get((section_id, language))
            if translation is not None and (translation.content or "").strip():
                if document is None:
                    document = RoundDocument(round=locked, section=section, language=language)
                    new.append(document)
                else:
                    keep.append(document)
                document.title = section.title[:300]
                document.content = clean_html(translation.content)
                document.source_version = translation.source_version
            elif document is not None:
                document.source_version = section.version
                keep.append(document)
            else:
                missing.append((section_id, language))
                continue
            document.position, document.frozen_at = head.position, now
    # Placeholders of sections removed from the draft or of dropped languages go.
    locked.documents.filter(frozen_at__isnull=True).exclude(pk__in=[d.pk for d in keep]).delete()
    RoundDocument.objects.bulk_update(keep, ["title", "content", "source_version", "frozen_at", "position"])
    RoundDocument.objects.bulk_create(new)
    locked.published_at = now
    locked.save(update_fields=["published_at"])
    round_.published_at = now
    activity = None
    if not locked.activities.exists():
        activity = EngagementActivity.objects.create(
            review=review,
            stage=locked.stage,
            kind=EngagementActivity.Kind.ONLINE_CONSULTATION,
            title=locked.title[:200],
            mode=EngagementActivity.Mode.ONLINE,
            language=locked.languages[0] if len(locked.languages) == 1 else "",
            date=timezone.localdate(locked.opens_at),
            round=locked,
        )
    audit_record(
        review=review,
        actor=actor,
        action="stakeholders.round_publish",
        summary=_("Consultation round published: %(title)s") % {"title": locked.title},
        data={
            "round": locked.pk,
            "documents": len(keep) + len(new),
            "missing_translations": [f"{pk}:{language}" for pk, language in missing],
            "activity": activity.pk if activity else None,
        },
    )
    return True


@transaction.atomic
def round_close_now(*, actor, round_: ConsultationRound) -> ConsultationRound:
    """Close an open round at once (closes_at = now). Audited."""
    locked = _lock(round_)
    now = timezone.now()
    if not locked.is_open(now):
        raise ValidationError(_("Only an open round can be closed now."))
    old = locked.closes_at
    locked.closes_at = now
    locked.save(update_fields=["closes_at"])
    round_.closes_at = now
    audit_record(
        review=locked.review,
        actor=actor,
        action="stakeholders.round_close",
        summary=_("Consultation round closed early: %(title)s") % {"title": locked.title},
        data={"round": locked.pk, "from": old.isoformat(), "to": now.isoformat()},
    )
    return locked


@transaction.atomic
def round_extend(*, actor, round_: ConsultationRound, closes_at: datetime.datetime) -> ConsultationRound:
    """Move the closing date (later, or earlier but not into the past; after the
    opening). Reopens a round that had closed. Audited."""
    locked = _lock(round_)
    now = timezone.now()
    if closes_at <= locked.opens_at:
        raise ValidationError({"closes_at": _("The round must close after it opens.")})
    if closes_at <= now:
        raise ValidationError({"closes_at": _("Choose a closing date in the future.")})
    old = locked.closes_at
    if closes_at == old:
        return locked
    locked.closes_at = closes_at
    locked.save(update_fields=["closes_at"])
    round_.closes_at = closes_at
    audit_record(
        review=locked.review,
        actor=actor,
        action="stakeholders.round_extend",
        summary=_("Closing date of “%(title)s” moved") % {"title": locked.title},
        data={"round": locked.pk, "from": old.isoformat(), "to": closes_at.isoformat()},
    )
    return locked
