"""The progress assessment against the method's public vectors and its edge cases."""

import json
import math
from decimal import Decimal
from pathlib import Path

import pytest

from indicators.progress import (
    CATEGORY_LABELS,
    ESCAP_DASHBOARD_WORDING,
    Aggregate,
    Assessment,
    Category,
    CurrentStatusBand,
    ProgressInputError,
    aggregate,
    assess,
    compare_with_first_vnr,
    expected_progress,
)

pytestmark = [pytest.mark.unit]

# The copy kept in the app (see data/methods/README.md), so a plain checkout runs it.
VECTORS = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "methods" / "progress-vectors.json").read_text(encoding="utf-8")
)
CASES = {case["name"]: case for case in VECTORS["cases"]}
# The vectors are rounded to 6 decimals (§4); the document states no other tolerance.
TOLERANCE = 1e-6
NUMBERS = ("baseline_value", "target_value", "anticipated_2030", "ratio", "current_status")


def run(case: dict) -> Assessment:
    return assess(
        case["series"],
        case["polarity"],
        case["target"],
        baseline_year=case["baseline_year"],
        target_year=case["target_year"],
        method=case.get("method"),
    )


def assert_numbers(actual, expected: dict) -> None:
    for name, value in expected.items():
        got = getattr(actual, name)
        if value is None or isinstance(value, str):
            assert got == value, name
        else:
            assert got == pytest.approx(value, abs=TOLERANCE), name


@pytest.mark.parametrize("case", VECTORS["cases"], ids=[case["name"] for case in VECTORS["cases"]])
def test_assess_gives_every_vector_its_expected_result(case):
    assert_numbers(run(case), case["expected"])


@pytest.mark.parametrize("goal", VECTORS["goal_cases"], ids=[goal["name"] for goal in VECTORS["goal_cases"]])
def test_aggregate_gives_every_goal_vector_its_expected_result(goal):
    result = aggregate(run(CASES[name]) for name in goal["members"])

    assert_numbers(result, goal["expected"])


def test_the_vectors_cover_every_category_and_both_fallbacks():
    results = [run(case) for case in VECTORS["cases"]]

    assert {result.category for result in results} == set(Category.values)
    assert {result.method for result in results} == {"geometric", "linear", None}


# --- What the result records besides the pinned numbers (§4) ---------------------------


def test_assess_records_the_method_used_and_the_effective_baseline_year():
    shifted = run(CASES["baseline_shifted_to_first_year_2017"])
    zero = run(CASES["zero_value_falls_back_to_linear"])

    assert (shifted.method, shifted.baseline_year, shifted.effective_baseline_year) == ("geometric", 2015, 2017)
    assert (zero.method, zero.effective_baseline_year) == ("linear", 2015)


def test_insufficient_data_leaves_every_number_empty_but_says_whether_the_latest_value_meets_the_target():
    result = run(CASES["single_point_insufficient"])

    assert result.category == Category.INSUFFICIENT_DATA
    assert [getattr(result, name) for name in NUMBERS] == [None] * 5
    assert (result.method, result.effective_baseline_year, result.gap) == (None, None, None)
    assert (result.point_count, result.latest_year, result.latest_value) == (1, 2019, 45.0)
    assert result.latest_meets_target is False


def test_a_single_point_that_meets_the_target_is_still_insufficient_data():
    result = assess([(2020, 99.0)], "higher", {"kind": "fixed", "value": 90})

    assert (result.category, result.latest_meets_target) == (Category.INSUFFICIENT_DATA, True)


def test_gap_is_one_minus_the_ratio():
    result = run(CASES["fixed_higher_acceleration_needed"])

    assert result.gap == pytest.approx(1 - 0.546654, abs=TOLERANCE)


def test_the_ui_shows_the_anticipated_value_within_natural_bounds_without_changing_the_category():
    result = run(CASES["target_achieved_latest_meets_fixed"])

    assert (result.anticipated_2030, result.anticipated_within(0, 100)) == (124.624488, 100)
    assert run(CASES["zero_value_falls_back_to_linear"]).anticipated_within(lower=20) == 20
    assert run(CASES["single_point_insufficient"]).anticipated_within(0, 100) is None
    assert result.category == Category.TARGET_ACHIEVED


def test_as_dict_holds_every_field():
    result = run(CASES["fixed_higher_on_track"])

    assert result.as_dict()["category"] == "on_track"
    assert Assessment(**result.as_dict()) == result


# --- §1 Inputs --------------------------------------------------------------------------


def test_points_before_2000_and_from_the_target_year_on_are_ignored():
    inside = [(2015, 50.0), (2018, 55.0), (2022, 61.0)]
    outside = [(1990, 1.0), (1999, 2.0), (2030, 500.0), (2031, 900.0)]

    assert assess(inside + outside, "higher", {"kind": "fixed", "value": 90}) == assess(
        inside, "higher", {"kind": "fixed", "value": 90}
    )


def test_gaps_and_order_do_not_matter():
    series = [(2015, 50.0), (2018, 55.0), (2022, 61.0)]
    shuffled = [(2022, 61.0), (2016, None), (2015, 50.0), (2018, 55.0), (2020, None)]

    assert assess(shuffled, "higher", {"kind": "fixed", "value": 90}) == assess(
        series, "higher", {"kind": "fixed", "value": 90}
    )


def test_decimal_values_and_whole_float_years_are_accepted():
    case = CASES["fixed_higher_on_track"]
    as_stored = [(float(year), Decimal(str(value))) for year, value in case["series"]]

    assert assess(as_stored, "higher", case["target"]) == run(case)


def test_relative_target_is_anchored_on_2015_moved_to_the_first_later_observation():
    result = assess([(2017, 10.0), (2020, 12.0)], "higher", {"kind": "relative", "factor": 2})

    assert (result.target_value, result.baseline_value, result.effective_baseline_year) == (20.0, 10.0, 2017)


@pytest.mark.parametrize(
    ("series", "target"),
    [
        ([(2015, 0.0), (2020, 3.0)], {"kind": "relative", "factor": 2}),
        ([(2015, -4.0), (2020, -2.0)], {"kind": "direction"}),
    ],
    ids=["relative_on_zero", "direction_on_negative"],
)
def test_a_relative_target_on_a_non_positive_2015_value_is_insufficient(series, target):
    assert assess(series, "higher", target).category == Category.INSUFFICIENT_DATA


def test_no_observation_after_the_moved_baseline_is_insufficient():
    result = assess([(2010, 5.0), (2012, 6.0)], "higher", {"kind": "fixed", "value": 9}, baseline_year=2019)

    assert result.category == Category.INSUFFICIENT_DATA


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"series": [(2015, 1.0), (2015, 2.0)]}, "appears twice"),
        ({"series": [(2015, float("nan")), (2020, 2.0)]}, "finite"),
        ({"series": [(2015, math.inf), (2020, 2.0)]}, "finite"),
        ({"series": [(2015, 1e300), (2020, 2.0)]}, "plausible size"),
        ({"series": [(2015, "12"), (2020, 2.0)]}, "not a number"),
        ({"series": [(2015, "x" * 100_000), (2020, 2.0)]}, "not a number: 'xxx"),
        ({"series": [(2015, Decimal("sNaN")), (2020, 2.0)]}, "finite"),
        ({"series": [(2015, 10**400), (2020, 2.0)]}, "finite"),
        ({"series": [(2015, True), (2020, 2.0)]}, "not a number"),
        ({"series": [(2015.5, 1.0), (2020, 2.0)]}, "whole year"),
        ({"series": [("2015", 1.0), (2020, 2.0)]}, "whole year"),
        ({"series": [(2015, 1.0, "x")]}, "pair"),
        ({"series": [2015]}, "pair"),
        ({"polarity": "up"}, "polarity"),
        ({"method": "logit"}, "method"),
        ({"target": {"kind": "percent", "value": 1}}, "kind"),
        ({"target": 100}, "mapping"),
        ({"target": {"kind": "fixed"}}, "target value"),
        ({"target": {"kind": "relative", "factor": 0}}, "above zero"),
        ({"target": {"kind": "relative", "factor": -2}}, "above zero"),
        ({"baseline_year": 2030}, "must come before"),
        ({"target_year": math.inf}, "whole year"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_malformed_input_is_refused_with_a_reason(kwargs, message):
    arguments = {"series": [(2015, 1.0), (2020, 2.0)], "polarity": "higher", "target": {"kind": "fixed", "value": 5}}
    arguments.update(kwargs)

    with pytest.raises(ProgressInputError, match=message):
        assess(**arguments)


# --- §2.3 Models --------------------------------------------------------------------------


def test_geometric_with_two_points_is_the_plain_growth_rate():
    result = assess([(2015, 40.0), (2020, 50.0)], "higher", {"kind": "fixed", "value": 200})

    assert result.anticipated_2030 == pytest.approx(50.0 * (50.0 / 40.0) ** 2, abs=TOLERANCE)


def test_linear_can_be_asked_for_and_differs_from_geometric():
    series, target = CASES["fixed_higher_on_track"]["series"], {"kind": "fixed", "value": 100}

    linear = assess(series, "higher", target, method="linear")

    assert linear.method == "linear"
    assert linear.anticipated_2030 != run(CASES["fixed_higher_on_track"]).anticipated_2030


def test_linear_two_points_extend_the_straight_line():
    result = assess([(2015, 10.0), (2020, 20.0)], "higher", {"kind": "fixed", "value": 100}, method="linear")

    assert result.anticipated_2030 == pytest.approx(40.0, abs=TOLERANCE)


def test_linear_does_not_project_a_non_negative_series_below_zero():
    result = assess([(2015, 10.0), (2020, 5.0)], "lower", {"kind": "fixed", "value": 1}, method="linear")

    assert (result.anticipated_2030, result.category) == (0.0, Category.ON_TRACK)


def test_linear_projects_a_negative_series_below_zero():
    result = assess([(2015, -1.0), (2020, -6.0)], "lower", {"kind": "fixed", "value": -30})

    assert (result.method, result.anticipated_2030) == ("linear", pytest.approx(-16.0, abs=TOLERANCE))


def test_explosive_growth_overflows_to_infinity_without_failing():
    result = assess([(2015, 1e-99), (2016, 1e99)], "higher", {"kind": "fixed", "value": 1e100})

    assert (result.anticipated_2030, result.ratio, result.category) == (math.inf, math.inf, Category.ON_TRACK)


def test_huge_values_keep_the_linear_fit_finite():
    result = assess([(2015, -9e99), (2020, 9e99)], "higher", {"kind": "fixed", "value": 1e100})

    assert result.anticipated_2030 == pytest.approx(4.5e100, rel=1e-9)
    assert result.category == Category.ON_TRACK


# --- §2.4–2.5 Category and current status --------------------------------------------------


def test_category_is_decided_on_the_unrounded_ratio():
    # Î_T = 3 × 31.66666665 = 94.99999995, so r = 0.9499999995: stored as 0.95, but below it.
    result = assess([(2015, 0.0), (2020, 31.66666665)], "higher", {"kind": "fixed", "value": 100})

    assert (result.ratio, result.category) == (0.95, Category.ACCELERATION_NEEDED)


def test_current_status_is_floored_at_minus_one():
    result = assess([(2015, 50.0), (2020, 10.0)], "higher", {"kind": "fixed", "value": 60})

    assert (result.current_status, result.category) == (-1.0, Category.REGRESSING)


def test_baseline_equal_to_the_target_then_lost_is_regressing_at_minus_one():
    result = assess([(2015, 50.0), (2020, 40.0)], "higher", {"kind": "fixed", "value": 50})

    assert (result.ratio, result.current_status, result.category) == (None, -1.0, Category.REGRESSING)


def test_target_met_at_the_baseline_and_still_met_is_achieved_without_a_ratio():
    result = assess([(2015, 3.0), (2020, 2.0)], "lower", {"kind": "fixed", "value": 5})

    assert (result.ratio, result.current_status, result.category) == (None, 1.0, Category.TARGET_ACHIEVED)


def test_lower_is_better_takes_its_sign_from_the_required_change():
    falling = assess([(2015, 20.0), (2020, 15.0)], "lower", {"kind": "fixed", "value": 10})
    rising = assess([(2015, 20.0), (2020, 25.0)], "lower", {"kind": "fixed", "value": 10})

    assert (falling.current_status, falling.ratio > 0) == (0.5, True)
    assert (rising.current_status, rising.category) == (-0.5, Category.REGRESSING)


# --- §3 Aggregation -------------------------------------------------------------------------


def child(category="on_track", ratio=0.5, current_status=0.5, latest_year=2020, baseline_year=2015):
    return {
        "category": category,
        "ratio": ratio,
        "current_status": current_status,
        "baseline_year": baseline_year,
        "target_year": 2030,
        "latest_year": latest_year,
    }


@pytest.mark.parametrize(
    ("ratio", "category"),
    [
        (0.95, Category.ON_TRACK),
        (0.9499999, Category.ACCELERATION_NEEDED),
        (0.5, Category.ACCELERATION_NEEDED),
        (0.4999999, Category.LIMITED_PROGRESS),
        (0.0, Category.LIMITED_PROGRESS),
        (-0.0000001, Category.REGRESSING),
    ],
)
def test_thresholds_are_inclusive_from_below(ratio, category):
    assert aggregate([child(ratio=ratio)]).category == category


def test_aggregate_clamps_ratios_and_scores_a_lost_target_minus_one():
    result = aggregate([child(ratio=7.0), child(ratio=-9.0), child(category="regressing", ratio=None)])

    assert result.anticipated_index == pytest.approx((1 - 1 - 1) / 3, abs=TOLERANCE)


def test_aggregate_leaves_out_insufficient_children_and_counts_them():
    result = aggregate([child(current_status=0.2), child(category="insufficient_data", ratio=None)])

    assert (result.current_status_index, result.count, result.total) == (0.2, 1, 2)


def test_aggregate_of_nothing_or_only_insufficient_children_is_insufficient():
    assert aggregate([]).category == Category.INSUFFICIENT_DATA
    result = aggregate([run(CASES["single_point_insufficient"])])
    assert (result.category, result.current_status_index, result.anticipated_index) == (
        Category.INSUFFICIENT_DATA,
        None,
        None,
    )


def test_aggregate_is_target_achieved_only_when_every_child_is():
    achieved = child(category="target_achieved", ratio=None, current_status=1.0)

    assert aggregate([achieved, achieved]).category == Category.TARGET_ACHIEVED
    assert aggregate([achieved, child(ratio=1.0)]).category == Category.ON_TRACK


def test_aggregates_nest_series_into_indicators_into_goals():
    indicator_a = aggregate([child(ratio=1.0, current_status=0.6), child(ratio=0.0, current_status=0.2)])
    indicator_b = aggregate([child(ratio=-0.5, current_status=-0.4, latest_year=2023)])

    goal = aggregate([indicator_a, indicator_b.as_dict()])

    assert (goal.anticipated_index, goal.current_status_index) == (0.0, 0.0)
    assert (goal.category, goal.latest_year) == (Category.LIMITED_PROGRESS, 2023)
    assert isinstance(goal, Aggregate)


def test_aggregate_refuses_results_with_different_baselines():
    with pytest.raises(ProgressInputError, match="different baseline"):
        aggregate([child(baseline_year=2015), child(baseline_year=2019)])


@pytest.mark.parametrize(
    ("current_status", "band"),
    [(0.4, CurrentStatusBand.EXPECTED_PROGRESS), (0.2, CurrentStatusBand.BEHIND), (0.0, CurrentStatusBand.REGRESSED)],
)
def test_current_status_index_is_placed_against_the_expected_progress_line(current_status, band):
    result = aggregate([child(current_status=current_status, latest_year=2021)])

    assert (result.expected_progress, result.current_status_band) == (0.4, band)


def test_expected_progress_since_the_first_vnr_is_the_share_of_the_remaining_time():
    assert expected_progress(2023, baseline_year=2019) == pytest.approx(4 / 11, abs=TOLERANCE)


# --- §6 First and second VNR ----------------------------------------------------------------


def test_compare_with_first_vnr_rebases_and_classifies_as_it_stood_then():
    case = CASES["vnr_rebased_2019_relative_target_2015_anchor"]

    comparison = compare_with_first_vnr(case["series"], case["polarity"], case["target"], first_vnr_year=2019)

    assert_numbers(comparison.since_first_vnr, case["expected"])
    assert comparison.since_2015 == assess(case["series"], case["polarity"], case["target"])
    assert comparison.at_first_vnr == assess(case["series"][:3], case["polarity"], case["target"])
    assert comparison.transition == (comparison.at_first_vnr.category, comparison.since_2015.category)
    assert (comparison.points_at_first_vnr, comparison.points_now, comparison.gained_data) == (3, 5, False)


def test_a_series_with_one_point_at_the_first_vnr_gained_data():
    series = [(2018, 20.0), (2021, 24.0), (2023, 27.0)]

    comparison = compare_with_first_vnr(series, "higher", {"kind": "fixed", "value": 50}, first_vnr_year=2019)

    assert comparison.gained_data is True
    assert comparison.transition == (Category.INSUFFICIENT_DATA, comparison.since_2015.category)


# --- Labels ---------------------------------------------------------------------------------


def test_every_category_has_a_label_and_an_escap_wording():
    assert {str(label) for label in Category.labels} >= {"On track", "Regressing", "Insufficient data"}
    assert set(ESCAP_DASHBOARD_WORDING) == set(Category)
    assert run(CASES["fixed_higher_on_track"]).category_label == "On track"
    assert str(CATEGORY_LABELS["acceleration_needed"]) == "Acceleration needed"
