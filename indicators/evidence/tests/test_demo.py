"""The demo's indicator data: every Goal has series, every progress category appears, the
first VNR's snapshot holds the data as it stood then, later data adds years, series and a
revision, and importing again changes nothing."""

from collections import Counter

import pytest

from indicators.evidence.assessments import country_progress, goal_aggregates
from indicators.evidence.demo import REVISED, import_current_data, import_first_vnr_data
from indicators.evidence.models import (
    DataSnapshot,
    NationalIndicator,
    NationalTarget,
    Observation,
    ProgressOverride,
    Series,
    SeriesVersion,
    SourceKind,
    SourceType,
)
from indicators.evidence.selectors import snapshot_observations
from indicators.progress import Category

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def demo(framework):
    snapshot = import_first_vnr_data(country="AUR", first_vnr_year=2019)
    import_current_data(country="AUR", first_vnr_year=2019)
    return snapshot


def test_demo_gives_every_goal_several_assessed_series(demo):
    progress = country_progress("AUR", first_vnr_year=2019, first_vnr_snapshot=demo)

    per_goal = Counter(item.goal_number for item in progress)
    assert sorted(per_goal) == list(range(1, 18))
    assert min(per_goal.values()) >= 2
    assert all(item.series.polarity for item in progress)
    assert sorted(goal_aggregates(progress)) == list(range(1, 18))


def test_demo_shows_every_progress_category(demo):
    progress = country_progress("AUR", first_vnr_year=2019, first_vnr_snapshot=demo)

    assert {item.since_2015.category for item in progress} == set(Category.values)


def test_demo_has_breakdowns_sources_of_several_kinds_targets_and_national_indicators(demo):
    dimensions = set()
    for breakdown in Observation.objects.filter(version__series__country="AUR").values_list(
        "disaggregation", flat=True
    ):
        dimensions |= set(breakdown)
    assert dimensions == {"Sex", "Location", "Age"}
    series = Series.objects.filter(country="AUR")
    assert set(series.values_list("source_type", flat=True)) == set(SourceType.values)
    assert {SourceKind.CITIZEN_GENERATED, SourceKind.SURVEY, SourceKind.ADMINISTRATIVE} <= set(
        series.values_list("source_kind", flat=True)
    )
    assert series.filter(unit="").count() == 0
    assert NationalTarget.objects.filter(series__country="AUR").count() >= 30
    kinds = dict(NationalIndicator.objects.filter(country="AUR").values_list("code", "kind"))
    assert kinds == {"8.3.1.1": "proxy", "3.9.4": "national"}
    assert NationalIndicator.objects.get(country="AUR", code="8.3.1.1").title["en"].startswith("Informal")


def test_demo_first_vnr_snapshot_holds_the_data_as_it_stood_then(demo):
    assert DataSnapshot.objects.get(country="AUR") == demo
    assert demo.label == "First VNR, 2019" and demo.taken_at.year == 2019
    then = snapshot_observations(demo)
    assert max(then.values_list("year", flat=True)) == 2018
    code, year, _factor = REVISED
    series = Series.objects.get(country="AUR", indicator_code=code)
    value_then = then.get(version__series=series, year=year, disaggregation={}).value
    value_now = Observation.objects.get(version=series.current_version, year=year, disaggregation={}).value
    assert value_now != value_then
    new_codes = set(Series.objects.filter(country="AUR").values_list("indicator_code", flat=True)) - set(
        then.values_list("version__series__indicator_code", flat=True)
    )
    assert {"5.b.1", "11.6.2", "3.9.4"} <= new_codes


def test_demo_marks_one_statisticians_judgement(demo):
    override = ProgressOverride.objects.get(series__country="AUR")
    progress = {item.series.pk: item for item in country_progress("AUR", first_vnr_year=2019, first_vnr_snapshot=demo)}
    item = progress[override.series_id]
    assert item.category == override.category != item.since_2015.category == override.computed_category


def test_demo_import_again_changes_nothing(demo):
    counts = (SeriesVersion.objects.count(), NationalTarget.objects.count(), ProgressOverride.objects.count())

    import_current_data(country="AUR", first_vnr_year=2019)

    assert (SeriesVersion.objects.count(), NationalTarget.objects.count(), ProgressOverride.objects.count()) == counts


def test_demo_countries_differ(demo):
    import_current_data(country="MER", first_vnr_year=2020)

    aurelia = Observation.objects.filter(version__series__country="AUR", version__series__indicator_code="1.1.1")
    meridia = Observation.objects.filter(version__series__country="MER", version__series__indicator_code="1.1.1")
    assert set(aurelia.values_list("value", flat=True)).isdisjoint(meridia.values_list("value", flat=True))
