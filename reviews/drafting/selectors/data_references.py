"""Reads for text tied to data: a section's text with its live data references resolved,
and the country's series offered by the editor's "Insert data" dialog."""

from __future__ import annotations

from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from indicators.evidence.references import parse_references, render_references, resolve_references
from indicators.evidence.selectors import series_for_country
from indicators.models import localized
from reviews.drafting.models import Section


def reference_snapshot_id(review) -> int | None:
    """The data snapshot a review's references show: the one recorded for a frozen report
    or a past review (the figures it was approved with), else None (today's data)."""
    if review.data_snapshot_id and (review.frozen_at is not None or review.is_record):
        return review.data_snapshot_id
    return None


def section_content_with_data(section: Section, html: str | None = None, language: str | None = None) -> SafeString:
    """The section's (sanitized) text with its data references showing the country's
    current figures (a frozen report's: its recorded ones), in the report's language: no
    query without references, a fixed number with any number of them. `html` and
    `language`: a translation of the text, rendered in its own language."""
    html = section.content or "" if html is None else html
    references = parse_references(html)
    if not references:
        return mark_safe(html)
    review = section.review
    data = resolve_references(review.country.iso3, references, snapshot_id=reference_snapshot_id(review))
    # In the language the text is written in (the report's), as the report will show it.
    with translation.override(language or (review.languages or ["en"])[0]):
        return mark_safe(render_references(html, data, id_prefix=f"section-{section.pk}"))


def data_reference_choices(country: str) -> list[dict]:
    """The country's indicators with data and their series, for the editor's dialog:
    [{"code", "title", "series": [{"series", "unit", "label"}]}] (1 query)."""
    indicators: dict[str, dict] = {}
    for series in series_for_country(country):
        indicator = series.indicator if series.indicator_id else series.national_indicator
        entry = indicators.setdefault(
            series.indicator_code, {"code": series.indicator_code, "title": localized(indicator.title), "series": []}
        )
        label = " · ".join(part for part in (series.code, series.unit) if part) or series.indicator_code
        entry["series"].append({"series": series.code, "unit": series.unit, "label": label})
    return list(indicators.values())
