"""`export_opensdg COUNTRY --out DIR`: the Open SDG data folder an Open SDG site builds from
(data/indicator_<code>.csv, meta/<code>.md with the front matter keys Open SDG reads), read
back by our own importer into another country as the same observations.

The reference is /work/shared/data/opensdg-uk-sample/ (30 UK indicator files from
ONSdigital/sdg-data, Open Government Licence v3.0: "Contains public sector information
licensed under the Open Government Licence v3.0.")."""

import csv
import io
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from indicators.evidence.importers.opensdg_meta import front_matter
from indicators.evidence.selectors import indicator_codes_with_data

from .conftest import UK_SAMPLE, stored_observations

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

# The keys every metadata file of the UK sample (a live Open SDG site's data) carries and
# that an Open SDG site needs to list and draw an indicator.
OPEN_SDG_KEYS = {"indicator_number", "indicator_name", "reporting_status", "data_non_statistical"}


@pytest.fixture
def uk(import_command):
    import_command(UK_SAMPLE, skip_invalid_rows=True)
    return stored_observations("GBR")


def export(out, country="GBR", *extra):
    err = StringIO()
    call_command("export_opensdg", country, "--out", str(out), *extra, stderr=err)
    return err.getvalue()


def test_the_sample_really_has_the_keys_we_write():
    for path in (UK_SAMPLE / "meta").glob("*.md"):
        assert OPEN_SDG_KEYS <= set(front_matter(path.read_text(encoding="utf-8"))), path.name


def test_the_folder_is_an_open_sdg_data_folder_and_imports_back_equal(uk, tmp_path, import_command):
    out = tmp_path / "site-data"
    message = export(
        out, "GBR", "--licence-name", "Open Government Licence v3.0", "--licence-url", "https://ogl.example"
    )

    codes = indicator_codes_with_data("GBR")
    assert "Wrote 27 indicators" in message
    data = sorted(path.name for path in (out / "data").iterdir())
    meta = sorted(path.name for path in (out / "meta").iterdir())
    assert data == sorted(f"indicator_{code.replace('.', '-')}.csv" for code in codes)
    assert meta == sorted(f"{code.replace('.', '-')}.md" for code in codes)
    for path in (out / "data").iterdir():
        header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        assert header[0] == "Year" and header[-1] == "Value", path.name
    header = next(csv.reader(io.StringIO((out / "data" / "indicator_3-1-1.csv").read_text(encoding="utf-8"))))
    assert {"Series", "Units"} <= set(header)

    values = front_matter((out / "meta" / "3-1-1.md").read_text(encoding="utf-8"))
    assert OPEN_SDG_KEYS | {"graph_type", "graph_title", "target_name", "published"} <= set(values)
    assert values["indicator_number"] == "3.1.1"
    assert values["indicator_name"].startswith("Maternal mortality ratio")
    assert values["target_id"] == "3.1" and values["sdg_goal"] == "3" and values["indicator_sort_order"] == "03-01-01"
    assert values["reporting_status"] == "complete" and values["published"] == "true"
    assert values["licence_name"] == "Open Government Licence v3.0"
    assert "Licence: Open Government Licence v3.0 <https://ogl.example>" in (out / "README.txt").read_text()

    summary, _output = import_command(out, country="CPY")
    assert summary["errors"] == []
    assert stored_observations("CPY") == uk


def test_bad_input_is_refused_with_a_clear_message(framework, tmp_path):
    with pytest.raises(CommandError, match="three capital letters"):
        export(tmp_path / "x", "G1")
    with pytest.raises(CommandError, match="has no indicator data"):
        export(tmp_path / "x", "ZZZ")
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    with pytest.raises(CommandError, match="is a file, not a folder"):
        export(a_file, "GBR")


def test_a_national_indicator_keeps_its_code_in_the_file_names(framework, tmp_path, import_files):
    import_files({"indicator_8-3-1-1.csv": "Year,Value\n2020,1\n2021,2\n"})
    export(tmp_path / "out")
    assert (tmp_path / "out" / "data" / "indicator_8-3-1-1.csv").exists()
    values = front_matter((tmp_path / "out" / "meta" / "8-3-1-1.md").read_text(encoding="utf-8"))
    assert values["indicator_number"] == "8.3.1.1" and values["target_id"] == "8.3"
    assert re.fullmatch(r"08-03-01-01", values["indicator_sort_order"])
