"""A country's indicator data as files: Open SDG CSV, XLSX, SDMX-ML 2.1 (generic), and the
whole country as a zip of Open SDG CSVs with a metadata file per indicator.

Every format reads back through `indicators.evidence.importers` to the same observations
(tested). Text a spreadsheet could take for a formula is written as text (`spreadsheet_safe`
prefixes an apostrophe, which the importers remove again); values are numbers.
These are reads: two queries per indicator, or three for a whole country.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from dataclasses import dataclass

from django.utils import timezone

from indicators.evidence import vocabulary as v
from indicators.evidence.models import Observation, Series
from indicators.models import Indicator, localized
from vnr_portal.common.spreadsheets import XLSX_TYPE, spreadsheet_safe, xlsx_bytes

FORMATS = ("csv", "xlsx", "sdmx")
STATUS_COLUMN, FOOTNOTE_COLUMN = "Observation status", "COMMENT_OBS"


@dataclass
class Export:
    filename: str
    content_type: str
    content: bytes


def _series_with_observations(country: str, code: str | None = None) -> list[tuple[Series, list[dict]]]:
    series = list(
        Series.objects.filter(
            country=country, current_version__isnull=False, **({"indicator_code": code} if code else {})
        )
        .select_related("national_indicator")
        .order_by("indicator_sort_key", "code", "unit", "unit_multiplier")
    )
    by_version: dict[int, list[dict]] = {one.current_version_id: [] for one in series}
    observations = (
        Observation.objects.filter(version__in=list(by_version))
        .order_by("version", "year", "period", "key")
        .values("version_id", "period", "value", "disaggregation", "status", "footnote", "attributes")
    )
    for observation in observations.iterator(chunk_size=5000):
        by_version[observation["version_id"]].append(observation)
    return [(one, by_version[one.current_version_id]) for one in series]


def file_stem(code: str) -> str:
    return code.replace(".", "-")


def _table(series: list[tuple[Series, list[dict]]], *, with_indicator: bool) -> tuple[list[str], list[list]]:
    """The header and rows of the Open SDG layout: Year, Series, Units, Unit multiplier, the
    disaggregations, the attributes, Value (columns nobody uses left out)."""
    dimensions = sorted({name for _one, rows in series for row in rows for name in row["disaggregation"]})
    attributes = sorted({name for _one, rows in series for row in rows for name in row["attributes"]})
    has = {
        "series": any(one.code for one, _rows in series),
        "unit": any(one.unit for one, _rows in series),
        "multiplier": any(one.unit_multiplier for one, _rows in series),
        "status": any(row["status"] for _one, rows in series for row in rows),
        "footnote": any(row["footnote"] for _one, rows in series for row in rows),
    }
    header = (
        (["Indicator"] if with_indicator else [])
        + ["Year"]
        + (["Series"] if has["series"] else [])
        + (["Units"] if has["unit"] else [])
        + (["Unit multiplier"] if has["multiplier"] else [])
        + dimensions
        + ([STATUS_COLUMN] if has["status"] else [])
        + ([FOOTNOTE_COLUMN] if has["footnote"] else [])
        + attributes
        + ["Value"]
    )
    table = []
    for one, rows in series:
        for row in rows:
            cells = [one.indicator_code] if with_indicator else []
            cells.append(row["period"])
            if has["series"]:
                cells.append(one.code)
            if has["unit"]:
                cells.append(one.unit)
            if has["multiplier"]:
                cells.append(v.format_unit_multiplier(one.unit_multiplier))
            cells += [row["disaggregation"].get(name, "") for name in dimensions]
            if has["status"]:
                cells.append(row["status"])
            if has["footnote"]:
                cells.append(row["footnote"])
            cells += [row["attributes"].get(name, "") for name in attributes]
            table.append([spreadsheet_safe(cell) for cell in cells] + [row["value"]])
    return [spreadsheet_safe(name) for name in header], table


def _csv_bytes(header: list[str], rows: list[list]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([*row[:-1], v.format_value(row[-1])])
    return out.getvalue().encode("utf-8")


def indicator_csv(*, country: str, code: str) -> Export:
    """The indicator's current data as an Open SDG CSV (indicator_1-2-1.csv)."""
    header, rows = _table(_series_with_observations(country, code), with_indicator=False)
    return Export(f"indicator_{file_stem(code)}.csv", "text/csv; charset=utf-8", _csv_bytes(header, rows))


def indicator_xlsx(*, country: str, code: str) -> Export:
    """The indicator's current data as a long table in Excel (with an Indicator column)."""
    header, rows = _table(_series_with_observations(country, code), with_indicator=True)
    content = xlsx_bytes([header, *rows], title=f"{country} {code}"[:31])
    return Export(f"{country}_{file_stem(code)}.xlsx", XLSX_TYPE, content)


def country_table(*, country: str) -> tuple[list[str], list[list]]:
    """Every observation of `country` as one long table (Indicator, Year, Series, Units, ...,
    Value): the header and rows of `indicator_xlsx`, text made spreadsheet-safe, values
    numbers (two queries)."""
    return _table(_series_with_observations(country), with_indicator=True)


def country_records(*, country: str) -> list[dict]:
    """Every observation of `country` as a plain dict (indicator, series, units, unit
    multiplier, year, disaggregation, status, footnote, attributes, value), for JSON: text as
    stored, nothing escaped (two queries)."""
    return [
        {
            "indicator": one.indicator_code,
            "series": one.code,
            "units": one.unit,
            "unit_multiplier": one.unit_multiplier,
            "year": row["period"],
            "disaggregation": row["disaggregation"],
            "status": row["status"],
            "footnote": row["footnote"],
            "attributes": row["attributes"],
            "value": row["value"],
        }
        for one, rows in _series_with_observations(country)
        for row in rows
    ]


def csv_bytes(header: list[str], rows: list[list]) -> bytes:
    """`header` and `rows` (the last cell a number) as CSV, values written to read back exactly."""
    return _csv_bytes(header, rows)


# --- SDMX-ML 2.1, generic -------------------------------------------------------------------

NS = {
    "message": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message",
    "generic": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic",
    "common": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common",
}
STRUCTURE_ID = "VNR_EVIDENCE"


def indicator_sdmx(*, country: str, code: str) -> Export:
    """The indicator's current data as an SDMX-ML 2.1 generic data message.

    Dimensions: INDICATOR, SERIES, UNIT_MEASURE, then the national disaggregations under
    their own names (made SDMX ids reversibly, "Urban or rural" -> Urban_x0020_or_x0020_rural)
    with their values as written, _T where a series is not broken down by one; TIME_PERIOD
    at the observation. Attributes: UNIT_MULT (series), OBS_STATUS, COMMENT_OBS and the
    others (observation).
    """
    from lxml import etree  # imported here: only this export needs it

    series = _series_with_observations(country, code)
    dimensions = sorted({name for _one, rows in series for row in rows for name in row["disaggregation"]})

    def element(parent, tag: str, **attributes):
        prefix, name = tag.split(":")
        return etree.SubElement(parent, f"{{{NS[prefix]}}}{name}", {k: str(a) for k, a in attributes.items()})

    root = etree.Element(f"{{{NS['message']}}}GenericData", nsmap=NS)
    header = element(root, "message:Header")
    element(header, "message:ID").text = f"VNR_{country}_{file_stem(code).replace('-', '_')}"
    element(header, "message:Test").text = "false"
    element(header, "message:Prepared").text = timezone.now().strftime("%Y-%m-%dT%H:%M:%S")
    element(header, "message:Sender", id="VNR_PORTAL")
    structure = element(header, "message:Structure", structureID=STRUCTURE_ID, dimensionAtObservation="TIME_PERIOD")
    reference = element(structure, "common:Structure")
    etree.SubElement(reference, "Ref", agencyID="VNR_PORTAL", id=STRUCTURE_ID, version="1.0")
    dataset = element(root, "message:DataSet", structureRef=STRUCTURE_ID)

    for one, rows in series:
        groups: dict[tuple, list[dict]] = {}
        for row in rows:
            groups.setdefault(tuple(row["disaggregation"].get(name, "_T") for name in dimensions), []).append(row)
        for key, group in groups.items():
            node = element(dataset, "generic:Series")
            series_key = element(node, "generic:SeriesKey")
            for identifier, value in (
                ("INDICATOR", one.indicator_code),
                ("SERIES", one.code or "_Z"),
                ("UNIT_MEASURE", one.unit or "_Z"),
                *zip([v.name_to_sdmx_id(name) for name in dimensions], key, strict=True),
            ):
                element(series_key, "generic:Value", id=identifier, value=value)
            series_attributes = element(node, "generic:Attributes")
            element(series_attributes, "generic:Value", id="UNIT_MULT", value=one.unit_multiplier)
            for row in group:
                obs = element(node, "generic:Obs")
                element(obs, "generic:ObsDimension", value=row["period"])
                element(obs, "generic:ObsValue", value=v.format_value(row["value"]))
                attributes = [("OBS_STATUS", row["status"]), ("COMMENT_OBS", row["footnote"])]
                attributes += [(v.name_to_sdmx_id(name), text) for name, text in sorted(row["attributes"].items())]
                attributes = [(identifier, text) for identifier, text in attributes if text]
                if attributes:
                    node_attributes = element(obs, "generic:Attributes")
                    for identifier, text in attributes:
                        element(node_attributes, "generic:Value", id=identifier, value=text)
    content = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return Export(f"{file_stem(code)}.xml", "application/xml", content)


EXPORTERS = {"csv": indicator_csv, "xlsx": indicator_xlsx, "sdmx": indicator_sdmx}


def indicator_export(*, country: str, code: str, format: str) -> Export:
    return EXPORTERS[format](country=country, code=code)


# --- A whole country ------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenSdgFile:
    path: str  # data/indicator_1-2-1.csv, meta/1-2-1.md, README.txt
    content: bytes


def opensdg_files(*, country: str, licence: tuple[str, str] | None = None, source: str = "") -> list[OpenSdgFile]:
    """Every indicator of `country` with data as an Open SDG data folder (the layout of
    open-sdg-data-starter, which an Open SDG site builds from): data/indicator_<code>.csv
    (Year, Series, Units, the disaggregations, Value) and meta/<code>.md (the front matter
    Open SDG sites read: indicator_number, indicator_name, target_name, target_id, sdg_goal,
    indicator_sort_order, reporting_status, published, data_non_statistical, graph_type,
    graph_title, then one source per series), plus README.txt. `licence` (name, url) and
    `source` (where the files come from) go in the README and in each metadata file.
    Three queries whatever the number of indicators."""
    by_indicator: dict[str, list] = {}
    for one, rows in _series_with_observations(country):
        by_indicator.setdefault(one.indicator_code, []).append((one, rows))
    titles = _framework_titles(list(by_indicator))
    files = []
    for code, series in by_indicator.items():
        header, rows = _table(series, with_indicator=False)
        files.append(OpenSdgFile(f"data/indicator_{file_stem(code)}.csv", _csv_bytes(header, rows)))
        meta = _metadata(code, [one for one, _rows in series], titles.get(code), licence=licence, source=source)
        files.append(OpenSdgFile(f"meta/{file_stem(code)}.md", meta.encode("utf-8")))
    files.append(OpenSdgFile("README.txt", _readme(country, len(by_indicator), licence, source).encode("utf-8")))
    return files


def country_zip(*, country: str, licence: tuple[str, str] | None = None, source: str = "") -> Export:
    """`opensdg_files` of `country` in a zip (three queries whatever the number of indicators)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for one in opensdg_files(country=country, licence=licence, source=source):
            archive.writestr(one.path, one.content)
    today = timezone.localdate()
    return Export(f"{country}_indicators_{today:%Y-%m-%d}.zip", "application/zip", buffer.getvalue())


def _framework_titles(codes: list[str]) -> dict[str, tuple[str, str]]:
    """{code: (indicator title, target title)} in English, of the codes in the global framework."""
    return {
        one.code: (localized(one.title, "en"), localized(one.target.title, "en"))
        for one in Indicator.objects.filter(code__in=codes)
        .select_related("target")
        .only("code", "title", "target__title")
    }


def _sort_order(code: str) -> str:
    """Open SDG's indicator_sort_order: each part of the code padded to two characters (01-a-02)."""
    return "-".join(part.zfill(2) if part.isdigit() else part for part in code.split("."))


def _metadata(
    code: str,
    series: list[Series],
    titles: tuple[str, str] | None = None,
    *,
    licence: tuple[str, str] | None = None,
    source: str = "",
) -> str:
    """Open SDG metadata front matter; every value is a JSON string (or true/false), which
    YAML reads as is. The indicator's name is the national title when the country gave one,
    else the framework's English title."""
    national = series[0].national_indicator

    def scalar(value) -> str:
        if isinstance(value, datetime.date):
            value = value.isoformat()
        return json.dumps("" if value is None else value, ensure_ascii=False)

    indicator_title, target_title = titles or ("", "")
    if national is not None and national.title:
        indicator_title = localized(national.title, "en") or indicator_title
    parts = code.split(".")
    lines = [
        "---",
        f"indicator_number: {scalar(code)}",
        f"indicator_name: {scalar(indicator_title or code)}",
        f"target_name: {scalar(target_title)}",
        f"target_id: {scalar('.'.join(parts[:2]))}",
        f"sdg_goal: {scalar(parts[0])}",
        f"indicator_sort_order: {scalar(_sort_order(code))}",
        # Only indicators with data are exported: their page can show a chart and a table.
        "reporting_status: complete",
        "published: true",
        "data_non_statistical: false",
        "graph_type: line",
        f"graph_title: {scalar(indicator_title or code)}",
    ]
    if national is not None:
        lines.append(f"national_indicator_kind: {scalar(national.kind)}")
    units = sorted({one.unit for one in series if one.unit})
    lines.append(f"computation_units: {scalar(', '.join(units))}")
    if licence is not None:
        lines += [f"licence_name: {scalar(licence[0])}", f"licence_url: {scalar(licence[1])}"]
    if source:
        lines.append(f"data_source_url: {scalar(source)}")
    for number, one in enumerate(series, start=1):
        fields = {
            "series": one.code,
            "unit": one.unit,
            "organisation": one.source_organisation,
            "type": one.source_type,
            "kind": one.source_kind,
            "periodicity": one.periodicity,
            "definition": one.definition,
            "method": one.method,
            "release_date": one.last_release,
            "next_release": one.next_release,
            "contact": one.contact,
        }
        lines.append(f"source_active_{number}: true")
        lines += [f"source_{name}_{number}: {scalar(value)}" for name, value in fields.items()]
    lines += ["---", ""]
    return "\n".join(lines)


def _readme(country: str, count: int, licence: tuple[str, str] | None = None, source: str = "") -> str:
    text = (
        f"Indicator data of {country}, {count} indicators, exported {timezone.now():%Y-%m-%d %H:%M} UTC.\n\n"
        "data/indicator_<code>.csv: Open SDG CSV, one file per indicator (Year, Series, Units, the\n"
        "disaggregations as the sources write them, the observation attributes, Value).\n"
        "meta/<code>.md: Open SDG metadata (YAML front matter): the indicator and the sources of\n"
        "each series. The two folders are laid out as an Open SDG data repository's.\n"
        "The figures are those of the national sources named in the metadata; cite them.\n"
    )
    if licence is not None:
        text += f"\nLicence: {licence[0]} <{licence[1]}>\n"
    if source:
        text += f"Source: {source}\n"
    return text
