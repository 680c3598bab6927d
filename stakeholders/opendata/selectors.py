"""Reads of the open data: each returns plain data (dicts and lists of text and numbers)
that `.files` writes as JSON or CSV. A fixed number of queries each, whatever the number
of rows."""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from indicators.evidence.exports import Export, country_records, country_table, country_zip
from indicators.evidence.models import Observation, Series
from reviews.core.models import report_language_name
from reviews.models import Review
from reviews.publishing.selectors import final_edition_list_public_many
from stakeholders import rules as perms
from stakeholders.uptake.selectors import outcome_count_for_rounds, outcome_list_for_rounds
from vnr_portal.common.site import absolute_url


def report_metadata(review: Review) -> dict:
    """The final report's details: title, country, year, languages, the public final
    editions (language, format, size, pages, download address) and the date the newest was
    published (one query: the editions)."""
    editions = final_edition_list_public_many(review_ids=[review.pk])
    published = max((e.finished_at or e.requested_at for e in editions), default=None)
    return {
        "title": review.title,
        "country": review.country.name,
        "country_code": review.country.iso3,
        "year": review.hlpf_year,
        "languages": [{"code": code, "name": report_language_name(code)} for code in review.languages or []],
        "published": timezone.localtime(published).date().isoformat() if published else None,
        "editions": [
            {
                "language": edition.language,
                "language_name": report_language_name(edition.language) if edition.language else "",
                "format": edition.format,
                "size": edition.size,
                "pages": edition.page_count,
                "published": timezone.localtime(edition.finished_at or edition.requested_at).date().isoformat(),
                "url": absolute_url("reviews:edition-download", review.pk, edition.pk),
            }
            for edition in editions
        ],
    }


OUTCOME_FIELDS = [
    "round",
    "round_id",
    "contribution_id",
    "kind",
    "about",
    "paragraph",
    "said",
    "public_answers",
    "decision",
    "decision_label",
    "explanation",
    "went_to",
    "revision",
]


def outcome_records(review: Review) -> list[dict]:
    """ "You said, we did" of the rounds the public may read (`rules.round_list_public`):
    each answered, visible contribution with its round, what it is about (section or
    question, paragraph), the excerpt the public page shows, the moderators' public answers,
    the decision and its explanation, where it went. Never an author, an organisation, a
    contact or an e-mail (two queries)."""
    return [
        {
            "round": round_.title,
            "round_id": round_.pk,
            "contribution_id": row.contribution_id,
            "kind": row.kind_label,
            "about": row.about,
            "paragraph": row.paragraph,
            "said": row.said,
            "public_answers": list(row.answers),
            "decision": row.decision,
            "decision_label": row.decision_label,
            "explanation": row.reason,
            "went_to": row.went_to,
            "revision": row.revision_number,
        }
        for round_, row in outcome_list_for_rounds(perms.round_list_public(review))
    ]


def indicator_records(review: Review) -> list[dict]:
    """The country's current indicator data, as the portal's data pages and their downloads
    show it: one dict per observation (two queries)."""
    return country_records(country=review.country.iso3)


def indicator_table(review: Review) -> tuple[list[str], list[list]]:
    """`indicator_records` as a long table (header, rows; text spreadsheet-safe): two queries."""
    return country_table(country=review.country.iso3)


def page_counts(review: Review) -> dict:
    """How much each download holds: answered public contributions, indicators and
    observations of the country (three queries)."""
    outcomes = outcome_count_for_rounds(perms.round_list_public(review))
    series = Series.objects.filter(country=review.country.iso3, current_version__isnull=False)
    indicators = series.aggregate(n=Count("indicator_code", distinct=True))["n"]
    observations = Observation.objects.filter(version__in=series.values("current_version")).count()
    return {"outcomes": outcomes, "indicators": indicators, "observations": observations}


def opensdg_zip(review: Review, *, licence: tuple[str, str], source: str) -> Export:
    """The country's current data as an Open SDG data folder in a zip (the same files as the
    data pages' zip), with the licence and the source address in its README.txt and in
    each metadata file (three queries)."""
    return country_zip(country=review.country.iso3, licence=licence, source=source)
