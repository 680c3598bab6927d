"""Exports read back equal: Open SDG CSV, XLSX, SDMX-ML and the country zip; no cell is a formula."""

import io
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from indicators.evidence.exports import country_zip, indicator_csv, indicator_sdmx, indicator_xlsx
from indicators.evidence.models import Series
from indicators.evidence.selectors import indicator_codes_with_data
from indicators.evidence.services.series import series_metadata_update

from .conftest import UK_SAMPLE, stored_observations

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

EXPORTERS = {"csv": indicator_csv, "xlsx": indicator_xlsx, "sdmx": indicator_sdmx}


@pytest.fixture
def uk(import_command):
    import_command(UK_SAMPLE, skip_invalid_rows=True)
    return stored_observations("GBR")


@pytest.mark.parametrize("format", ["csv", "xlsx", "sdmx"])
def test_every_uk_indicator_exported_imports_back_equal(uk, import_files, format):
    exports = [EXPORTERS[format](country="GBR", code=code) for code in indicator_codes_with_data("GBR")]

    summary = import_files({export.filename: export.content for export in exports}, country="CPY")

    assert summary.errors == []
    assert len(uk) == 2553
    copy = stored_observations("CPY")
    if format == "xlsx":
        # openpyxl writes 16 significant digits (Excel shows 15): the figure is the same to
        # 1e-15, not to the last bit of the double.
        assert [row[6] for row in copy] == [pytest.approx(row[6], rel=1e-15) for row in uk]
        copy, uk = [row[:6] + row[7:] for row in copy], [row[:6] + row[7:] for row in uk]
    assert copy == uk


def test_the_country_zip_holds_a_csv_and_metadata_per_indicator_and_imports_back_equal(uk, import_files):
    series = Series.objects.get(indicator_code="3.1.1", code="Maternal mortality rate")
    series_metadata_update(
        series=series, source_organisation="National Perinatal Epidemiology Unit", periodicity="annual"
    )

    export = country_zip(country="GBR")

    archive = zipfile.ZipFile(io.BytesIO(export.content))
    names = archive.namelist()
    codes = indicator_codes_with_data("GBR")
    assert sorted(name for name in names if name.startswith("data/")) == sorted(
        f"data/indicator_{code.replace('.', '-')}.csv" for code in codes
    )
    assert len([name for name in names if name.startswith("meta/")]) == len(codes) == 27
    meta = archive.read("meta/3-1-1.md").decode()
    assert 'source_organisation_1: "National Perinatal Epidemiology Unit"' in meta
    assert 'source_periodicity_1: "annual"' in meta
    data = {name: archive.read(name) for name in names if name.startswith("data/")}
    assert import_files(data, country="CPY").errors == []
    assert stored_observations("CPY") == uk


def test_exports_write_formula_like_text_as_text_and_read_it_back(import_files):
    csv = 'Year,Region,Note,Value\n2015,"=HYPERLINK(""http://evil.example"",""x"")",+SUM(A1),-5\n2016,@cmd,-,1e-05\n'
    import_files({"indicator_1-2-1.csv": csv})
    before = stored_observations()

    exported_csv = indicator_csv(country="GBR", code="1.2.1").content.decode()
    exported_xlsx = indicator_xlsx(country="GBR", code="1.2.1").content

    assert "'=HYPERLINK" in exported_csv and "'@cmd" in exported_csv and "'+SUM(A1)" in exported_csv
    assert ",-5\r\n" in exported_csv  # numbers stay numbers
    sheet = load_workbook(io.BytesIO(exported_xlsx)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert sorted(cell.value for cell in cells if isinstance(cell.value, float | int)) == [-5, 1e-05]
    for name, content in (("indicator_1-2-1.csv", exported_csv), ("export.xlsx", exported_xlsx)):
        assert import_files({name: content}, country="CPY").errors == []
        assert stored_observations("CPY") == before


def test_sdmx_export_is_a_generic_message_with_national_names_as_ids(import_files):
    import_files({"indicator_5-2-1.csv": "Year,Urban or rural,Units,Value\n2015,Urban,Percentage (%),3.5\n"})

    content = indicator_sdmx(country="GBR", code="5.2.1").content.decode()

    assert content.startswith("<?xml version='1.0' encoding='UTF-8'?>\n<message:GenericData")
    assert '<generic:Value id="Urban_x0020_or_x0020_rural" value="Urban"/>' in content
    assert '<generic:Value id="UNIT_MEASURE" value="Percentage (%)"/>' in content
    assert "<!DOCTYPE" not in content


# --- The command ----------------------------------------------------------------------------


def test_export_indicator_writes_csv_to_standard_output(import_files):
    import_files({"indicator_1-2-1.csv": "Year,Sex,Value\n2015,Female,1.5\n"})
    out = StringIO()

    call_command("export_indicator", "--country", "GBR", "--indicator", "1.2.1", "--format", "csv", stdout=out)

    assert out.getvalue() == "Year,Sex,Value\r\n2015,Female,1.5\r\n"


@pytest.mark.parametrize("format", ["xlsx", "sdmx", "csv", "zip"])
def test_export_indicator_writes_a_file_that_imports_back(import_files, tmp_path, format):
    import_files({"indicator_1-2-1.csv": "Year,Sex,Value\n2015,Female,1.5\n"})
    out = tmp_path / f"export.{'xml' if format == 'sdmx' else format}"

    call_command(
        "export_indicator",
        "--country",
        "GBR",
        "--indicator",
        "1.2.1",
        "--format",
        format,
        "--out",
        str(out),
        stderr=StringIO(),
    )

    if format == "zip":
        files = {name: zipfile.ZipFile(out).read(name) for name in ["data/indicator_1-2-1.csv"]}
    else:
        files = {"indicator_1-2-1" + out.suffix: out.read_bytes()}
    assert import_files(files, country="CPY").errors == []
    assert stored_observations("CPY") == stored_observations("GBR")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--indicator", "9.9.9"], "GBR has no data for indicator 9.9.9."),
        (["--indicator", "poverty"], "Give --indicator, an indicator code such as 1.2.1."),
        (["--indicator", "1.2.1", "--format", "xlsx"], "An XLSX export is binary: give --out FILE."),
    ],
    ids=["no-data", "not-a-code", "binary-to-stdout"],
)
def test_export_indicator_refuses_with_a_clear_message(import_files, options, message):
    import_files({"indicator_1-2-1.csv": "Year,Value\n2015,1\n"})

    with pytest.raises(CommandError, match=message):
        call_command("export_indicator", "--country", "GBR", *options, stdout=StringIO())


def test_export_indicator_refuses_a_bad_country_code(framework):
    with pytest.raises(CommandError, match="three capital letters"):
        call_command("export_indicator", "--country", "G1", "--indicator", "1.2.1", stdout=StringIO())
