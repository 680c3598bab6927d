"""A country's indicator data as files: Open SDG CSV, XLSX, SDMX-ML 2.1 (generic), and the
whole country as a zip of Open SDG CSVs with a metadata file per indicator.

Every format reads back through `indicators.evidence.importers` to the same observations
(tested). Text a spreadsheet could take for a formula is written as text (`spreadsheet_safe`
prefixes an apostrophe, which the importers remove again); values are numbers.
These are reads: two queries per indicator, or two for a whole country.
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


def country_zip(*, country: str) -> Export:
    """Every indicator of `country` with data: data/indicator_<code>.csv (Open SDG CSV) and
    meta/<code>.md (Open SDG metadata: YAML front matter, one source per series), plus a
    README. Two queries whatever the number of indicators."""
    by_indicator: dict[str, list] = {}
    for one, rows in _series_with_observations(country):
        by_indicator.setdefault(one.indicator_code, []).append((one, rows))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for code, series in by_indicator.items():
            header, rows = _table(series, with_indicator=False)
            archive.writestr(f"data/indicator_{file_stem(code)}.csv", _csv_bytes(header, rows))
            archive.writestr(f"meta/{file_stem(code)}.md", _metadata(code, [one for one, _rows in series]))
        archive.writestr("README.txt", _readme(country, len(by_indicator)))
    today = timezone.localdate()
    return Export(f"{country}_indicators_{today:%Y-%m-%d}.zip", "application/zip", buffer.getvalue())


def _metadata(code: str, series: list[Series]) -> str:
    """Open SDG metadata front matter; every value is a JSON string, which YAML reads as is."""
    national = series[0].national_indicator

    def scalar(value) -> str:
        if isinstance(value, datetime.date):
            value = value.isoformat()
        return json.dumps("" if value is None else value, ensure_ascii=False)

    lines = ["---", f"indicator_number: {scalar(code)}"]
    if national is not None:
        lines.append(f"national_indicator_kind: {scalar(national.kind)}")
    units = sorted({one.unit for one in series if one.unit})
    lines.append(f"computation_units: {scalar(', '.join(units))}")
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


def _readme(country: str, count: int) -> str:
    return (
        f"Indicator data of {country}, {count} indicators, exported {timezone.now():%Y-%m-%d %H:%M} UTC.\n\n"
        "data/indicator_<code>.csv: Open SDG CSV, one file per indicator (Year, Series, Units, the\n"
        "disaggregations as the sources write them, the observation attributes, Value).\n"
        "meta/<code>.md: the sources of each series (Open SDG metadata, YAML front matter).\n"
        "The figures are those of the national sources named in the metadata; cite them.\n"
    )
