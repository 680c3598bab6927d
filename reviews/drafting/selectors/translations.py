"""Reads of the sections' translations: what is missing per language for the editors'
list, and which text a reader gets in a language (the translation, or the source marked
as a fallback)."""

from dataclasses import dataclass

from reviews.core.models import Review
from reviews.drafting.models import Section, SectionTranslation, TranslationState
from reviews.drafting.selectors.outline import outline_list
from vnr_portal.common.languages import Picked, pick_language


def source_language(review: Review) -> str:
    """The language the sections are written in: the report's first, English when none."""
    return (list(review.languages or []) or ["en"])[0]


def translation_languages(review: Review) -> list[str]:
    """The review's further languages: those the sections are translated into."""
    return list(dict.fromkeys(review.languages or []))[1:]


@dataclass(frozen=True)
class TranslationCell:
    language: str
    state: str
    translation: SectionTranslation | None

    @property
    def is_missing(self) -> bool:
        return self.state != TranslationState.REVIEWED


def effective_state(section: Section, translation: SectionTranslation | None) -> str:
    """The state as readers should take it: no row or an empty one is "to translate"; a
    translation made from an older version is out of date whatever its stored state."""
    if translation is None or translation.state == TranslationState.TO_TRANSLATE:
        return TranslationState.TO_TRANSLATE
    if translation.source_version < section.version:
        return TranslationState.OUTDATED
    return translation.state


def translation_overview(review: Review) -> dict:
    """The editors' list: each section in reading order with a cell per further language
    (its state and translation), and per language how many sections are not yet reviewed.
    Three queries whatever the number of sections and languages."""
    languages = translation_languages(review)
    by_section: dict[int, dict[str, SectionTranslation]] = {}
    for translation in SectionTranslation.objects.filter(section__review=review, language__in=languages).only(
        "pk", "section_id", "language", "state", "source_version", "word_count", "updated_at"
    ):
        by_section.setdefault(translation.section_id, {})[translation.language] = translation
    rows = []
    missing = dict.fromkeys(languages, 0)
    for section in outline_list(review):
        by_language = by_section.get(section.pk, {})
        cells = []
        for language in languages:
            translation = by_language.get(language)
            cell = TranslationCell(language, effective_state(section, translation), translation)
            cells.append(cell)
            if cell.is_missing:
                missing[language] += 1
        rows.append({"section": section, "cells": cells})
    return {"languages": languages, "rows": rows, "missing": missing}


def section_translation_get(section: Section, language: str) -> SectionTranslation | None:
    return SectionTranslation.objects.filter(section=section, language=language).first()


def section_text_in(section: Section, language: str, translations=None) -> Picked:
    """The text of `section` for a reader of `language`: its translation when there is a
    usable one (draft, reviewed or out of date, not empty), else the source text, marked
    as a fallback (`pick_language`). `translations` the section's, when already loaded."""
    source = source_language(section.review)
    if translations is None:
        # In the source language no translation is read (no query).
        translations = [] if language.lower() == source.lower() else section.translations.all()
    available = {source: section.content or ""}
    for translation in translations:
        if translation.language != source and translation.is_usable:
            available[translation.language] = translation.content
    picked = pick_language(available, language, source)
    if picked is None:  # nothing written yet in any language
        return Picked("", source, language, language.lower() != source.lower())
    return picked
