"""Importing a long table from an Excel workbook."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from indicators.evidence.models import Observation, Series

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def workbook_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_import_xlsx_reads_a_long_table_with_numbers_and_text(import_files):
    data = workbook_bytes(
        [
            ["Indicator", "Year", "Sex", "Units", "Value"],
            ["1.2.1", 2015, "Female", "Percentage (%)", 12.5],
            ["1.2.1", 2016.0, None, "Percentage (%)", "13"],
            ["3.1.1", "2015/16", None, None, 1e-05],
        ]
    )
    summary = import_files({"national.xlsx": data})

    assert summary.errors == []
    assert sorted(
        Observation.objects.values_list("version__series__indicator_code", "period", "value", "disaggregation")
    ) == [
        ("1.2.1", "2015", 12.5, {"Sex": "Female"}),
        ("1.2.1", "2016", 13.0, {}),
        ("3.1.1", "2015/16", 1e-05, {}),
    ]


def test_import_xlsx_refuses_a_formula_as_a_value_by_line(import_files):
    data = workbook_bytes([["Indicator", "Year", "Value"], ["1.2.1", 2015, 1], ["1.2.1", 2016, "=B2*2"]])
    summary = import_files({"national.xlsx": data})

    assert [error.as_dict() for error in summary.errors] == [
        {"file": "national.xlsx", "line": 3, "column": "Value", "reason": 'the value "=B2*2" is not a number.'}
    ]
    assert Observation.objects.count() == 0


def test_import_xlsx_refuses_a_workbook_with_an_xml_doctype(import_files):
    data = workbook_bytes([["Indicator", "Year", "Value"], ["1.2.1", 2015, 1]])
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"<worksheet", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet', 1)
            target.writestr(member, content)
    summary = import_files({"national.xlsx": buffer.getvalue()})

    assert [error.reason for error in summary.errors] == [
        "the workbook holds an XML DOCTYPE or ENTITY declaration, which is refused."
    ]


def test_import_xlsx_refuses_a_workbook_that_unpacks_too_large(import_files, settings):
    settings.EVIDENCE_IMPORT_MAX_BYTES = 100_000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * 1_000_000)
    summary = import_files({"national.xlsx": buffer.getvalue()})

    assert [error.reason for error in summary.errors] == ["the workbook unpacks to more than 0 MB."]


@pytest.mark.parametrize("data", [b"not a zip", b"PK\x03\x04broken"], ids=["text", "broken-zip"])
def test_import_xlsx_refuses_a_file_that_is_not_a_workbook(import_files, data):
    summary = import_files({"national.xlsx": data})

    assert [error.reason for error in summary.errors] == ["the file is not a readable Excel workbook."]
    assert Series.objects.count() == 0
