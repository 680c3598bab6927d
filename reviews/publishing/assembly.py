"""Assembling the report: one HTML document (cover, contents, chapters, annexes).

`assemble(review)` is what both renderers start from: the PDF (WeasyPrint, pdf.py) uses
its `html`, the Word export its `chapters`. `content_hash` changes whenever anything that
affects the output changes, so two requests for the same content can share one job.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from indicators.evidence.references import parse_references, render_references, resolve_references
from indicators.models import Goal
from reviews.core.models import Review, report_language_name
from reviews.core.sanitize import clean_html
from reviews.drafting.models import SectionKind, SectionTranslation
from reviews.drafting.selectors.data_references import reference_snapshot_id
from reviews.drafting.selectors.outline import outline_list
from reviews.drafting.selectors.translations import section_text_in
from vnr_portal.common.languages import direction as text_direction

# Bump when the template or the stylesheet changes in a way that changes the output.
LAYOUT_VERSION = "3"

AnnexBuilder = Callable[[Review], list[tuple[str, str]]]
# builder(review) -> {goal number: html}: what opens the chapter of each Goal.
GoalOpeningBuilder = Callable[[Review], dict[int, str]]
_ANNEX_BUILDERS: dict[str, AnnexBuilder] = {}
_TRUSTED_ANNEXES: set[str] = set()
_GOAL_OPENINGS: dict[str, GoalOpeningBuilder] = {}


def register_annex(name: str, builder: AnnexBuilder, *, trusted: bool = False) -> None:
    """Add annex chapters to every report: builder(review) -> [(title, html)].

    Registered chapters come after the outline's own annexes, in registration order.
    Registering the same name again replaces the builder (AppConfig.ready may run twice).
    The builders run with the report's language active.

    By default the html is passed through `clean_html`, like everything users write. A
    `trusted` builder makes its html on the server with a template whose autoescaping
    escapes every text it puts in (`render_to_string` returns a SafeString), so it may
    carry markup the sanitizer strips, such as a chart's inline SVG; html it returns as a
    plain `str` (not marked safe) is still sanitized, so a builder that pastes user text
    together by hand can never bypass the sanitizer by accident.
    """
    _ANNEX_BUILDERS[name] = builder
    if trusted:
        _TRUSTED_ANNEXES.add(name)
    else:
        _TRUSTED_ANNEXES.discard(name)


def unregister_annex(name: str) -> None:
    _ANNEX_BUILDERS.pop(name, None)
    _TRUSTED_ANNEXES.discard(name)


def registered_annexes() -> dict[str, AnnexBuilder]:
    return dict(_ANNEX_BUILDERS)


def register_goal_opening(name: str, builder: GoalOpeningBuilder) -> None:
    """Open each Goal chapter (a section of kind "goal" with its Goal set) with server-made
    html: builder(review) -> {goal number: html}, trusted as `register_annex(...,
    trusted=True)` is (SafeString kept, a plain str sanitized); a Goal absent from the
    dict gets nothing. Runs once per assembly, with the report's language active."""
    _GOAL_OPENINGS[name] = builder


def _trusted_html(html) -> str:
    """Server-made html as it is when it was marked safe (escaped by a template), else
    sanitized as user text."""
    if isinstance(html, SafeString):
        return str(html)
    return clean_html(html or "")


def _goal_openings(review: Review, rows) -> dict[int, str]:
    """{section id: its opening html} for the review's Goal chapters (one query for the
    Goals' numbers, then each registered builder once)."""
    goal_sections = {row.pk: row.goal_id for row in rows if row.kind == SectionKind.GOAL and row.goal_id}
    if not goal_sections or not _GOAL_OPENINGS:
        return {}
    numbers = dict(Goal.objects.filter(pk__in=set(goal_sections.values())).values_list("pk", "number"))
    by_number: dict[int, list[str]] = {}
    for builder in _GOAL_OPENINGS.values():
        for number, html in (builder(review) or {}).items():
            by_number.setdefault(number, []).append(_trusted_html(html))
    openings = {}
    for section_id, goal_id in goal_sections.items():
        parts = by_number.get(numbers.get(goal_id))
        if parts:
            openings[section_id] = "".join(parts)
    return openings


@dataclass(frozen=True)
class Chapter:
    """One heading of the report with its text: number "2.1" (or "" unnumbered), level 1 or 2."""

    number: str
    title: str
    level: int
    html: str
    anchor: str
    # The language the text is in, and whether it is the source shown for lack of a
    # translation into the edition's language (marked on the page).
    language: str = ""
    is_fallback: bool = False


@dataclass(frozen=True)
class Assembly:
    html: str
    title: str
    language: str
    content_hash: str
    chapters: list = field(default_factory=list)
    is_final: bool = False
    direction: str = "ltr"
    review_id: int | None = None


def report_language(review: Review) -> str:
    """The report's language: the first of the review's languages, English when none."""
    languages = review.languages or []
    return languages[0] if languages else "en"


def cover_picture(review: Review) -> dict | None:
    """The cover picture as the report shows it: its URL (read by the fetcher) and alt text."""
    name = review.cover_image.name if review.cover_image else ""
    if not name:
        return None
    media_prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
    return {"url": media_prefix + quote(name), "alt": review.cover_image_alt or "", "name": name}


def edition_languages(review: Review) -> list[str]:
    """The languages an edition can be made in: the review's, the report's first."""
    return list(dict.fromkeys(review.languages or [])) or [report_language(review)]


def _outline_chapters(review: Review, language: str) -> tuple[list[Chapter], list[dict]]:
    chapters: list[Chapter] = []
    facts: list[dict] = []
    rows = outline_list(review)
    openings = _goal_openings(review, rows)
    source = report_language(review)
    # Each section in the edition's language: its translation, else the source marked as
    # a fallback (one query for every translation into that language).
    translated: dict[int, list] = {}
    if language != source:
        for item in SectionTranslation.objects.filter(section__review=review, language=language):
            translated.setdefault(item.section_id, []).append(item)
    picked = {row.pk: section_text_in(row, language, translations=translated.get(row.pk, [])) for row in rows}
    # Live data references: every section's resolved at once (a fixed number of queries),
    # rendered in the edition's language; the figures count in the content hash.
    texts = {row.pk: clean_html(picked[row.pk].value or "") for row in rows}
    references = [reference for html in texts.values() for reference in parse_references(html)]
    data = resolve_references(
        review.country.iso3 if references else "", references, snapshot_id=reference_snapshot_id(review)
    )
    with translation.override(language):
        rendered = {pk: render_references(html, data, id_prefix=f"section-{pk}") for pk, html in texts.items()}
    annex_ids = {row.pk for row in rows if row.depth == 0 and row.kind == SectionKind.ANNEX}
    last_annex_index = None
    annex_children = 0
    annex_number = ""
    for row in rows:
        if row.is_main_messages and not (row.content or "").strip():
            continue
        text = picked[row.pk]
        is_fallback = text.is_fallback and bool(texts[row.pk].strip())
        chapters.append(
            Chapter(
                number=row.number,
                title=row.title,
                level=row.depth + 1,
                html=openings.get(row.pk, "") + rendered[row.pk],
                anchor=f"section-{row.pk}",
                language=text.language,
                is_fallback=is_fallback,
            )
        )
        facts.append({"id": row.pk, "version": row.version, "title": row.title, "number": row.number})
        if text.language != source:
            facts[-1]["translation"] = hashlib.sha256(texts[row.pk].encode()).hexdigest()
        if rendered[row.pk] != texts[row.pk]:
            facts[-1]["data"] = hashlib.sha256(rendered[row.pk].encode()).hexdigest()
        if row.pk in openings:
            facts.append({"goal_opening": row.pk, "html": openings[row.pk]})
        if row.pk in annex_ids or row.parent_id in annex_ids:
            last_annex_index = len(chapters)
            if row.pk in annex_ids:
                annex_number = row.number
            else:
                annex_children += 1
    # The registry's annexes: sub-chapters of the outline's "Annexes" when there is one,
    # top-level chapters at the end otherwise.
    extra: list[Chapter] = []
    top_level = sum(1 for chapter in chapters if chapter.level == 1 and chapter.number)
    for name, builder in _ANNEX_BUILDERS.items():
        for index, (title, html) in enumerate(builder(review) or []):
            if last_annex_index is not None:
                annex_children += 1
                number, level = f"{annex_number}.{annex_children}", 2
            else:
                top_level += 1
                number, level = str(top_level), 1
            extra.append(
                Chapter(
                    number=number,
                    title=str(title),
                    level=level,
                    html=_trusted_html(html) if name in _TRUSTED_ANNEXES else clean_html(html or ""),
                    anchor=f"annex-{name}-{index}",
                )
            )
            facts.append({"annex": name, "title": str(title), "html": html or ""})
    if last_annex_index is None:
        chapters.extend(extra)
    else:
        chapters[last_annex_index:last_annex_index] = extra
    return chapters, facts


def assemble(review: Review, *, final: bool | None = None, language: str | None = None) -> Assembly:
    """The whole report as one HTML document, with its chapters and content hash.

    `final` defaults to whether the review is frozen; a draft gets a "Draft" mark on the
    cover and a diagonal watermark on every page. `language` (default: the report's
    first) is one of the review's languages: each section in its translation, else in
    the source language with a notice.
    """
    is_final = review.is_frozen if final is None else bool(final)
    language = language or report_language(review)
    direction = text_direction(language)
    with translation.override(language):
        # The registered builders write in the edition's language too.
        chapters, facts = _outline_chapters(review, language)
    country = str(review.country)
    cover = cover_picture(review)
    with translation.override(language):
        html = render_to_string(
            "reviews/publishing/report.html",
            {
                "review": review,
                "country": country,
                "title": review.title,
                "language": language,
                "direction": direction,
                "is_final": is_final,
                "cover": cover,
                "chapters": [
                    {
                        "chapter": chapter,
                        "content": mark_safe(chapter.html),
                        "language_name": report_language_name(chapter.language) if chapter.is_fallback else "",
                    }
                    for chapter in chapters
                ],
            },
        )
    fingerprint = {
        "layout": LAYOUT_VERSION,
        "review": review.pk,
        "title": review.title,
        "country": country,
        "year": review.hlpf_year,
        "language": language,
        "final": is_final,
        # The stored name holds the picture's own hash, so a new picture is a new name.
        "emblem": {"file": cover["name"], "alt": cover["alt"]} if cover else None,
        "sections": facts,
    }
    content_hash = hashlib.sha256(json.dumps(fingerprint, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return Assembly(
        html=html,
        title=review.title,
        language=language,
        content_hash=content_hash,
        chapters=chapters,
        is_final=is_final,
        direction=direction,
        review_id=review.pk,
    )
