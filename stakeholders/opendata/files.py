"""The open data as files: what `.selectors` reads, written as JSON or as CSV rows.

JSON: one object, `{"licence": {"name", "url"}, "source": <the Open data page>,
"generated": <ISO 8601 time, UTC>, "review": {...}, "data": ...}`, UTF-8, valid whatever the
text (json.dumps escapes what JSON needs).

CSV: the licence is in two last columns, "Licence" and "Licence URL", repeated on every
row, and in the response's `Link: <url>; rel="license"` header. Not a header or footer
line: spreadsheets, pandas, R and csvkit take the first line as the column names and
every other line as a record, so a comment line breaks their parsing or becomes a bogus
record, while two constant columns survive filtering, sorting and rows copied elsewhere.
Text goes through `spreadsheet_safe` (a formula is written as text, never evaluated);
numbers stay numbers. The Open SDG zip carries the licence in its README.txt and in each
metadata file (`licence_name`, `licence_url`).
"""

from __future__ import annotations

import json

from django.utils import timezone

from indicators.evidence import vocabulary
from vnr_portal.common.spreadsheets import spreadsheet_safe

LICENCE_COLUMNS = ["Licence", "Licence URL"]


def json_bytes(data, *, review, licence: tuple[str, str], source: str) -> bytes:
    document = {
        "licence": {"name": licence[0], "url": licence[1]},
        "source": source,
        "generated": timezone.now().replace(microsecond=0).isoformat(),
        "review": {"id": review.pk, "title": review.title, "country": review.country.iso3, "year": review.hlpf_year},
        "data": data,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _safe(cells, licence: tuple[str, str]) -> list[str]:
    return [spreadsheet_safe("" if cell is None else cell) for cell in cells] + [
        spreadsheet_safe(licence[0]),
        spreadsheet_safe(licence[1]),
    ]


REPORT_COLUMNS = [
    "Title",
    "Country",
    "Country code",
    "Year",
    "Languages",
    "Published",
    "Edition language",
    "Edition format",
    "Edition size (bytes)",
    "Edition pages",
    "Edition URL",
]


def report_rows(meta: dict, licence: tuple[str, str]) -> list[list[str]]:
    """The report's details, one row per public final edition (one row without an edition
    when there is none yet)."""
    common = [
        meta["title"],
        meta["country"],
        meta["country_code"],
        meta["year"],
        " ".join(language["code"] for language in meta["languages"]),
        meta["published"],
    ]
    editions = meta["editions"] or [None]
    rows = [REPORT_COLUMNS + LICENCE_COLUMNS]
    for edition in editions:
        cells = (
            [edition["language"], edition["format"], edition["size"], edition["pages"], edition["url"]]
            if edition
            else ["", "", "", "", ""]
        )
        rows.append(_safe(common + cells, licence))
    return rows


OUTCOME_COLUMNS = [
    "Round",
    "Round id",
    "Contribution id",
    "Kind",
    "About",
    "Paragraph",
    "You said",
    "Our answers",
    "Decision",
    "Decision label",
    "Why",
    "Where it went",
    "Revision",
]


def outcome_rows(records: list[dict], licence: tuple[str, str]) -> list[list[str]]:
    """ "You said, we did": one row per contribution; several public answers on separate
    lines of one cell."""
    rows = [OUTCOME_COLUMNS + LICENCE_COLUMNS]
    for record in records:
        cells = [
            record["round"],
            record["round_id"],
            record["contribution_id"],
            record["kind"],
            record["about"],
            record["paragraph"],
            record["said"],
            "\n".join(record["public_answers"]),
            record["decision"],
            record["decision_label"],
            record["explanation"],
            record["went_to"],
            record["revision"],
        ]
        rows.append(_safe(cells, licence))
    return rows


def indicator_rows(table: tuple[list[str], list[list]], licence: tuple[str, str]) -> list[list[str]]:
    """The long table of the country's observations (header and rows already
    spreadsheet-safe, the value last and a number), with the licence columns."""
    header, body = table
    tail = [spreadsheet_safe(licence[0]), spreadsheet_safe(licence[1])]
    return [header + LICENCE_COLUMNS, *([*row[:-1], vocabulary.format_value(row[-1]), *tail] for row in body)]
