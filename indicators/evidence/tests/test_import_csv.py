"""Importing Open SDG and long CSV files: what real files carry, and bad input."""

import pytest
from django.core.exceptions import ValidationError

from indicators.evidence.models import NationalIndicator, NationalIndicatorKind, Observation, Series, SeriesVersion
from indicators.evidence.selectors import observations_current
from indicators.evidence.services import imports

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

SIMPLE = "Year,Sex,Value\r\n2015,,10\r\n2016,,11\r\n2015,Female,9\r\n2016,Female,10.5\r\n"


def stored(country="GBR"):
    """Every current observation of the country as comparable tuples."""
    rows = []
    for series in Series.objects.filter(country=country, current_version__isnull=False):
        for obs in observations_current(series):
            rows.append(
                (
                    series.indicator_code,
                    series.code,
                    series.unit,
                    series.unit_multiplier,
                    obs.period,
                    obs.year,
                    obs.value,
                    obs.disaggregation,
                    obs.status,
                    obs.footnote,
                    obs.attributes,
                )
            )
    return sorted(rows, key=repr)


def errors(summary):
    return [(error.file, error.line, error.column) for error in summary.errors]


# --- What the files hold -----------------------------------------------------------------


def test_import_open_sdg_csv_stores_series_observations_and_breakdowns(import_files):
    summary = import_files({"indicator_1-2-1.csv": SIMPLE})

    assert (summary.observations_imported, summary.observations_total, summary.indicators) == (4, 4, 1)
    assert summary.errors == []
    assert stored() == [
        ("1.2.1", "", "", 0, "2015", 2015, 10.0, {}, "", "", {}),
        ("1.2.1", "", "", 0, "2015", 2015, 9.0, {"Sex": "Female"}, "", "", {}),
        ("1.2.1", "", "", 0, "2016", 2016, 10.5, {"Sex": "Female"}, "", "", {}),
        ("1.2.1", "", "", 0, "2016", 2016, 11.0, {}, "", "", {}),
    ]
    female = Observation.objects.get(disaggregation__Sex="Female", year=2016)
    assert female.sdmx == {"SEX": "F"}
    assert Series.objects.get().indicator.code == "1.2.1"


def test_import_sorts_columns_into_series_unit_multiplier_status_footnote_and_attributes(import_files):
    csv = (
        "Year,Series,Units,Unit multiplier,Age,Observation status,COMMENT_OBS,GeoCode,Value\n"
        "2015,Poverty rate,Percentage (%),Units,15-24,Estimated value,Survey year 2014,E92000001,12.5\n"
        "2015,Poor people,Number,Thousands,,Normal value,,,1200\n"
    )
    import_files({"indicator_1-2-1.csv": csv})

    rate = Series.objects.get(code="Poverty rate")
    people = Series.objects.get(code="Poor people")
    assert (rate.unit, rate.unit_code, rate.unit_multiplier) == ("Percentage (%)", "PT", 0)
    assert (people.unit, people.unit_code, people.unit_multiplier) == ("Number", "NUMBER", 3)
    obs = observations_current(rate).get()
    assert (obs.disaggregation, obs.sdmx, obs.status, obs.status_code, obs.footnote, obs.attributes) == (
        {"Age": "15-24"},
        {"AGE": "Y15T24"},
        "Estimated value",
        "E",
        "Survey year 2014",
        {"GeoCode": "E92000001"},
    )


def test_import_drops_and_counts_exact_duplicate_rows(import_files):
    summary = import_files({"indicator_1-2-1.csv": SIMPLE + "2015,Female,9\r\n2015,,10\r\n"})

    assert (summary.observations_imported, summary.duplicates_dropped, summary.errors) == (4, 2, [])
    assert Observation.objects.count() == 4


def test_import_skips_and_counts_rows_without_a_value(import_files):
    csv = "Year,Observation status,Value\n2015,Missing value,\n2016,Normal value,4\n"
    summary = import_files({"indicator_1-2-1.csv": csv})

    assert (summary.observations_imported, summary.rows_empty, summary.errors) == (1, 1, [])


def test_import_of_a_placeholder_file_stores_nothing_and_reports_no_error(import_files):
    summary = import_files({"indicator_1-5-2.csv": "Year,Value\r\nThere is no data for this indicator yet,\r\n"})

    assert (summary.observations_imported, summary.rows_empty, summary.errors, summary.indicators) == (0, 1, [], 0)


def test_import_pads_a_row_a_cell_short_when_only_a_trailing_breakdown_is_missing(import_files):
    csv = "Year,Value,Sex\n2015,10\n2015,9,Female\n"
    summary = import_files({"indicator_1-2-1.csv": csv})

    assert summary.errors == []
    assert sorted(Observation.objects.values_list("value", "disaggregation")) == [(9.0, {"Sex": "Female"}), (10.0, {})]


def test_import_refuses_a_short_row_whose_value_is_missing(import_files):
    summary = import_files({"indicator_1-2-1.csv": "Year,Sex,Value\n2015,Female\n2016,,3\n"})

    assert errors(summary) == [("indicator_1-2-1.csv", 2, "Value")]
    assert "2 cells where the header has 3" in summary.errors[0].reason
    assert Observation.objects.count() == 0


def test_import_reads_a_byte_order_mark_and_windows_line_endings(import_files):
    summary = import_files({"indicator_1-2-1.csv": b"\xef\xbb\xbfYear,Value\r\n2015,1\r\n2016,2\r\n"})

    assert (summary.observations_imported, summary.errors) == (2, [])
    assert Series.objects.get().indicator_code == "1.2.1"


def test_import_ignores_unnamed_trailing_columns_that_are_empty(import_files):
    summary = import_files({"indicator_1-2-1.csv": "Year,Value,,\n2015,1,,\n2016,2\n"})

    assert (summary.observations_imported, summary.errors) == (2, [])


def test_import_refuses_a_value_in_a_column_without_a_name(import_files):
    summary = import_files({"indicator_1-2-1.csv": "Year,Value,\n2015,1,oops\n2016,2,,,x\n"})

    assert errors(summary) == [("indicator_1-2-1.csv", 2, "column 3"), ("indicator_1-2-1.csv", 3, "column 5")]
    assert Observation.objects.count() == 0


def test_import_takes_units_and_unit_measure_as_the_same_thing(import_files):
    csv = (
        "Year,Units,UNIT_MEASURE,Value\n"
        "2015,Percentage (%),,1\n2016,,Percentage (%),2\n2017,Percentage (%),Percentage (%),3\n"
    )
    summary = import_files({"indicator_1-2-1.csv": csv})

    assert summary.errors == []
    series = Series.objects.get()
    assert (series.unit, series.unit_code) == ("Percentage (%)", "PT")
    assert list(observations_current(series).values_list("year", "attributes")) == [(2015, {}), (2016, {}), (2017, {})]


def test_import_keeps_a_unit_measure_that_says_something_else_as_an_attribute(import_files):
    import_files({"indicator_3-1-1.csv": "Year,Units,Unit measure,Value\n2015,Rate per 100000,Units,1\n"})

    obs = Observation.objects.get()
    assert (obs.version.series.unit, obs.attributes) == ("Rate per 100000", {"Unit measure": "Units"})


def test_import_reads_periods_as_written_with_a_year_for_sorting(import_files):
    csv = "Year,Value\n2000/01,1\n2013 Q1,2\n2021.0,3\n"
    import_files({"indicator_1-2-1.csv": csv})

    assert list(Observation.objects.order_by("year").values_list("period", "year")) == [
        ("2000/01", 2000),
        ("2013 Q1", 2013),
        ("2021", 2021),
    ]


def test_import_reads_values_with_spaces_and_exponents(import_files):
    import_files({"indicator_1-2-1.csv": 'Year,Value\n2015," 1 234.5 "\n2016,1e-05\n'})

    assert list(Observation.objects.order_by("year").values_list("value", flat=True)) == [1234.5, 1e-05]


def test_import_reads_footnote_columns(import_files):
    csv = "Year,Footnote,Value\n2015,Provisional figure for England only,1\n"
    import_files({"indicator_1-2-1.csv": csv})

    assert Observation.objects.get().footnote == "Provisional figure for England only"


def test_import_of_a_long_csv_reads_the_indicator_of_each_row(import_files):
    csv = "Indicator,Year,Value\n1.2.1,2015,1\n1-2-1,2016,2\n3.1.1,2015,30\n"
    summary = import_files({"national-data.csv": csv})

    assert (summary.observations_imported, summary.indicators, summary.errors) == (3, 2, [])
    assert sorted(Series.objects.values_list("indicator_code", flat=True)) == ["1.2.1", "3.1.1"]


# --- National indicators -----------------------------------------------------------------


def test_import_stores_codes_outside_the_framework_as_national_indicators_and_names_them(import_files):
    csv = "Indicator,Year,Value\n8.3.1.1,2015,1\n1.3.1.a,2015,2\n18.1.1,2015,3\n1.1.1,2015,4\n"
    summary = import_files({"national.csv": csv})

    assert summary.national_indicators == ["1.3.1.a", "8.3.1.1", "18.1.1"]
    assert summary.indicators == 4
    proxy = NationalIndicator.objects.get(code="8.3.1.1")
    assert (proxy.country, proxy.kind, proxy.global_indicator.code, proxy.target.code) == (
        "GBR",
        NationalIndicatorKind.PROXY,
        "8.3.1",
        "8.3",
    )
    national = NationalIndicator.objects.get(code="18.1.1")
    assert (national.kind, national.global_indicator, national.target) == (NationalIndicatorKind.NATIONAL, None, None)
    assert Series.objects.get(indicator_code="8.3.1.1").national_indicator == proxy
    assert Series.objects.get(indicator_code="1.1.1").national_indicator is None


def test_national_indicators_belong_to_their_country(import_files):
    import_files({"indicator_8-3-1-1.csv": "Year,Value\n2015,1\n"}, country="GBR")
    import_files({"indicator_8-3-1-1.csv": "Year,Value\n2015,2\n"}, country="KEN")

    assert sorted(NationalIndicator.objects.values_list("country", "code")) == [("GBR", "8.3.1.1"), ("KEN", "8.3.1.1")]


# --- Replacing a series --------------------------------------------------------------------


def test_reimport_replaces_a_series_and_never_duplicates(import_files):
    import_files({"indicator_1-2-1.csv": SIMPLE})
    summary = import_files({"indicator_1-2-1.csv": "Year,Sex,Value\n2017,,12\n2015,,10\n"})

    assert (summary.observations_imported, summary.observations_total) == (2, 2)
    assert [row[4:7] for row in stored()] == [("2015", 2015, 10.0), ("2017", 2017, 12.0)]
    # The old version is gone: nothing held it.
    assert SeriesVersion.objects.count() == 1
    assert Series.objects.get().current_version.number == 2


def test_reimport_of_the_same_figures_writes_nothing_new(import_files):
    import_files({"indicator_1-2-1.csv": SIMPLE})
    version = Series.objects.get().current_version_id

    summary = import_files({"indicator_1-2-1.csv": SIMPLE.replace("\r\n", "\n")})

    assert (summary.series_written, summary.series_unchanged, summary.observations_total) == (0, 1, 4)
    assert Series.objects.get().current_version_id == version


def test_reimport_keeps_the_series_the_file_does_not_mention(import_files):
    import_files({"indicator_1-2-1.csv": "Year,Series,Value\n2015,A,1\n2015,B,2\n"})
    import_files({"indicator_1-2-1.csv": "Year,Series,Value\n2015,A,5\n"})

    assert [(row[1], row[6]) for row in stored()] == [("A", 5.0), ("B", 2.0)]


def test_a_file_with_a_bad_row_changes_nothing_already_stored(import_files):
    import_files({"indicator_1-2-1.csv": SIMPLE})
    before = stored()

    summary = import_files({"indicator_1-2-1.csv": "Year,Sex,Value\n2015,,99\n2016,,oops\n"})

    assert errors(summary) == [("indicator_1-2-1.csv", 3, "Value")]
    assert (summary.observations_imported, summary.files_rejected) == (0, 1)
    assert stored() == before


def test_a_failure_while_writing_rolls_the_whole_file_back(import_files, monkeypatch):
    import_files({"indicator_1-2-1.csv": SIMPLE})
    before = stored()
    calls = []

    def failing_insert(versions):
        calls.append(len(versions))
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "_observations_insert", failing_insert)
    with pytest.raises(RuntimeError):
        import_files({"indicator_1-2-1.csv": "Year,Sex,Value\n2015,,99\n"})

    assert calls == [1]
    assert stored() == before
    assert SeriesVersion.objects.count() == 1


def test_skip_invalid_rows_imports_the_good_rows_and_reports_each_bad_one(import_files):
    csv = "Year,Value\n2015,1\n2016,x\n3016,3\n2018,4\n"
    summary = import_files({"indicator_1-2-1.csv": csv}, skip_invalid_rows=True)

    assert errors(summary) == [("indicator_1-2-1.csv", 3, "Value"), ("indicator_1-2-1.csv", 4, "Year")]
    assert (summary.observations_imported, summary.rows_rejected, summary.files_rejected) == (2, 2, 0)
    assert sorted(Observation.objects.values_list("year", flat=True)) == [2015, 2018]


def test_import_reports_progress_after_each_file(import_files):
    calls = []
    import_files(
        {"indicator_1-2-1.csv": SIMPLE, "indicator_1-1-1.csv": SIMPLE},
        progress=lambda done, total, name: calls.append((done, total, name)),
    )

    assert calls == [(1, 2, "indicator_1-2-1.csv"), (2, 2, "indicator_1-1-1.csv")]


def test_import_refuses_a_country_code_that_is_not_iso3(import_files):
    with pytest.raises(ValidationError):
        import_files({"indicator_1-2-1.csv": SIMPLE}, country="gb")


# --- Bad input: errors by file, line and column, nothing written -----------------------------


@pytest.mark.parametrize(
    ("csv", "line", "column", "reason"),
    [
        ("Year,Value\n2015,1\n2016,n/a\n", 3, "Value", 'the value "n/a" is not a number.'),
        ("Year,Value\n2015,1\n2016,=1+2\n", 3, "Value", 'the value "=1+2" is not a number.'),
        ("Year,Value\n2015,1\n3015,2\n", 3, "Year", "the year 3015 is out of range (1900-2100)."),
        ("Year,Value\n2015,1\nlast year,2\n", 3, "Year", 'the period "last year" has no year in it.'),
        (
            "Year,Unit multiplier,Value\n2015,Dozens,1\n",
            2,
            "Unit multiplier",
            'the unit multiplier "Dozens" is not understood.',
        ),
    ],
    ids=["non-numeric", "formula", "year-out-of-range", "no-year", "unit-multiplier"],
)
def test_import_refuses_a_bad_cell_by_line_and_column_and_writes_nothing(import_files, csv, line, column, reason):
    summary = import_files({"indicator_1-2-1.csv": csv})

    assert [error.as_dict() for error in summary.errors] == [
        {"file": "indicator_1-2-1.csv", "line": line, "column": column, "reason": reason}
    ]
    assert (Observation.objects.count(), Series.objects.count(), summary.files_rejected) == (0, 0, 1)


def test_import_refuses_text_that_is_not_an_indicator_code(import_files):
    csv = "Indicator,Year,Value\n1.2.1,2015,1\nPoverty,2015,2\n1.2,2015,3\n"
    summary = import_files({"long.csv": csv})

    assert errors(summary) == [("long.csv", 3, "Indicator"), ("long.csv", 4, "Indicator")]
    assert summary.errors[0].reason == '"Poverty" is not an indicator code such as 1.2.1 or 8.3.1.1.'
    assert Observation.objects.count() == 0


def test_import_refuses_a_file_whose_indicator_is_unknown(import_files):
    summary = import_files({"poverty.csv": "Year,Value\n2015,1\n"})

    assert errors(summary) == [("poverty.csv", 1, "")]
    assert "name the file after it" in summary.errors[0].reason


def test_import_refuses_conflicting_duplicates_and_imports_neither(import_files):
    csv = "Year,Sex,Value\n2015,Female,1\n2015,Male,2\n2015,Female,3\n"
    summary = import_files({"indicator_1-2-1.csv": csv}, skip_invalid_rows=True)

    assert errors(summary) == [("indicator_1-2-1.csv", 4, "Value")]
    assert "the same period and breakdown as line 2" in summary.errors[0].reason
    assert list(Observation.objects.values_list("disaggregation", flat=True)) == [{"Sex": "Male"}]


def test_import_refuses_a_file_that_is_not_utf8_by_line(import_files):
    data = "Year,Region,Value\n2015,North,1\n2015,Zürich,2\n".encode("cp1252")
    summary = import_files({"indicator_1-2-1.csv": data})

    assert errors(summary) == [("indicator_1-2-1.csv", 3, "")]
    assert summary.errors[0].reason == "the file is not UTF-8 text (byte 0xFC): save it as CSV UTF-8."
    assert Observation.objects.count() == 0


def test_import_refuses_utf16(import_files):
    summary = import_files({"indicator_1-2-1.csv": "Year,Value\n2015,1\n".encode("utf-16")})

    assert "UTF-16" in summary.errors[0].reason


@pytest.mark.parametrize(
    ("csv", "reason"),
    [
        ("Year,Sex\n2015,Female\n", 'the column "Value" is missing.'),
        ("Sex,Value\nFemale,1\n", 'the column "Year" is missing.'),
        ("Year,Sex,sex,Value\n2015,F,F,1\n", 'the column "sex" appears twice.'),
        ("", "the file is empty: it has no header row."),
    ],
    ids=["no-value", "no-year", "twice", "empty"],
)
def test_import_refuses_a_file_with_a_bad_header(import_files, csv, reason):
    summary = import_files({"indicator_1-2-1.csv": csv})

    assert [error.reason for error in summary.errors] == [reason]
    assert Observation.objects.count() == 0


def test_import_refuses_a_csv_with_200000_columns_from_its_header(import_files):
    header = ",".join(f"c{n}" for n in range(200_000)) + ",Year,Value\n"
    summary = import_files({"indicator_1-2-1.csv": header + "," * 200_000 + "2015,1\n"})

    assert errors(summary) == [("indicator_1-2-1.csv", 1, "")]
    assert summary.errors[0].reason == "the file has 200002 columns; at most 200 are read."


def test_import_refuses_a_header_just_over_the_column_cap(import_files):
    header = ",".join(f"c{n}" for n in range(199)) + ",Year,Value\n"
    summary = import_files({"indicator_1-2-1.csv": header})

    assert summary.errors[0].reason == "the file has 201 columns; at most 200 are read."


def test_import_refuses_a_file_over_the_size_cap_without_reading_it(framework, tmp_path):
    from indicators.evidence.services.imports import evidence_import, files_from_paths

    path = tmp_path / "indicator_1-2-1.csv"
    with path.open("wb") as file:
        file.truncate(200 * 1024 * 1024)  # 200 MB, sparse: nothing is written to disk

    summary = evidence_import(country="GBR", files=files_from_paths([path]))

    assert [error.as_dict() for error in summary.errors] == [
        {
            "file": "indicator_1-2-1.csv",
            "line": None,
            "column": "",
            "reason": "the file is larger than 50 MB (200.0 MB).",
        }
    ]


def test_import_size_cap_is_a_setting(import_files, settings):
    settings.EVIDENCE_IMPORT_MAX_BYTES = 100
    summary = import_files({"indicator_1-2-1.csv": "Year,Value\n" + "2015,1\n" * 20})

    assert summary.errors[0].reason == "the file is larger than 0 MB (0.0 MB)."
    assert Observation.objects.count() == 0


def test_import_refuses_other_kinds_of_files(import_files):
    summary = import_files({"indicator_1-2-1.json": "{}"})

    assert summary.errors[0].reason == "only .csv, .xlsx and .xml (SDMX-ML) files are read."


def test_import_refuses_a_nul_character(import_files):
    summary = import_files({"indicator_1-2-1.csv": "Year,Value\n2015,1\x00\n" + "x" * 5000})

    assert "NUL" in summary.errors[0].reason or "UTF-16" in summary.errors[0].reason


def test_import_stores_tabs_backslashes_line_breaks_and_accents_exactly(import_files):
    csv = 'Year,Region,Footnote,Value\n2015,"Zürich\\North","Line one\nline\ttwo \\N",1\n'
    summary = import_files({"indicator_1-2-1.csv": csv})

    assert summary.errors == []
    obs = Observation.objects.get()
    assert (obs.disaggregation, obs.footnote) == ({"Region": "Zürich\\North"}, "Line one\nline\ttwo \\N")
    assert Observation.objects.filter(disaggregation__Region="Zürich\\North").count() == 1
