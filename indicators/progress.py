"""The SDG progress assessment: ESCAP's Current Status and Anticipated Progress indices.

A pure module: no models, no database, no settings needed. It implements
`data/methods/progress-assessment.md` (a copy of the project's shared method document) rule
by rule; the section numbers below (§2.1 …) are that document's. Every case of
`data/methods/progress-vectors.json` is a test (tests/test_progress.py).

    assess(series, polarity, target, baseline_year=2015, target_year=2030, method=None)
        -> Assessment           (one series: a sub-indicator or a disaggregation)
    aggregate(children)  -> Aggregate   (series -> indicator -> target -> Goal)
    compare_with_first_vnr(series, polarity, target, first_vnr_year) -> VnrComparison (§6)

`series` is pairs `(year, value)` (a value of None is a gap and is left out), `polarity`
is "higher" or "lower", `target` a mapping as the vectors write it:
`{"kind": "fixed", "value": 100}`, `{"kind": "relative", "factor": 0.5}` or
`{"kind": "direction"}`. Malformed input raises `ProgressInputError` (a `ValueError`);
too little data is not an error but the category `insufficient_data`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from decimal import Decimal
from numbers import Real
from typing import Any

from django.db.models.enums import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# §1: points before TREND_START and at or after the target year are ignored.
TREND_START = 2000
BASELINE_YEAR = 2015
TARGET_YEAR = 2030
# §1: a relative (or direction) target is anchored on the 2015 value, whatever the baseline.
RELATIVE_ANCHOR_YEAR = 2015
# §2.2: fewer points than this is insufficient data.
MIN_POINTS = 2
# §2.4 and §3: the thresholds on the anticipated progress ratio (classify unrounded values).
ON_TRACK_FROM = 0.95
ACCELERATION_NEEDED_FROM = 0.5
LIMITED_PROGRESS_FROM = 0.0
# §2.5: the current status is floored here; §3: the anticipated score is clamped to ±1.
SCORE_FLOOR = -1.0
SCORE_CEILING = 1.0
# §4: stored numbers are rounded to this many decimals.
DECIMALS = 6
# A bound far beyond any published statistic (GDP in the smallest currency unit is ~1e17)
# that keeps every intermediate sum finite.
MAX_ABS_VALUE = 1e100


class Category(TextChoices):
    """§2.4: the progress category of a series, an indicator, a target or a Goal."""

    TARGET_ACHIEVED = "target_achieved", gettext_lazy("Target achieved")
    ON_TRACK = "on_track", gettext_lazy("On track")
    ACCELERATION_NEEDED = "acceleration_needed", gettext_lazy("Acceleration needed")
    LIMITED_PROGRESS = "limited_progress", gettext_lazy("Limited progress")
    REGRESSING = "regressing", gettext_lazy("Regressing")
    INSUFFICIENT_DATA = "insufficient_data", gettext_lazy("Insufficient data")


# The labels to show, by stored value: {"on_track": "On track", …} (translated lazily).
CATEGORY_LABELS = {category.value: category.label for category in Category}

# §2.4, last column: ESCAP's published dashboard has three groups (and no data); the
# portal's five categories map onto them. Shown beside the category, e.g. in the annex.
ESCAP_DASHBOARD_WORDING = {
    Category.TARGET_ACHIEVED: gettext_lazy("Maintain progress"),
    Category.ON_TRACK: gettext_lazy("Maintain progress"),
    Category.ACCELERATION_NEEDED: gettext_lazy("Accelerate progress"),
    Category.LIMITED_PROGRESS: gettext_lazy("Accelerate progress"),
    Category.REGRESSING: gettext_lazy("Reverse trend"),
    Category.INSUFFICIENT_DATA: gettext_lazy("Insufficient data"),
}


class Polarity(TextChoices):
    HIGHER = "higher", gettext_lazy("Higher is better")
    LOWER = "lower", gettext_lazy("Lower is better")


class TargetKind(TextChoices):
    FIXED = "fixed", gettext_lazy("A value to reach")
    RELATIVE = "relative", gettext_lazy("A multiple of the 2015 value")
    DIRECTION = "direction", gettext_lazy("A direction only")


class Method(TextChoices):
    GEOMETRIC = "geometric", gettext_lazy("Geometric (time-weighted growth rate)")
    LINEAR = "linear", gettext_lazy("Linear (time-weighted regression)")


class CurrentStatusBand(TextChoices):
    """§3: a Goal's Current Status Index against the expected-progress line."""

    EXPECTED_PROGRESS = "expected_progress", gettext_lazy("Expected progress made")
    BEHIND = "behind", gettext_lazy("Progress made, but behind")
    REGRESSED = "regressed", gettext_lazy("Regressed since the baseline")


# §1: a direction-only target gets the default relative target: double or halve 2015.
DIRECTION_FACTORS = {Polarity.HIGHER: 2.0, Polarity.LOWER: 0.5}


class ProgressInputError(ValueError):
    """The series, polarity, target or years handed to the assessment are malformed."""


@dataclass(frozen=True)
class Assessment:
    """The result for one series (§4), with what the statistician needs to see the fallbacks.

    The six pinned fields are `baseline_value` (I_b), `target_value` (TV),
    `anticipated_2030` (Î_T, for whatever target year was asked), `ratio` (r),
    `current_status` (cs) and `category`, every number rounded to 6 decimals and None for
    `insufficient_data`; `ratio` is also None when the baseline already met the target.
    `anticipated_2030` and `ratio` are ±inf only when geometric growth overflows a float.

    `method` is the model actually used (None when insufficient); `effective_baseline_year`
    is b′ (it moves to the first observation when the data start after the baseline).
    `latest_year`/`latest_value` are the last observation in the window, given even for
    insufficient data, and `latest_meets_target` says whether it meets the target when the
    target can be computed: §2.2 shows that fact in the UI, never as a category.
    """

    category: str
    baseline_value: float | None
    target_value: float | None
    anticipated_2030: float | None
    ratio: float | None
    current_status: float | None
    method: str | None
    baseline_year: int
    effective_baseline_year: int | None
    target_year: int
    polarity: str
    point_count: int
    latest_year: int | None
    latest_value: float | None
    latest_meets_target: bool | None

    @property
    def is_insufficient(self) -> bool:
        return self.category == Category.INSUFFICIENT_DATA

    @property
    def gap(self) -> float | None:
        """ESCAP's "progress gap" (TV − Î_T)/(TV − I_b) = 1 − r, shown when not on track."""
        return None if self.ratio is None else _rounded(1.0 - self.ratio)

    @property
    def category_label(self) -> str:
        return str(Category(self.category).label)

    def anticipated_within(self, lower: float | None = None, upper: float | None = None) -> float | None:
        """§2.3: Î_T as the UI shows it, kept within the indicator's natural bounds (a
        percentage projected to 124 shows as 100); the category is unaffected."""
        value = self.anticipated_2030
        if value is None:
            return None
        if upper is not None:
            value = min(value, upper)
        if lower is not None:
            value = max(value, lower)
        return value

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Aggregate:
    """§3: the indices of an indicator, a target or a Goal from its children's results.

    `current_status_index` is the mean current status, `anticipated_index` the mean
    anticipated score; both None (and the category `insufficient_data`) when no child has
    a result. `expected_progress` is e = (c − b)/(T − b) with c the latest data year, and
    `current_status_band` places the index against it.
    """

    current_status_index: float | None
    anticipated_index: float | None
    category: str
    count: int
    total: int
    baseline_year: int | None
    target_year: int | None
    latest_year: int | None
    expected_progress: float | None
    current_status_band: str | None

    @property
    def is_insufficient(self) -> bool:
        return self.category == Category.INSUFFICIENT_DATA

    @property
    def category_label(self) -> str:
        return str(Category(self.category).label)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class VnrComparison:
    """§6: one series assessed since 2015, since the first VNR, and as it stood then."""

    first_vnr_year: int
    since_2015: Assessment
    since_first_vnr: Assessment
    at_first_vnr: Assessment
    points_at_first_vnr: int
    points_now: int

    @property
    def transition(self) -> tuple[str, str]:
        """(category at the first VNR, category now): the "what changed" table's row."""
        return (self.at_first_vnr.category, self.since_2015.category)

    @property
    def gained_data(self) -> bool:
        """§6.4: fewer than two points at the first VNR, enough now."""
        return self.points_at_first_vnr < MIN_POINTS <= self.points_now


# --- Input ------------------------------------------------------------------------------


def _shown(value: Any) -> str:
    """`value` as it appears in an error message: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _number(value: Any, describe: Callable[[], str]) -> float:
    """`value` as a finite float of a plausible size; `describe()` names it in the error."""
    if type(value) is float and math.isfinite(value) and abs(value) <= MAX_ABS_VALUE:
        return value  # the usual case, without the abstract-class checks below (thousands a page)
    if isinstance(value, bool) or not isinstance(value, Real | Decimal):
        raise ProgressInputError(
            _("%(what)s is not a number: %(value)s.") % {"what": describe(), "value": _shown(value)}
        )
    try:
        number = float(value)
    except (ArithmeticError, ValueError):  # an int beyond a float, a signalling Decimal NaN
        number = math.nan
    if not math.isfinite(number) or abs(number) > MAX_ABS_VALUE:
        raise ProgressInputError(
            _("%(what)s is not a finite number of a plausible size: %(value)s.")
            % {"what": describe(), "value": _shown(value)}
        )
    return number


def _year(value: Any, describe: Callable[[], str]) -> int:
    if type(value) is int:
        return value  # the usual case, without the abstract-class checks below
    if isinstance(value, bool) or not isinstance(value, Real | Decimal) or not _is_whole(value):
        raise ProgressInputError(
            _("%(what)s is not a whole year: %(value)s.") % {"what": describe(), "value": _shown(value)}
        )
    return int(value)


def _is_whole(value: Real | Decimal) -> bool:
    try:
        return value == int(value)
    except (ArithmeticError, ValueError):  # inf, nan
        return False


def _points(series: Iterable[Any], target_year: int) -> list[tuple[int, float]]:
    """§1: the observations in the window [2000, T), sorted by year; None values are gaps."""
    values: dict[int, float] = {}
    for item in series:
        try:
            raw_year, raw_value = item
        except (TypeError, ValueError):
            raise ProgressInputError(
                _("An observation is not a (year, value) pair: %(item)s.") % {"item": _shown(item)}
            ) from None
        year = _year(raw_year, lambda: _("A year"))
        if raw_value is None:
            continue
        value = _number(raw_value, lambda year=year: _("The value of %(year)s") % {"year": year})
        if year in values:
            raise ProgressInputError(_("The year %(year)s appears twice in the series.") % {"year": year})
        values[year] = value
    return sorted((year, value) for year, value in values.items() if TREND_START <= year < target_year)


def _polarity(polarity: Any) -> Polarity:
    try:
        return Polarity(polarity)
    except ValueError:
        raise ProgressInputError(
            _("The polarity must be “higher” or “lower”, not %(value)s.") % {"value": _shown(polarity)}
        ) from None


def _method(method: Any) -> Method:
    if method is None:
        return Method.GEOMETRIC
    try:
        return Method(method)
    except ValueError:
        raise ProgressInputError(
            _("The method must be “geometric” or “linear”, not %(value)s.") % {"value": _shown(method)}
        ) from None


def _target_value(target: Any, polarity: Polarity, points: list[tuple[int, float]]) -> float | None:
    """§1 and §2.1: TV, or None when a relative target has no positive 2015 value."""
    if not isinstance(target, Mapping):
        raise ProgressInputError(
            _("The target must be a mapping with a “kind”, not %(value)s.") % {"value": _shown(target)}
        )
    try:
        kind = TargetKind(target.get("kind"))
    except ValueError:
        raise ProgressInputError(
            _("The target's kind must be “fixed”, “relative” or “direction”, not %(value)s.")
            % {"value": _shown(target.get("kind"))}
        ) from None
    if kind == TargetKind.FIXED:
        return _number(target.get("value"), lambda: _("The target value"))
    if kind == TargetKind.RELATIVE:
        factor = _number(target.get("factor"), lambda: _("The target factor"))
        if factor <= 0:
            raise ProgressInputError(
                _("The target factor must be above zero, not %(value)s.") % {"value": _shown(factor)}
            )
    else:
        factor = DIRECTION_FACTORS[polarity]
    anchor = _value_at(points, RELATIVE_ANCHOR_YEAR)
    if anchor is None or anchor[0] <= 0:
        return None
    return factor * anchor[0]


# --- §2.1 Value in a given year ---------------------------------------------------------


def _value_at(points: list[tuple[int, float]], year: int) -> tuple[float, int] | None:
    """(v(y), the effective year): observed, interpolated, or the first later observation."""
    before = after = None
    for point in points:
        if point[0] == year:
            return point[1], year
        if point[0] < year:
            before = point
        elif after is None:
            after = point
    if before and after:
        share = (year - before[0]) / (after[0] - before[0])
        return before[1] + (after[1] - before[1]) * share, year
    if after:
        return after[1], after[0]
    return None


# --- §2.3 Anticipated value at T ----------------------------------------------------------


def _weighted(points: list[tuple[int, float]], target_year: int) -> list[tuple[float, int, float]]:
    """(w_i, t_i, x_i) with w_i = (T − t_0)/(T − t_i): 1 for the first point, growing towards T."""
    first = points[0][0]
    return [((target_year - first) / (target_year - year), year, value) for year, value in points]


def _geometric(points: list[tuple[int, float]], target_year: int) -> float:
    """Î_T from the time-weighted mean annual log-growth (every value > 0)."""
    weighted = _weighted(points, target_year)
    # Each interval (t_{i−1}, t_i] carries the weight of its end year.
    intervals = [(w, t - previous[1], math.log(x) - math.log(previous[2])) for previous, (w, t, x) in _pairs(weighted)]
    growth = sum(w * log_growth for w, _years, log_growth in intervals) / sum(w * years for w, years, _g in intervals)
    last_year, last_value = points[-1]
    try:
        return last_value * math.exp(growth * (target_year - last_year))
    except OverflowError:
        return math.inf


def _pairs(items: list) -> list[tuple]:
    return [(items[index - 1], items[index]) for index in range(1, len(items))]


def _linear(points: list[tuple[int, float]], target_year: int) -> float:
    """Î_T from time-weighted least squares, floored at 0 for a non-negative series."""
    # Values scaled to at most 1 so that no sum of squares can overflow, whatever the unit.
    scale = max(abs(x) for _t, x in points) or 1.0
    weighted = [(w, t, x / scale) for w, t, x in _weighted(points, target_year)]
    total = sum(w for w, _t, _x in weighted)
    mean_t = sum(w * t for w, t, _x in weighted) / total
    mean_x = sum(w * x for w, _t, x in weighted) / total
    spread = sum(w * (t - mean_t) ** 2 for w, t, _x in weighted)
    slope = sum(w * (t - mean_t) * (x - mean_x) for w, t, x in weighted) / spread
    anticipated = (mean_x + slope * (target_year - mean_t)) * scale
    if anticipated < 0 and all(x >= 0 for _t, x in points):
        return 0.0
    return anticipated


# --- §2.4–2.5 Category and current status -------------------------------------------------


def _meets(value: float, target: float, polarity: Polarity) -> bool:
    return value >= target if polarity == Polarity.HIGHER else value <= target


def _category_of_ratio(ratio: float) -> Category:
    if ratio >= ON_TRACK_FROM:
        return Category.ON_TRACK
    if ratio >= ACCELERATION_NEEDED_FROM:
        return Category.ACCELERATION_NEEDED
    if ratio >= LIMITED_PROGRESS_FROM:
        return Category.LIMITED_PROGRESS
    return Category.REGRESSING


def _rounded(number: float | None) -> float | None:
    if number is None or not math.isfinite(number):
        return number
    return round(number, DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0


def assess(
    series: Iterable[Any],
    polarity: str,
    target: Mapping[str, Any],
    baseline_year: int = BASELINE_YEAR,
    target_year: int = TARGET_YEAR,
    method: str | None = None,
) -> Assessment:
    """The progress assessment of one series (§2), as the vectors pin it (§4).

    `method` None is the default model (geometric); the geometric model falls back to the
    linear one when a value in the window is zero or negative, and `Assessment.method`
    says which ran. Raises ProgressInputError for malformed input, never for too little
    data (that is the category `insufficient_data`).
    """
    polarity = _polarity(polarity)
    requested = _method(method)
    baseline_year = _year(baseline_year, lambda: _("The baseline year"))
    target_year = _year(target_year, lambda: _("The target year"))
    if baseline_year >= target_year:
        raise ProgressInputError(
            _("The baseline year (%(baseline)s) must come before the target year (%(target)s).")
            % {"baseline": baseline_year, "target": target_year}
        )
    points = _points(series, target_year)
    target_value = _target_value(target, polarity, points)
    latest_year, latest_value = points[-1] if points else (None, None)
    baseline = _value_at(points, baseline_year)

    # §2.2 Minimum data.
    if len(points) < MIN_POINTS or baseline is None or target_value is None or latest_year <= baseline[1]:
        return Assessment(
            category=Category.INSUFFICIENT_DATA.value,
            baseline_value=None,
            target_value=None,
            anticipated_2030=None,
            ratio=None,
            current_status=None,
            method=None,
            baseline_year=baseline_year,
            effective_baseline_year=None,
            target_year=target_year,
            polarity=polarity.value,
            point_count=len(points),
            latest_year=latest_year,
            latest_value=latest_value,
            latest_meets_target=(
                None if target_value is None or latest_value is None else _meets(latest_value, target_value, polarity)
            ),
        )
    baseline_value, effective_baseline_year = baseline

    # §2.3 Anticipated value at T.
    used = requested
    if used == Method.GEOMETRIC and any(x <= 0 for _t, x in points):
        used = Method.LINEAR
    anticipated = _geometric(points, target_year) if used == Method.GEOMETRIC else _linear(points, target_year)

    # §2.4 Required change, ratio, category; §2.5 current status.
    required = target_value - baseline_value
    direction = 1.0 if polarity == Polarity.HIGHER else -1.0
    latest_meets = _meets(latest_value, target_value, polarity)
    if _meets(baseline_value, target_value, polarity):
        ratio = None
        category = Category.TARGET_ACHIEVED if latest_meets else Category.REGRESSING
        if latest_meets:
            current_status = 1.0
        elif required == 0:
            current_status = SCORE_FLOOR
        else:
            current_status = max(SCORE_FLOOR, direction * (latest_value - baseline_value) / abs(required))
    else:
        ratio = (anticipated - baseline_value) / required
        category = Category.TARGET_ACHIEVED if latest_meets else _category_of_ratio(ratio)
        current_status = 1.0 if latest_meets else max(SCORE_FLOOR, (latest_value - baseline_value) / required)

    return Assessment(
        category=category.value,
        baseline_value=_rounded(baseline_value),
        target_value=_rounded(target_value),
        anticipated_2030=_rounded(anticipated),
        ratio=_rounded(ratio),
        current_status=_rounded(current_status),
        method=used.value,
        baseline_year=baseline_year,
        effective_baseline_year=effective_baseline_year,
        target_year=target_year,
        polarity=polarity.value,
        point_count=len(points),
        latest_year=latest_year,
        latest_value=latest_value,
        latest_meets_target=latest_meets,
    )


# --- §3 Aggregation -----------------------------------------------------------------------


def _field(child: Any, name: str) -> Any:
    return child[name] if isinstance(child, Mapping) else getattr(child, name)


def _has(child: Any, name: str) -> bool:
    return name in child if isinstance(child, Mapping) else hasattr(child, name)


def _scores(child: Any) -> tuple[float, float, bool]:
    """(current status, anticipated score, target achieved) of a series or a lower level."""
    achieved = _field(child, "category") == Category.TARGET_ACHIEVED
    if _has(child, "anticipated_index"):  # an Aggregate (or its as_dict())
        return _field(child, "current_status_index"), _field(child, "anticipated_index"), achieved
    ratio = _field(child, "ratio")
    if achieved:
        score = SCORE_CEILING
    elif ratio is None:  # met at the baseline, then lost
        score = SCORE_FLOOR
    else:
        score = min(SCORE_CEILING, max(SCORE_FLOOR, ratio))
    return _field(child, "current_status"), score, achieved


def expected_progress(latest_year: int, baseline_year: int = BASELINE_YEAR, target_year: int = TARGET_YEAR) -> float:
    """§3: e = (c − b)/(T − b), the share of the time to T that has passed by year c."""
    return _rounded((latest_year - baseline_year) / (target_year - baseline_year))


def current_status_band(index: float, expected: float) -> CurrentStatusBand:
    """§3: regressed (≤ 0), behind (0 < CSI < e) or the expected progress made (≥ e)."""
    if index <= 0:
        return CurrentStatusBand.REGRESSED
    if index >= expected:
        return CurrentStatusBand.EXPECTED_PROGRESS
    return CurrentStatusBand.BEHIND


def aggregate(children: Iterable[Any]) -> Aggregate:
    """§3: the unweighted means of the children that have a result.

    Children are Assessments (series into an indicator, or indicators into a Goal as the
    vectors' goal cases do), Aggregates (indicators into targets, targets into Goals), or
    their `as_dict()`s read back from storage. `insufficient_data` children are left out;
    the parent is `target_achieved` only if every child is, and otherwise its mean
    anticipated score is classified with the §2.4 thresholds. Children assessed against
    different baseline or target years cannot be averaged: ProgressInputError.
    """
    children = list(children)
    counted = [child for child in children if _field(child, "category") != Category.INSUFFICIENT_DATA]
    years = {(_field(child, "baseline_year"), _field(child, "target_year")) for child in counted}
    if len(years) > 1:
        raise ProgressInputError(_("Results assessed against different baseline or target years cannot be averaged."))
    if not counted:
        return Aggregate(
            current_status_index=None,
            anticipated_index=None,
            category=Category.INSUFFICIENT_DATA.value,
            count=0,
            total=len(children),
            baseline_year=None,
            target_year=None,
            latest_year=None,
            expected_progress=None,
            current_status_band=None,
        )
    scores = [_scores(child) for child in counted]
    status_index = sum(status for status, _score, _achieved in scores) / len(scores)
    anticipated_index = sum(score for _status, score, _achieved in scores) / len(scores)
    if all(achieved for _status, _score, achieved in scores):
        category = Category.TARGET_ACHIEVED
    else:
        category = _category_of_ratio(anticipated_index)
    (baseline_year, target_year) = years.pop()
    latest_years = [year for year in (_field(child, "latest_year") for child in counted) if year is not None]
    latest_year = max(latest_years) if latest_years else None
    expected = None if latest_year is None else expected_progress(latest_year, baseline_year, target_year)
    return Aggregate(
        current_status_index=_rounded(status_index),
        anticipated_index=_rounded(anticipated_index),
        category=category.value,
        count=len(counted),
        total=len(children),
        baseline_year=baseline_year,
        target_year=target_year,
        latest_year=latest_year,
        expected_progress=expected,
        current_status_band=None if expected is None else current_status_band(status_index, expected).value,
    )


# --- §6 Comparing first and second VNR ----------------------------------------------------


def compare_with_first_vnr(
    series: Iterable[Any],
    polarity: str,
    target: Mapping[str, Any],
    first_vnr_year: int,
    target_year: int = TARGET_YEAR,
    method: str | None = None,
) -> VnrComparison:
    """§6: the same computation since 2015 and since the first VNR (only the baseline
    changes, a relative target stays anchored on 2015), and the category as it stood at
    the first VNR: since 2015 with only the data up to that year. Pass the first VNR's
    snapshot as `series` to judge it on the figures it had rather than later revisions.
    """
    series = list(series)
    first_vnr_year = _year(first_vnr_year, lambda: _("The year of the first VNR"))
    target_year = _year(target_year, lambda: _("The target year"))
    until_then = [item for item in series if _is_pair_up_to(item, first_vnr_year)]
    return VnrComparison(
        first_vnr_year=first_vnr_year,
        since_2015=assess(series, polarity, target, BASELINE_YEAR, target_year, method),
        since_first_vnr=assess(series, polarity, target, first_vnr_year, target_year, method),
        at_first_vnr=assess(until_then, polarity, target, BASELINE_YEAR, target_year, method),
        points_at_first_vnr=len(_points(until_then, target_year)),
        points_now=len(_points(series, target_year)),
    )


def _is_pair_up_to(item: Any, year: int) -> bool:
    # Malformed items are kept, so that assess() reports them rather than this filter.
    try:
        return _year(item[0], str) <= year
    except (TypeError, IndexError, KeyError, ProgressInputError):
        return True
