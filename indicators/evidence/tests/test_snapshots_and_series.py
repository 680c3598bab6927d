"""Snapshots keep their figures whatever is imported later; series metadata and targets."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from indicators.evidence.models import DataSnapshot, NationalTarget, Observation, Series, SeriesVersion
from indicators.evidence.selectors import (
    observation_count,
    observations_current,
    series_for_indicator,
    snapshot_observations,
    snapshot_versions,
)
from indicators.evidence.services.series import national_target_set, series_metadata_update
from indicators.evidence.services.snapshots import take_snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

FIRST = "Year,Sex,Value\n2015,,10\n2018,,12\n2018,Female,11\n"
SECOND = "Year,Sex,Value\n2015,,10.5\n2018,,12\n2022,,15\n"


def figures(observations):
    return sorted((obs.period, obs.value, obs.disaggregation) for obs in observations)


def test_take_snapshot_references_the_current_versions(import_files):
    import_files({"indicator_1-2-1.csv": FIRST, "indicator_3-1-1.csv": "Year,Value\n2015,1\n"})

    snapshot = take_snapshot(country="GBR", label="First VNR, 2019")

    assert (snapshot.country, snapshot.label) == ("GBR", "First VNR, 2019")
    assert set(snapshot_versions(snapshot)) == set(SeriesVersion.objects.all())
    assert snapshot_observations(snapshot).count() == 4


def test_a_reimport_never_changes_a_snapshots_figures(import_files):
    import_files({"indicator_1-2-1.csv": FIRST})
    snapshot = take_snapshot(country="GBR", label="First VNR")
    before = figures(snapshot_observations(snapshot))

    import_files({"indicator_1-2-1.csv": SECOND})
    import_files({"indicator_1-2-1.csv": "Year,Value\n2023,99\n"})

    assert (
        figures(snapshot_observations(snapshot))
        == before
        == [
            ("2015", 10.0, {}),
            ("2018", 11.0, {"Sex": "Female"}),
            ("2018", 12.0, {}),
        ]
    )
    series = Series.objects.get()
    assert figures(observations_current(series)) == [("2023", 99.0, {})]
    # The snapshot's version is kept, the one between was not held by anything.
    assert sorted(SeriesVersion.objects.values_list("number", flat=True)) == [1, 3]


def test_snapshots_of_two_reviews_each_keep_their_own_figures(import_files):
    import_files({"indicator_1-2-1.csv": FIRST})
    first = take_snapshot(country="GBR", label="First VNR", taken_at=datetime.datetime(2019, 7, 1, tzinfo=datetime.UTC))
    import_files({"indicator_1-2-1.csv": SECOND})
    second = take_snapshot(country="GBR", label="Second VNR")

    assert [obs[1] for obs in figures(snapshot_observations(first))] == [10.0, 11.0, 12.0]
    assert [obs[1] for obs in figures(snapshot_observations(second))] == [10.5, 12.0, 15.0]
    assert first.taken_at.year == 2019


def test_a_snapshot_is_of_one_country_only(import_files):
    import_files({"indicator_1-2-1.csv": FIRST}, country="GBR")
    import_files({"indicator_1-2-1.csv": SECOND}, country="KEN")

    snapshot = take_snapshot(country="KEN", label="First VNR")

    assert {version.series.country for version in snapshot_versions(snapshot)} == {"KEN"}


def test_a_version_held_by_a_snapshot_cannot_be_deleted(import_files):
    import_files({"indicator_1-2-1.csv": FIRST})
    take_snapshot(country="GBR", label="First VNR")

    with pytest.raises(ProtectedError):
        Series.objects.all().delete()


@pytest.mark.parametrize(("country", "label"), [("gbr", "First"), ("GBR", "  "), ("GB1", "First")])
def test_take_snapshot_refuses_a_bad_country_or_an_empty_label(framework, country, label):
    with pytest.raises(ValidationError):
        take_snapshot(country=country, label=label)
    assert DataSnapshot.objects.count() == 0


def test_series_metadata_update_sets_the_sources_and_refuses_the_key(import_files):
    import_files({"indicator_1-2-1.csv": FIRST})
    series = Series.objects.get()

    series_metadata_update(
        series=series,
        source_organisation="Office for National Statistics",
        source_type="alternative",
        source_kind="citizen_generated",
        periodicity="annual",
        definition="Share of people below the line.",
        method="Survey weights.",
        last_release=datetime.date(2025, 3, 1),
        contact="sdg@example.org",
    )

    series.refresh_from_db()
    assert (series.source_organisation, series.source_type, series.source_kind) == (
        "Office for National Statistics",
        "alternative",
        "citizen_generated",
    )
    with pytest.raises(ValidationError):
        series_metadata_update(series=series, unit="Something else")
    with pytest.raises(ValidationError):
        series_metadata_update(series=series, source_kind="rumour")


def test_national_target_set_keeps_one_target_per_year(import_files):
    import_files({"indicator_1-2-1.csv": FIRST})
    series = Series.objects.get()

    national_target_set(series=series, year=2030, value=5.0)
    national_target_set(series=series, year=2030, value=4.0, note="Revised in the national plan")
    national_target_set(series=series, year=2025, value=8.0)

    assert list(NationalTarget.objects.values_list("year", "value", "note")) == [
        (2025, 8.0, ""),
        (2030, 4.0, "Revised in the national plan"),
    ]
    with pytest.raises(ValidationError):
        national_target_set(series=series, year=1990, value=1.0)


def test_observations_filter_by_a_breakdown_in_sql(import_files):
    import_files({"indicator_1-2-1.csv": FIRST})
    series = series_for_indicator("GBR", "1.2.1").get()

    assert [obs.value for obs in observations_current(series).filter(disaggregation__Sex="Female")] == [11.0]
    assert [obs.value for obs in observations_current(series).filter(disaggregation={})] == [10.0, 12.0]
    assert list(Observation.objects.filter(sdmx__SEX="F").values_list("value", flat=True)) == [11.0]
    assert observation_count("GBR") == 3


def test_reads_of_a_country_take_a_fixed_number_of_queries(import_files, django_assert_num_queries):
    import_files({"indicator_1-2-1.csv": FIRST, "indicator_3-1-1.csv": SECOND})
    snapshot = take_snapshot(country="GBR", label="First VNR")

    with django_assert_num_queries(3):
        series = list(series_for_indicator("GBR", "1.2.1"))
        list(observations_current(series[0]))
        list(snapshot_observations(snapshot))
