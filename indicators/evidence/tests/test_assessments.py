"""The progress assessment applied to a country's data (indicators/evidence/assessments.py):
the categories of each series since 2015 and since the first VNR, the figures "at the
first VNR" taken from its snapshot, the overrides shown beside the computed categories,
and the Goal aggregates."""

import pytest
from django.contrib.auth import get_user_model

from indicators.evidence.assessments import (
    country_progress,
    goal_aggregates,
    goal_number_of,
    headline_points,
    target_code_of,
    target_of,
)
from indicators.evidence.models import NationalTarget, ProgressOverride, Series
from indicators.evidence.services.snapshots import take_snapshot
from indicators.progress import Category, aggregate, assess

pytestmark = pytest.mark.django_db

HEADER = "Year,Sex,Value\n"


def csv_of(points, *, female=()) -> str:
    rows = [f"{year},,{value}\n" for year, value in points]
    rows += [f"{year},Female,{value}\n" for year, value in female]
    return HEADER + "".join(rows)


@pytest.fixture
def load(import_files):
    """Imports {code: points} for GBR and sets each series' desired direction."""

    def run(data: dict, *, polarity="higher", country="GBR"):
        files = {f"indicator_{code.replace('.', '-')}.csv": csv_of(points) for code, points in data.items()}
        summary = import_files(files, country=country)
        assert not summary.errors, summary.errors
        Series.objects.filter(country=country, indicator_code__in=list(data)).update(polarity=polarity)
        return {one.indicator_code: one for one in Series.objects.filter(country=country)}

    return run


def by_code(progress):
    return {item.series.indicator_code: item for item in progress}


def test_codes():
    assert goal_number_of("8.3.1.1") == 8 and goal_number_of("17.18.3") == 17
    assert target_code_of("1.a.2") == "1.a" and target_code_of("8.3.1.1") == "8.3"


def test_each_series_gets_the_category_the_method_gives(load):
    rising = [(2015, 10.0), (2016, 20.0), (2017, 30.0), (2018, 40.0)]
    falling = [(2015, 40.0), (2016, 35.0), (2017, 30.0)]
    load({"1.2.1": rising, "3.1.1": falling})
    NationalTarget.objects.create(series=Series.objects.get(indicator_code="1.2.1"), year=2030, value=100)
    progress = by_code(country_progress("GBR"))
    assert progress["1.2.1"].since_2015 == assess(rising, "higher", {"kind": "fixed", "value": 100})
    assert progress["1.2.1"].category == Category.ON_TRACK
    assert progress["3.1.1"].category == Category.REGRESSING  # higher is better, and it fell
    assert progress["3.1.1"].since_2015.target_value == 80.0  # direction only: double the 2015 value
    assert progress["1.2.1"].since_first_vnr is None and progress["1.2.1"].at_first_vnr is None


def test_a_series_without_direction_is_not_assessed(load, import_files):
    load({"1.2.1": [(2015, 1.0), (2016, 2.0)]}, polarity="")
    (item,) = country_progress("GBR")
    assert not item.is_assessed and item.category is None
    assert goal_aggregates([item]) == {}


def test_one_point_is_insufficient_data(load):
    load({"1.2.1": [(2016, 5.0)]})
    (item,) = country_progress("GBR")
    assert item.category == Category.INSUFFICIENT_DATA


def test_the_headline_is_assessed_not_the_breakdowns(import_files):
    import_files({"indicator_1-2-1.csv": csv_of([(2015, 10.0), (2020, 30.0)], female=[(2015, 50.0), (2020, 10.0)])})
    Series.objects.update(polarity="higher")
    (item,) = country_progress("GBR")
    assert item.since_2015.baseline_value == 10.0 and item.since_2015.latest_value == 30.0
    assert item.category != Category.REGRESSING


def test_since_the_first_vnr_uses_the_first_vnr_year_as_baseline(load):
    points = [(2015, 10.0), (2017, 30.0), (2019, 50.0), (2021, 50.0), (2023, 50.0)]
    load({"1.2.1": points})
    (item,) = country_progress("GBR", first_vnr_year=2019)
    direction = {"kind": "direction"}
    assert item.since_2015 == assess(points, "higher", direction, 2015)
    assert item.since_first_vnr == assess(points, "higher", direction, 2019)
    assert item.since_first_vnr.baseline_value == 50.0
    # Without a snapshot, "at the first VNR" is the data up to its year.
    assert item.at_first_vnr == assess(points[:3], "higher", direction, 2015)
    assert item.points_at_first_vnr == 3


def test_at_the_first_vnr_uses_the_snapshots_figures_not_todays(load):
    then = [(2015, 10.0), (2016, 12.0), (2017, 14.0)]
    load({"1.2.1": then})
    snapshot = take_snapshot(country="GBR", label="First VNR, 2017")
    # The figures were revised afterwards: the same years read differently now, and more came.
    revised = [(2015, 30.0), (2016, 25.0), (2017, 20.0), (2018, 15.0)]
    load({"1.2.1": revised})
    (item,) = country_progress("GBR", first_vnr_year=2017, first_vnr_snapshot=snapshot)
    assert item.at_first_vnr == assess(then, "higher", {"kind": "direction"}, 2015)
    assert item.since_2015 == assess(revised, "higher", {"kind": "direction"}, 2015)
    assert item.at_first_vnr.category != item.since_2015.category  # rising then, falling now
    assert item.points_at_first_vnr == 3


def test_a_series_the_snapshot_lacks_had_no_data_at_the_first_vnr(load):
    load({"1.2.1": [(2015, 10.0), (2016, 12.0)]})
    snapshot = take_snapshot(country="GBR", label="First VNR")
    load({"3.1.1": [(2015, 10.0), (2016, 12.0), (2017, 14.0)]})
    progress = by_code(country_progress("GBR", first_vnr_year=2017, first_vnr_snapshot=snapshot))
    assert progress["3.1.1"].at_first_vnr.category == Category.INSUFFICIENT_DATA
    assert progress["3.1.1"].points_at_first_vnr == 0
    assert progress["1.2.1"].points_at_first_vnr == 2


def test_an_override_is_shown_and_the_computed_category_kept_beside_it(load):
    user = get_user_model().objects.create_user("stat@example.org")
    series = load({"1.2.1": [(2015, 10.0), (2016, 20.0), (2017, 30.0)]})["1.2.1"]
    computed = country_progress("GBR")[0].since_2015.category
    ProgressOverride.objects.create(
        series=series,
        baseline_year=2015,
        category="regressing",
        computed_category=computed,
        reason="x",
        created_by=user,
    )
    (item,) = country_progress("GBR", first_vnr_year=2016)
    assert item.category == Category.REGRESSING
    assert item.since_2015.category == computed  # computed kept
    assert item.override_2015.created_by == user and item.override_2015.reason == "x"
    # The override since 2015 does not touch the first-VNR assessment.
    assert item.override_first_vnr is None
    assert item.category_since_first_vnr == item.since_first_vnr.category


def test_the_latest_override_counts_and_a_withdrawal_restores_the_computed_one(load):
    series = load({"1.2.1": [(2015, 10.0), (2016, 20.0), (2017, 30.0)]})["1.2.1"]
    computed = country_progress("GBR")[0].since_2015.category
    ProgressOverride.objects.create(
        series=series, baseline_year=2019, category="on_track", computed_category=computed, reason="a"
    )
    ProgressOverride.objects.create(
        series=series, baseline_year=2019, category="limited_progress", computed_category=computed, reason="b"
    )
    (item,) = country_progress("GBR", first_vnr_year=2019)
    assert item.category_since_first_vnr == Category.LIMITED_PROGRESS and item.override_first_vnr.reason == "b"
    assert item.category == computed  # the 2015 assessment has no override
    ProgressOverride.objects.create(
        series=series, baseline_year=2019, category="", computed_category=computed, reason="c"
    )
    (item,) = country_progress("GBR", first_vnr_year=2019)
    assert item.category_since_first_vnr == item.since_first_vnr.category


def test_a_national_target_for_2030_wins_over_other_years(load):
    series = load({"1.2.1": [(2015, 10.0), (2016, 20.0)]})["1.2.1"]
    NationalTarget.objects.create(series=series, year=2025, value=50)
    assert target_of(series, {series.pk: list(series.targets.all())}) == {"kind": "fixed", "value": 50}
    NationalTarget.objects.create(series=series, year=2030, value=80)
    NationalTarget.objects.create(series=series, year=2035, value=99)
    assert target_of(series, {series.pk: list(series.targets.all())}) == {"kind": "fixed", "value": 80}
    assert target_of(series, {}) == {"kind": "direction"}
    assert country_progress("GBR")[0].since_2015.target_value == 80


def test_goal_aggregates_go_series_indicator_target_goal(load):
    data = {
        "1.2.1": [(2015, 10.0), (2016, 12.0), (2017, 14.0)],
        "1.2.2": [(2015, 10.0), (2016, 9.0), (2017, 8.0)],
        "1.3.1": [(2015, 10.0), (2016, 10.5), (2017, 11.0)],
        "3.1.1": [(2015, 5.0), (2016, 6.0)],
    }
    load(data)
    progress = country_progress("GBR")
    results = {item.series.indicator_code: item.since_2015 for item in progress}
    goals = goal_aggregates(progress)
    assert sorted(goals) == [1, 3]
    target_12 = aggregate([aggregate([results["1.2.1"]]), aggregate([results["1.2.2"]])])
    target_13 = aggregate([aggregate([results["1.3.1"]])])
    assert goals[1] == aggregate([target_12, target_13])
    assert goals[3] == aggregate([aggregate([aggregate([results["3.1.1"]])])])


def test_goal_aggregates_since_the_first_vnr(load):
    load({"1.2.1": [(2015, 10.0), (2017, 20.0), (2019, 20.0), (2021, 18.0)]})
    progress = country_progress("GBR", first_vnr_year=2019)
    since_first = goal_aggregates(progress, since="first_vnr")
    assert since_first[1] == aggregate([aggregate([aggregate([progress[0].since_first_vnr])])])
    assert since_first[1].category == Category.REGRESSING
    assert goal_aggregates(progress)[1].category != Category.REGRESSING


def test_goal_aggregates_without_a_first_vnr_are_empty(load):
    load({"1.2.1": [(2015, 10.0), (2016, 12.0)]})
    assert goal_aggregates(country_progress("GBR"), since="first_vnr") == {}


def test_headline_points_keep_the_last_value_of_a_year(import_files):
    import_files({"indicator_1-2-1.csv": "Year,Value\n2013 Q1,1\n2013 Q4,4\n2013 Q2,2\n2014 Q1,5\n"})
    series = Series.objects.get()
    assert headline_points([series.current_version_id]) == {series.current_version_id: [(2013, 4.0), (2014, 5.0)]}


def test_a_fixed_number_of_queries(load, django_assert_num_queries):
    load({"1.2.1": [(2015, 10.0), (2016, 12.0)], "3.1.1": [(2015, 1.0), (2016, 2.0)], "4.1.1": [(2015, 1.0)]})
    snapshot = take_snapshot(country="GBR", label="First VNR")
    with django_assert_num_queries(4):
        country_progress("GBR", first_vnr_year=2016)
    with django_assert_num_queries(5):
        country_progress("GBR", first_vnr_year=2016, first_vnr_snapshot=snapshot)


def test_the_last_period_of_a_year_is_found_in_natural_order(import_files, load):
    # Text order would put "2013 M10" before "2013 M9" and take September for the year.
    import_files({"indicator_1-2-1.csv": "Year,Value\n2013 M9,9\n2013 M10,10\n2013 M12,12\n2014 M2,2\n2014 M11,11\n"})
    series = Series.objects.get()
    assert headline_points([series.current_version_id]) == {series.current_version_id: [(2013, 12.0), (2014, 11.0)]}
    snapshot = take_snapshot(country="GBR", label="First VNR")
    Series.objects.update(polarity="higher")
    (item,) = country_progress("GBR", first_vnr_year=2014, first_vnr_snapshot=snapshot)
    assert item.at_first_vnr.latest_value == 11.0 and item.points_at_first_vnr == 2
