"""The progress assessment applied to a country's data: every series with a desired
direction assessed on its headline figures since 2015 and since the first VNR, with the
statistician's overrides beside the computed categories, and the Goal-level aggregates.

Reads only (a fixed number of queries whatever the number of observations); the method
itself is the pure `indicators.progress`. Call it as::

    progress = country_progress("GBR", first_vnr_year=2019, first_vnr_snapshot=snapshot)
    progress[0].since_2015.category, progress[0].category   # computed, shown (override wins)
    goals = goal_aggregates(progress)                         # {goal number: Aggregate}
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from indicators.evidence.models import (
    NationalTarget,
    Observation,
    ProgressOverride,
    Series,
    disaggregation_key,
)
from indicators.evidence.selectors import series_for_country
from indicators.progress import BASELINE_YEAR, TARGET_YEAR, Aggregate, Assessment, aggregate, assess
from vnr_portal.common.caching import page_cache

HEADLINE_KEY = disaggregation_key({})

# The computed assessments are cached (the default cache: each process's memory in
# development, Redis in production) under a key made of everything they are computed from,
# as read from the database on the same request: each series' current version (observations
# of a version never change; an import makes a new version), its desired direction, its
# national targets, the first VNR's year and snapshot. Any write that can change a result
# changes the key, so no process ever serves a stale one; overrides are read every time.
# Bump METHOD_VERSION when the method's code changes what it computes.
METHOD_VERSION = "1"
PROGRESS_CACHE_SECONDS = 24 * 60 * 60
_DIGITS = re.compile(r"(\d+)")


def goal_number_of(code: str) -> int:
    """The Goal of an indicator code, global or national ("8.3.1.1" -> 8)."""
    return int(code.split(".", 1)[0])


def target_code_of(code: str) -> str:
    """The target of an indicator code ("8.3.1.1" -> "8.3")."""
    return ".".join(code.split(".")[:2])


def assessed_target(targets: Iterable[NationalTarget]) -> NationalTarget | None:
    """Of a series' national targets, the one the assessment uses: the one set for 2030,
    else the latest year set; None without any."""
    targets = list(targets)
    chosen = next((target for target in targets if target.year == TARGET_YEAR), None)
    return chosen or max(targets, key=lambda target: target.year, default=None)


def target_of(series: Series, targets: dict[int, list[NationalTarget]]) -> dict:
    """The target as `progress.assess` takes it: the assessed national target's value, else
    the direction only."""
    chosen = assessed_target(targets.get(series.pk) or [])
    return {"kind": "direction"} if chosen is None else {"kind": "fixed", "value": chosen.value}


@dataclass(frozen=True)
class SeriesProgress:
    """One series' assessments. The Assessments are None when the series has no desired
    direction (it is then listed as not assessed); `since_first_vnr` and `at_first_vnr`
    are None without a first VNR. `at_first_vnr` is judged on the first VNR's own figures
    (its snapshot) when one was recorded."""

    series: Series
    since_2015: Assessment | None
    since_first_vnr: Assessment | None
    at_first_vnr: Assessment | None
    override_2015: ProgressOverride | None
    override_first_vnr: ProgressOverride | None
    points_at_first_vnr: int

    @property
    def is_assessed(self) -> bool:
        return self.since_2015 is not None

    @property
    def category(self) -> str | None:
        """The category shown since 2015: the override's when there is one."""
        return _shown(self.since_2015, self.override_2015)

    @property
    def category_since_first_vnr(self) -> str | None:
        return _shown(self.since_first_vnr, self.override_first_vnr)

    @property
    def goal_number(self) -> int:
        return goal_number_of(self.series.indicator_code)


def _shown(assessment: Assessment | None, override: ProgressOverride | None) -> str | None:
    if override is not None and override.category:
        return override.category
    return assessment.category if assessment is not None else None


@lru_cache(maxsize=4096)  # a few distinct periods ("", "2013 Q1"…) on thousands of rows
def period_order(period: str) -> tuple:
    """A key that orders periods of one year naturally, as the source writes them:
    "2013 M9" before "2013 M10", "2013 Q2" before "2013 Q4" (text order would not)."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in _DIGITS.split(period) if part)


def _by_year(rows) -> dict[int, list[tuple[int, float]]]:
    """{id: [(year, value)]} from (id, year, period, value) rows: one value a year, the
    one of its last period."""
    last: dict[int, dict[int, tuple[tuple, float]]] = defaultdict(dict)
    for key, year, period, value in rows:
        order = period_order(period)
        seen = last[key].get(year)
        if seen is None or order >= seen[0]:
            last[key][year] = (order, value)
    return {key: sorted((year, value) for year, (_order, value) in by_year.items()) for key, by_year in last.items()}


def headline_points(version_ids: Iterable[int]) -> dict[int, list[tuple[int, float]]]:
    """{version id: [(year, value)]} of the headline (no breakdown) figures (1 query).
    Periods within a year (2013 Q1) count once, by the value of the last one."""
    rows = (
        Observation.objects.filter(version_id__in=list(version_ids), key=HEADLINE_KEY)
        .order_by("version_id", "year", "period")
        .values_list("version_id", "year", "period", "value")
    )
    return _by_year(rows)


def latest_overrides(series_ids: Iterable[int]) -> dict[tuple[int, int], ProgressOverride]:
    """{(series id, baseline year): the override that counts} (1 query)."""
    latest: dict[tuple[int, int], ProgressOverride] = {}
    for override in ProgressOverride.objects.filter(series_id__in=list(series_ids)).select_related("created_by"):
        latest.setdefault((override.series_id, override.baseline_year), override)  # newest first (Meta.ordering)
    return latest


class Assessed(list):
    """The list `country_progress` returns: its SeriesProgress, and the cache key of their
    computed assessments, under which `goal_aggregates` keeps its own results."""

    def __init__(self, items, key: str):
        super().__init__(items)
        self.key = key
        self.size = len(self)


def country_progress(
    country: str,
    *,
    first_vnr_year: int | None = None,
    first_vnr_snapshot=None,
    series: Iterable[Series] | None = None,
) -> list[SeriesProgress]:
    """Every series of the country (or the given ones, loaded by `series_for_country`)
    assessed, in indicator order: 4 queries, 5 with a snapshot, when computed; the series,
    targets and overrides (3, 2 with `series` given) when cached from an earlier request
    with the same data."""
    series = list(series_for_country(country) if series is None else series)
    ids = [item.pk for item in series]
    targets: dict[int, list[NationalTarget]] = defaultdict(list)
    for target in NationalTarget.objects.filter(series_id__in=ids).order_by("pk"):
        targets[target.series_id].append(target)
    overrides = latest_overrides(ids)
    snapshot_id = getattr(first_vnr_snapshot, "pk", first_vnr_snapshot)
    key = _cache_key(country, series, targets, first_vnr_year, snapshot_id)
    computed = page_cache.get(key)
    if computed is None or len(computed) != len(series):
        computed = _computed(series, targets, first_vnr_year, first_vnr_snapshot)
        page_cache.set(key, computed, PROGRESS_CACHE_SECONDS)
    return Assessed(
        (
            SeriesProgress(
                series=item,
                since_2015=since_2015,
                since_first_vnr=since_first,
                at_first_vnr=at_first,
                override_2015=overrides.get((item.pk, BASELINE_YEAR)),
                override_first_vnr=overrides.get((item.pk, first_vnr_year)) if first_vnr_year else None,
                points_at_first_vnr=points_then,
            )
            for item, (since_2015, since_first, at_first, points_then) in zip(series, computed, strict=True)
        ),
        key,
    )


def _cache_key(country, series, targets, first_vnr_year, snapshot_id) -> str:
    """The cache key of the assessments of `series` (and of their Goal aggregates, which
    group them by indicator code): a digest of every input but the observations
    themselves, which the current version's id stands for."""
    parts = [METHOD_VERSION, country, str(first_vnr_year), str(snapshot_id)]
    for item in series:
        mine = ",".join(f"{target.year}:{target.value!r}" for target in targets.get(item.pk, ()))
        parts.append(f"{item.pk}/{item.indicator_code}/{item.current_version_id}/{item.polarity}/{mine}")
    return "progress:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def _computed(series, targets, first_vnr_year, first_vnr_snapshot) -> list[tuple]:
    """[(since 2015, since the first VNR, at the first VNR, points at the first VNR)] of each
    series, read and computed (1 query, 2 with a snapshot)."""
    ids = [item.pk for item in series]
    points = headline_points(item.current_version_id for item in series)
    then: dict[int, list[tuple[int, float]]] = {}
    if first_vnr_snapshot is not None:
        rows = (
            Observation.objects.filter(
                version__snapshots=first_vnr_snapshot, version__series_id__in=ids, key=HEADLINE_KEY
            )
            .order_by("year", "period")
            .values_list("version__series_id", "year", "period", "value")
        )
        then = _by_year(rows)
    results = []
    for item in series:
        now = points.get(item.current_version_id, [])
        if first_vnr_year is not None and first_vnr_snapshot is None:
            figures_then = [point for point in now if point[0] <= first_vnr_year]
        else:
            figures_then = then.get(item.pk, [])
        results.append(_assessed(item, now, figures_then, targets, first_vnr_year))
    return results


def _assessed(series, now, then, targets, first_vnr_year) -> tuple:
    since_2015 = since_first = at_first = None
    if series.polarity:
        target = target_of(series, targets)
        since_2015 = assess(now, series.polarity, target, BASELINE_YEAR, TARGET_YEAR)
        if first_vnr_year is not None:
            since_first = assess(now, series.polarity, target, first_vnr_year, TARGET_YEAR)
            at_first = assess(then, series.polarity, target, BASELINE_YEAR, TARGET_YEAR)
    return since_2015, since_first, at_first, len(then)


def goal_aggregates(progress: Iterable[SeriesProgress], *, since: str = "2015") -> dict[int, Aggregate]:
    """{goal number: Aggregate} over the assessed series, series -> indicator -> target ->
    Goal as the method's §3 says; `since` "2015" or "first_vnr". Goals without an assessed
    series are absent. Cached beside the assessments when `progress` is the list
    `country_progress` returned, unchanged (overrides never count here)."""
    if isinstance(progress, Assessed) and len(progress) == progress.size:
        key = f"{progress.key}:goals:{since}"
        return page_cache.get_or_set(key, lambda: _goal_aggregates(progress, since), PROGRESS_CACHE_SECONDS)
    return _goal_aggregates(progress, since)


def _goal_aggregates(progress: Iterable[SeriesProgress], since: str) -> dict[int, Aggregate]:
    by_indicator: dict[str, list[Assessment]] = defaultdict(list)
    for item in progress:
        assessment = item.since_2015 if since == "2015" else item.since_first_vnr
        if assessment is not None:
            by_indicator[item.series.indicator_code].append(assessment)
    by_target: dict[str, list[Aggregate]] = defaultdict(list)
    for code, assessments in by_indicator.items():
        by_target[target_code_of(code)].append(aggregate(assessments))
    by_goal: dict[int, list[Aggregate]] = defaultdict(list)
    for code, indicators in by_target.items():
        by_goal[goal_number_of(code)].append(aggregate(indicators))
    return {number: aggregate(targets) for number, targets in sorted(by_goal.items())}
