"""Reads of consultation rounds, staff side: the list with its counts, one round, where
each copy of its sections comes from, the sections it may consult on, why it cannot be
published yet, and its invitations."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.drafting.selectors.outline import outline_list
from reviews.models import Review, Section, SectionTranslation
from stakeholders.languages import language_label, source_language
from stakeholders.portal.models import Contribution, Portal

from .models import ConsultationRound, RoundDocument, RoundInvitation, RoundQuestion


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
        ConsultationRound.objects.filter(review=review, pk=round_pk)
        .select_related("review__country", "group", "public_version")
        .first()
    )


def round_question_list(round_: ConsultationRound) -> list[RoundQuestion]:
    """The round's questions, in order."""
    return list(round_.questions.all())


def round_document_get(round_: ConsultationRound, section: Section, language: str) -> RoundDocument | None:
    """The round's copy of `section` in `language` (pasted or frozen), if it has one."""
    return round_.documents.filter(section=section, language=language).first()


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


def round_document_list(round_: ConsultationRound) -> list[DocumentRow]:
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
            label = language_label(language)
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


def round_section_choice_list(round_: ConsultationRound) -> list[Section]:
    """The review's draft sections in outline order (with `number` and `depth`)."""
    return outline_list(round_.review)


def round_chosen_section_ids(round_: ConsultationRound) -> set[int]:
    return set(
        round_.documents.filter(language=source_language(round_.review), section__isnull=False).values_list(
            "section_id", flat=True
        )
    )


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


def round_invitation_list(round_: ConsultationRound) -> list[RoundInvitation]:
    """The round's invitations, newest first, with organisation and inviter. One query."""
    return list(
        round_.invitations.select_related("organisation", "invited_by", "accepted_by").order_by("-created_at", "-pk")
    )
