"""The inventory of a review's data: which indicators have data, from which sources, over
which years and broken down how, what was available at the first VNR and what is now,
which indicators gained data since, and the data gaps.

`inventory(review, goal=None)` reads it all in a fixed number of queries whatever the
amount of data (6, 7 with the first VNR's snapshot, after the previous review and its
snapshot are loaded): every figure is counted in SQL.

Words as the page and the data-gap annex use them:

* an indicator **has data** when at least one of its series has observations;
* its **points since 2015** are the distinct years from 2015 with an observation (any
  breakdown) in its best-covered series;
* it is a **data gap** when it has no data or fewer than 2 points since 2015 (the
  assessment's minimum, `indicators.progress.MIN_POINTS`);
* it **gained data** when it had fewer than 2 points since 2015 at the first VNR and has
  at least 2 now (the method's §6.4). "At the first VNR" is the first VNR's recorded
  snapshot (`Review.data_snapshot` of the previous review); without one, the current data
  up to the first VNR's year.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import F, Max, Min, TextField
from django.db.models.functions import Cast
from django.utils.translation import get_language

from indicators.evidence.assessments import goal_number_of
from indicators.evidence.models import NationalIndicator, Observation, Series, SnapshotVersion, disaggregation_key
from indicators.evidence.selectors import series_for_country
from indicators.evidence.vocabulary import indicator_sort_key
from indicators.models import Indicator, localized
from indicators.progress import BASELINE_YEAR, MIN_POINTS
from reviews.evidence.selectors import digest
from vnr_portal.common.compiled import compiled_rows

HEADLINE_KEY = disaggregation_key({})


@dataclass
class SeriesEntry:
    """One series of an indicator as the inventory lists it."""

    series: Series
    first_year: int | None
    latest_year: int | None
    points_since_2015: int
    dimensions: list[str]
    points_then: int
    had_data_then: bool

    @property
    def name(self) -> str:
        return self.series.code or self.series.indicator_code


@dataclass
class IndicatorEntry:
    code: str
    title: str
    goal_number: int
    national_kind: str = ""  # "" for a global indicator, else NationalIndicatorKind
    national_kind_label: str = ""
    stands_for: str = ""  # the global code a proxy stands for
    series: list[SeriesEntry] = field(default_factory=list)

    @property
    def is_national(self) -> bool:
        return bool(self.national_kind)

    @property
    def has_data(self) -> bool:
        return bool(self.series)

    @property
    def first_year(self) -> int | None:
        years = [entry.first_year for entry in self.series if entry.first_year is not None]
        return min(years) if years else None

    @property
    def latest_year(self) -> int | None:
        years = [entry.latest_year for entry in self.series if entry.latest_year is not None]
        return max(years) if years else None

    @property
    def points_since_2015(self) -> int:
        return max((entry.points_since_2015 for entry in self.series), default=0)

    @property
    def dimensions(self) -> list[str]:
        return sorted({name for entry in self.series for name in entry.dimensions}, key=str.casefold)

    @property
    def had_data_then(self) -> bool:
        return any(entry.had_data_then for entry in self.series)

    @property
    def points_then(self) -> int:
        return max((entry.points_then for entry in self.series), default=0)

    @property
    def is_gap(self) -> bool:
        return self.points_since_2015 < MIN_POINTS

    @property
    def gained_data(self) -> bool:
        return self.points_then < MIN_POINTS <= self.points_since_2015


@dataclass
class GoalGaps:
    goal_number: int
    indicators: list[IndicatorEntry]


@dataclass
class Inventory:
    indicators: list[IndicatorEntry]
    first_vnr_year: int | None
    first_vnr_snapshot_label: str | None
    goal: int | None = None

    @property
    def has_first_vnr(self) -> bool:
        return self.first_vnr_year is not None

    @property
    def with_data(self) -> list[IndicatorEntry]:
        return [entry for entry in self.indicators if entry.has_data]

    @property
    def with_data_then(self) -> list[IndicatorEntry]:
        return [entry for entry in self.indicators if entry.had_data_then]

    @property
    def gained(self) -> list[IndicatorEntry]:
        if not self.has_first_vnr:
            return []
        return [entry for entry in self.indicators if entry.gained_data]

    @property
    def gaps(self) -> list[IndicatorEntry]:
        return [entry for entry in self.indicators if entry.is_gap]

    @property
    def gaps_by_goal(self) -> list[GoalGaps]:
        by_goal: dict[int, list[IndicatorEntry]] = defaultdict(list)
        for entry in self.gaps:
            by_goal[entry.goal_number].append(entry)
        return [GoalGaps(number, entries) for number, entries in sorted(by_goal.items())]


def _version_facts(version_ids: list[int]) -> tuple[dict, dict, dict]:
    """({version: (first year, latest year)}, {version: set of years since 2015},
    {version: set of breakdown dimension names}) in 3 queries."""
    spans = {
        row["version_id"]: (row["first"], row["latest"])
        for row in Observation.objects.filter(version_id__in=version_ids)
        .order_by()
        .values("version_id")
        .annotate(first=Min("year"), latest=Max("year"))
    }
    years: dict[int, set[int]] = defaultdict(set)
    for version_id, year in (
        Observation.objects.filter(version_id__in=version_ids, year__gte=BASELINE_YEAR)
        .order_by()
        .values_list("version_id", "year")
        .distinct()
    ):
        years[version_id].add(year)
    dimensions: dict[int, set[str]] = defaultdict(set)
    for version_id, _key, breakdown in (
        Observation.objects.filter(version_id__in=version_ids)
        .exclude(key=HEADLINE_KEY)
        .order_by()
        .values_list("version_id", "key", "disaggregation")
        .distinct()
    ):
        dimensions[version_id].update((breakdown or {}).keys())
    return spans, years, dimensions


@lru_cache(maxsize=4096)
def _title(raw: str | None, language: str) -> str:
    """The framework's title (its JSON text) in `language`: the same few hundred titles on
    every page, parsed once per process; keyed by the text itself, so never stale."""
    return localized(json.loads(raw) if raw else {}, language)


def inventory(review, *, goal: int | None = None) -> Inventory:
    """The review's country's data, indicator by indicator (global framework, then the
    country's national indicators, in code order); only Goal `goal` when given."""
    country = review.country.iso3
    previous = review.previous_review
    first_vnr_year = previous.hlpf_year if previous is not None else None
    snapshot = previous.data_snapshot if previous is not None else None

    # Codes and titles as values, each title as its JSON text (parsed once per process,
    # `_title`): hundreds of rows, no model instance needed.
    indicators = Indicator.objects.order_by("position").values_list("code", Cast("title", TextField()))
    nationals = (
        NationalIndicator.objects.filter(country=country)
        .select_related(None)
        .annotate(stands_for_code=F("global_indicator__code"))
    )
    # Only the series' own fields are read: no related row joined and built.
    series = series_for_country(country).select_related(None)
    if goal is not None:
        indicators = indicators.filter(code__startswith=f"{goal}.")
        nationals = nationals.filter(code__startswith=f"{goal}.")
        series = series.filter(indicator_code__startswith=f"{goal}.")
    series = list(series)

    then_versions: dict[int, int] = {}
    if snapshot is not None:
        rows = SnapshotVersion.objects.filter(snapshot=snapshot, version__series__country=country)
        if goal is not None:
            rows = rows.filter(version__series__indicator_code__startswith=f"{goal}.")
        then_versions = dict(rows.values_list("version__series_id", "version_id"))
    version_ids = sorted({item.current_version_id for item in series} | set(then_versions.values()))
    spans, years, dimensions = _version_facts(version_ids)

    entries: dict[str, IndicatorEntry] = {}
    language = get_language() or "en"
    for code, title in indicators:
        entries[code] = IndicatorEntry(code=code, title=_title(title, language), goal_number=goal_number_of(code))
    for national in nationals:
        entries[national.code] = IndicatorEntry(
            code=national.code,
            title=localized(national.title),
            goal_number=goal_number_of(national.code),
            national_kind=national.kind,
            national_kind_label=str(national.get_kind_display()),
            stands_for=national.stands_for_code or "",
        )
    for item in series:
        version = item.current_version_id
        first, latest = spans.get(version, (None, None))
        if version not in spans:
            continue  # a current version without observations is no data
        then_version = then_versions.get(item.pk)
        if snapshot is not None:
            then_years = years.get(then_version, set()) if then_version else set()
            had_then = then_version in spans
        elif first_vnr_year is not None:
            then_years = {year for year in years.get(version, set()) if year <= first_vnr_year}
            had_then = first is not None and first <= first_vnr_year
        else:
            then_years, had_then = set(), False
        entry = entries.get(item.indicator_code)
        if entry is None:  # a code the framework no longer has and no national row names
            entry = entries[item.indicator_code] = IndicatorEntry(
                code=item.indicator_code, title="", goal_number=goal_number_of(item.indicator_code)
            )
        entry.series.append(
            SeriesEntry(
                series=item,
                first_year=first,
                latest_year=latest,
                points_since_2015=len(years.get(version, ())),
                dimensions=sorted(dimensions.get(version, ()), key=str.casefold),
                points_then=len(then_years),
                had_data_then=had_then,
            )
        )
    ordered = sorted(entries.values(), key=lambda entry: indicator_sort_key(entry.code))
    return Inventory(
        indicators=ordered,
        first_vnr_year=first_vnr_year,
        first_vnr_snapshot_label=snapshot.label if snapshot is not None else None,
        goal=goal,
    )


# Bump when the inventory's page or what it is computed from changes.
INVENTORY_VERSION = "1"


def _framework_indicators():
    return Indicator.objects.order_by("pk").values_list("code", Cast("title", TextField()))


def _nationals(country):
    fields = [field.attname for field in NationalIndicator._meta.concrete_fields]
    return (
        NationalIndicator.objects.filter(country=country).order_by("pk").values_list(*fields, "global_indicator__code")
    )


def _series(country):
    return (
        Series.objects.filter(country=country)
        .order_by("pk")
        .values_list(*[field.attname for field in Series._meta.concrete_fields])
    )


def inventory_version(review, *, goal: int | None = None) -> str:
    """A digest of everything `inventory` is made of (3 queries): the framework's codes and
    titles, every field of the country's national indicators and series (their current
    version's observations never change), the first VNR's year and snapshot (whose
    versions never change). Every write that changes the inventory changes it."""
    country = review.country.iso3
    previous = review.previous_review
    inputs = [
        INVENTORY_VERSION,
        review.pk,
        country,
        goal,
        (previous.hlpf_year, previous.data_snapshot_id) if previous is not None else None,
        compiled_rows(_framework_indicators),
        compiled_rows(_nationals, country),
        compiled_rows(_series, country),
    ]
    return digest(*inputs)
