"""The UK's published Open SDG files (tests/data/opensdg-uk-sample, Open Government Licence
v3.0, see its README) imported in full, with the counts checked against the files."""

import csv
from collections import Counter, defaultdict

import pytest
from django.db.models import F

from indicators.evidence import vocabulary
from indicators.evidence.models import Observation, Series

from .conftest import UK_SAMPLE

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def counted_from_the_files():
    """Per indicator, the rows that must be stored, counted with the csv module alone: rows
    with a number in Value, less rows that repeat another row's every other cell with a
    different value (which cannot be told apart: none of them is stored) and exact repeats."""
    expected, conflicting = {}, 0
    for path in sorted((UK_SAMPLE / "data").glob("indicator_*.csv")):
        with path.open(newline="", encoding="utf-8-sig") as file:
            rows = [row for row in csv.DictReader(file) if any(row.values())]
        values = defaultdict(set)
        for row in rows:
            try:
                float(row["Value"])
            except ValueError:
                continue
            values[tuple((name, cell) for name, cell in row.items() if name != "Value")].add(row["Value"])
        code = path.stem.removeprefix("indicator_").replace("-", ".")
        clean = [key for key, found in values.items() if len(found) == 1]
        conflicting += sum(
            1 for row in rows if len(values.get(tuple((n, c) for n, c in row.items() if n != "Value"), ())) > 1
        )
        if clean:
            expected[code] = len(clean)
    return expected, conflicting


def test_the_whole_uk_sample_imports_with_counts_that_match_the_files(import_command):
    expected, conflicting = counted_from_the_files()

    summary, output = import_command(UK_SAMPLE, skip_invalid_rows=True)

    assert conflicting == 4  # indicator_6-3-2.csv: lines 142/145 and 178/184
    assert sum(expected.values()) == 2557 - conflicting  # the README's count of numeric rows
    assert {
        key: summary[key]
        for key in (
            "files",
            "observations_imported",
            "observations_total",
            "rows_rejected",
            "rows_empty",
            "duplicates_dropped",
            "indicators",
            "national_indicators",
        )
    } == {
        "files": 30,
        "observations_imported": 2553,
        "observations_total": 2553,
        "rows_rejected": 4,
        "rows_empty": 113,  # the README's empty values (placeholders included)
        "duplicates_dropped": 0,
        "indicators": len(expected),
        "national_indicators": [],
    }
    assert [(error["file"], error["line"]) for error in summary["errors"]] == [
        ("opensdg-uk-sample/data/indicator_6-3-2.csv", 145),
        ("opensdg-uk-sample/data/indicator_6-3-2.csv", 184),
    ]
    stored = Counter(
        Observation.objects.filter(version__series__current_version=F("version")).values_list(
            "version__series__indicator_code", flat=True
        )
    )
    assert dict(stored) == expected


def test_the_uk_sample_without_skipping_refuses_only_the_file_with_conflicting_rows(import_command):
    expected, _conflicting = counted_from_the_files()

    summary, output = import_command(UK_SAMPLE)

    assert summary["observations_imported"] == sum(expected.values()) - expected["6.3.2"]
    assert {error["file"] for error in summary["errors"]} == {"opensdg-uk-sample/data/indicator_6-3-2.csv"}
    assert "opensdg-uk-sample/data/indicator_6-3-2.csv: nothing written." in output
    assert not Series.objects.filter(indicator_code="6.3.2").exists()


def test_the_uk_sample_keeps_periods_breakdowns_and_units_as_published(import_command):
    import_command(UK_SAMPLE, skip_invalid_rows=True)

    maternal = Series.objects.get(indicator_code="3.1.1", code="Maternal mortality rate")
    assert (maternal.unit, maternal.unit_multiplier) == ("Rate per 100,000 maternities", 0)
    woodland = Series.objects.get(indicator_code="15.2.1", code="1) Woodland area", unit="Area (000s hectares)")
    assert woodland.unit_multiplier == 3
    periods = set(Observation.objects.values_list("period", flat=True))
    assert {"2000/01", "2013 Q1", "1974a", "17 May to 11 June 2023", "2021"} <= periods
    assert "2021.0" not in periods
    scotland = Observation.objects.filter(disaggregation__Country="Scotland", version__series__indicator_code="15.2.1")
    assert scotland.exists()
    assert all(obs.attributes.get("GeoCode") == "S92000003" for obs in scotland)
    assert vocabulary.indicator_code("16.b.1") in set(Series.objects.values_list("indicator_code", flat=True))


def test_the_uk_sample_imported_twice_changes_nothing(import_command):
    first, _output = import_command(UK_SAMPLE, skip_invalid_rows=True)
    versions = set(Series.objects.values_list("current_version", flat=True))

    again, _output = import_command(UK_SAMPLE, skip_invalid_rows=True)

    assert again["observations_total"] == first["observations_total"] == 2553
    assert (again["series_written"], again["series_unchanged"]) == (0, first["series_written"])
    assert set(Series.objects.values_list("current_version", flat=True)) == versions
