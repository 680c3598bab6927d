"""Open SDG metadata files (meta/1-1-1.md): their front matter read safely and written into
the series' metadata when a folder or an upload holds them beside the data."""

import datetime

import pytest

from indicators.evidence.importers.opensdg_meta import front_matter, is_meta_file, read_meta
from indicators.evidence.models import Series

from .conftest import UK_SAMPLE

META = """---
indicator_number: 3.1.1
national_indicator_description: Deaths of women <b>per 100,000</b> live births.
computation_definitions: None
computation_units: Rate per 100,000
computation_calculations: >-
  Deaths divided by births,
  times 100,000.
source_active_1: false
source_organisation_1: Old office
source_active_2: true
source_organisation_2: 'Office for National Statistics'
source_periodicity_2: Annual
source_release_date_2: 10/05/2023
source_contact_2: "health@ons.example"
source_statistical_classification_2: Official statistics
expected_disaggregations:
  - Sex
  - Age
title: !!python/object/apply:os.system ["echo hacked"]
---
Body text is ignored.
"""


@pytest.mark.unit
@pytest.mark.parametrize(
    "name,expected",
    [
        ("meta/1-1-1.md", True),
        ("site/meta/8-3-1-1.md", True),
        ("1-a-2.md", True),
        ("README.md", False),
        ("meta/notes.md", False),
        ("data/indicator_1-1-1.csv", False),
    ],
)
def test_meta_file_names(name, expected):
    assert is_meta_file(name) is expected


@pytest.mark.unit
def test_front_matter_reads_scalars_blocks_and_lists_and_evaluates_nothing():
    values = front_matter(META)
    assert values["source_organisation_2"] == "Office for National Statistics"
    assert values["source_contact_2"] == "health@ons.example"
    assert values["computation_calculations"] == "Deaths divided by births, times 100,000."
    assert values["expected_disaggregations"] == ["Sex", "Age"]
    assert values["title"] == '!!python/object/apply:os.system ["echo hacked"]'  # text, never a call
    assert front_matter("no front matter") is None
    assert front_matter("---\nkey: value\n") is None  # never closed


@pytest.mark.unit
def test_read_meta_gives_the_series_fields():
    meta = read_meta("meta/3-1-1.md", META.encode())
    assert meta.problems == []
    assert meta.code == "3.1.1"
    assert meta.fields == {
        "source_organisation": "Office for National Statistics",
        "definition": "Deaths of women per 100,000 live births.",
        "method": "Deaths divided by births, times 100,000.\n\nComputation units: Rate per 100,000",
        "contact": "health@ons.example",
        "periodicity": "annual",
        "last_release": datetime.date(2023, 5, 10),
        "source_type": "official",
    }


@pytest.mark.unit
@pytest.mark.parametrize(
    "data,reason",
    [
        (b"\xff\xfe\x00", "not UTF-8"),
        (b"# Just markdown", "no front matter"),
        (b"---\nindicator_number: poverty\n---\n", "no indicator code"),
    ],
)
def test_bad_meta_files_are_problems(data, reason):
    meta = read_meta("meta/notes.md", data)
    assert meta.code is None and reason in meta.problems[0].reason


def test_folder_with_meta_fills_the_series_metadata(import_command, write_files):
    folder = write_files(
        {
            "data/indicator_3-1-1.csv": "Year,Value\n2015,10\n2016,9\n",
            "meta/3-1-1.md": META,
            "meta/4-1-1.md": META.replace("3.1.1", "4.1.1"),
            "README.md": "# Not metadata",
        }
    )
    summary, _output = import_command(folder)
    series = Series.objects.get(indicator_code="3.1.1")
    assert (series.source_organisation, series.contact, series.periodicity, series.last_release) == (
        "Office for National Statistics",
        "health@ons.example",
        "annual",
        datetime.date(2023, 5, 10),
    )
    assert summary["files"] == 1 and summary["metadata_files"] == 1
    # 4.1.1 has no data: nothing to describe, and not an error (Open SDG describes every indicator).
    assert summary["errors"] == []
    assert not Series.objects.filter(indicator_code="4.1.1").exists()


def test_the_uk_sample_metadata_is_read(import_command):
    summary, _output = import_command(UK_SAMPLE, skip_invalid_rows=True)
    assert summary["metadata_files"] == 25
    assert summary["files"] == 30
    poverty = Series.objects.filter(indicator_code="1.1.1")
    assert {one.source_organisation for one in poverty} == {"World Bank"}
    one = poverty.first()
    assert one.contact == "Research@WorldBank.org"
    assert one.last_release == datetime.date(2023, 5, 10)
    assert one.definition.startswith("Proportion of population below the international poverty line is defined")
    assert "Computation units: Percentage (%)" in one.method
