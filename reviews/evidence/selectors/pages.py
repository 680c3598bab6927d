"""The reads of the data pages (Goal tiles, a Goal, an indicator, the reporting status),
shared by the staff pages and their public copies on the portal."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Prefetch, Q
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from indicators.charts import DEFAULT_LINE_COLOUR, cached_line_chart
from indicators.colours import SDG_GOAL_COLOURS, SDG_GOAL_TEXT_COLOURS
from indicators.evidence.assessments import (
    HEADLINE_KEY,
    SeriesProgress,
    assessed_target,
    goal_aggregates,
    goal_number_of,
    headline_points,
    target_code_of,
)
from indicators.evidence.exports import FORMATS as EXPORT_FORMATS
from indicators.evidence.exports import Export, country_zip, indicator_export
from indicators.evidence.models import (
    NationalIndicator,
    NationalTarget,
    Observation,
    ProgressOverride,
    Series,
    SeriesVersion,
)
from indicators.evidence.selectors import observation_count, series_for_country, series_for_indicator
from indicators.evidence.vocabulary import INDICATOR_CODE, indicator_sort_key
from indicators.models import Goal, Indicator, Target, localized
from indicators.progress import BASELINE_YEAR, Aggregate, Category
from reviews.evidence.selectors import country_code, digest, first_vnr_year, review_progress
from vnr_portal.common.compiled import compiled_object, compiled_rows

# --- The data pages -----------------------------------------------------------------------
# Each read below keeps a fixed number of queries whatever the number of observations (the
# page tests pin them with 10 and 10,000). The same reads serve the staff pages and their
# public copies on the portal (stakeholders.portal.views.data).

# How many rows of one series the indicator page's table shows; the downloads hold all.
MAX_TABLE_ROWS = 1000


@dataclass
class GoalTile:
    """One Goal's tile: its progress since 2015 (and since the first VNR) and its data."""

    goal: Goal
    colour: str
    text_colour: str
    since_2015: Aggregate | None
    since_first_vnr: Aggregate | None
    global_count: int = 0
    with_data: int = 0
    assessed: int = 0
    # Series whose category a statistician overrode: the Goal's category stays computed
    # (the method aggregates indices, which an override does not have).
    overridden: int = 0

    @property
    def category(self) -> str:
        return self.since_2015.category if self.since_2015 is not None else Category.INSUFFICIENT_DATA

    @property
    def category_since_first_vnr(self) -> str:
        if self.since_first_vnr is None:
            return Category.INSUFFICIENT_DATA
        return self.since_first_vnr.category


def goal_tiles(review, progress: list[SeriesProgress] | None = None) -> list[GoalTile]:
    """The 17 Goal tiles (2 queries, plus `review_progress`'s when not given)."""
    progress = review_progress(review) if progress is None else progress
    since_2015 = goal_aggregates(progress)
    since_first = goal_aggregates(progress, since="first_vnr") if first_vnr_year(review) is not None else {}
    with_data: dict[int, set[str]] = defaultdict(set)
    assessed: dict[int, set[str]] = defaultdict(set)
    overridden: dict[int, int] = defaultdict(int)
    for item in progress:
        code = item.series.indicator_code
        with_data[goal_number_of(code)].add(code)
        if item.is_assessed:
            assessed[goal_number_of(code)].add(code)
        if any(
            override is not None and override.category for override in (item.override_2015, item.override_first_vnr)
        ):
            overridden[goal_number_of(code)] += 1
    counts = dict(
        Indicator.objects.values("target__goal__number")
        .annotate(count=Count("pk"))
        .values_list("target__goal__number", "count")
    )
    tiles = []
    for goal in Goal.objects.order_by("number"):
        tiles.append(
            GoalTile(
                goal=goal,
                colour=SDG_GOAL_COLOURS.get(goal.number, "#19486A"),
                text_colour=SDG_GOAL_TEXT_COLOURS.get(goal.number, "#FFFFFF"),
                since_2015=since_2015.get(goal.number),
                since_first_vnr=since_first.get(goal.number),
                global_count=counts.get(goal.number, 0),
                with_data=len(with_data[goal.number]),
                assessed=len(assessed[goal.number]),
                overridden=overridden[goal.number],
            )
        )
    return tiles


def data_summary(review, progress: list[SeriesProgress]) -> dict:
    """Indicators with data, series, observations and the last import (2 queries)."""
    country = country_code(review)
    codes = {item.series.indicator_code for item in progress}
    last_import = (
        SeriesVersion.objects.filter(series__country=country).aggregate(last=Max("imported_at"))["last"]
        if progress
        else None
    )
    return {
        "indicators": len(codes),
        "series": len(progress),
        "observations": observation_count(country),
        "last_import": last_import,
    }


@dataclass
class SeriesRow:
    """A series as the goal page lists it: its assessments and its latest headline figure."""

    progress: SeriesProgress
    latest_year: int | None
    latest_value: float | None

    @property
    def series(self) -> Series:
        return self.progress.series


@dataclass
class IndicatorRow:
    """An indicator of a Goal page: global (`indicator`) or national (`national`)."""

    code: str
    title: str
    national: NationalIndicator | None = None
    indicator: Indicator | None = None
    series: list[SeriesRow] = field(default_factory=list)
    # Set by reporting_status, which lists no series.
    with_data: bool = False
    source_names: list[str] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return bool(self.series) or self.with_data

    @property
    def sources(self) -> list[str]:
        found = {row.series.source_organisation for row in self.series if row.series.source_organisation}
        return sorted(found | set(self.source_names))


@dataclass
class TargetRow:
    code: str
    title: str
    indicators: list[IndicatorRow] = field(default_factory=list)


def _goal_numbered(number):
    return Goal.objects.filter(number=number).order_by("pk")[:1]


def goal_or_none(number) -> Goal | None:
    """The Goal `number` (1 query, compiled once), None for a number outside the framework."""
    return compiled_object(_goal_numbered, int(number)) if 1 <= number <= 99 else None


def _national_title(national: NationalIndicator) -> str:
    return localized(national.title) if national.title else ""


def goal_indicators(review, goal: Goal) -> tuple[list[TargetRow], list[SeriesProgress]]:
    """The targets of `goal` with their global indicators and the country's national ones,
    each with its series and their assessments; and those assessments (9 queries, 10 with
    the first VNR's snapshot)."""
    country = country_code(review)
    targets = list(
        Target.objects.filter(goal=goal)
        .order_by("position")
        .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.order_by("position")))
    )
    series = list(series_for_country(country).filter(indicator_code__startswith=f"{goal.number}."))
    progress = review_progress(review, series=series)
    points = headline_points(item.current_version_id for item in series)
    rows_by_code: dict[str, list[SeriesRow]] = defaultdict(list)
    for item in progress:
        latest = points.get(item.series.current_version_id) or []
        year, value = latest[-1] if latest else (None, None)
        rows_by_code[item.series.indicator_code].append(SeriesRow(item, year, value))
    nationals = list(
        NationalIndicator.objects.filter(country=country, code__startswith=f"{goal.number}.").order_by("sort_key")
    )
    result = []
    by_target: dict[str, TargetRow] = {}
    for target in targets:
        row = TargetRow(code=target.code, title=target.title_localized)
        for indicator in target.indicators.all():
            row.indicators.append(
                IndicatorRow(
                    code=indicator.code,
                    title=indicator.title_localized,
                    indicator=indicator,
                    series=rows_by_code.get(indicator.code, []),
                )
            )
        by_target[target.code] = row
        result.append(row)
    for national in nationals:
        target_code = target_code_of(national.code)
        row = by_target.get(target_code)
        if row is None:
            row = by_target[target_code] = TargetRow(code=target_code, title="")
            result.append(row)
        row.indicators.append(
            IndicatorRow(
                code=national.code,
                title=_national_title(national),
                national=national,
                series=rows_by_code.get(national.code, []),
            )
        )
    for row in result:
        row.indicators.sort(key=lambda item: indicator_sort_key(item.code))
    return result, progress


# --- One indicator --------------------------------------------------------------------------

# GET parameters the disaggregation filter never reads as a dimension.
RESERVED_PARAMS = {"series", "lang", "format", "page"}


def _global_indicator(code):
    return Indicator.objects.select_related("target__goal").filter(code=code).order_by("pk")[:1]


def _national_indicator(country, code):
    return NationalIndicator.objects.filter(country=country).filter(code=code).order_by("pk")[:1]


def indicator_or_none(review, code: str):
    """(global Indicator or None, NationalIndicator or None) for a well-formed `code`
    (2 queries, compiled once: every indicator page asks); (None, None) when the code is
    malformed or unknown to the country."""
    if not isinstance(code, str) or len(code) > 20 or not INDICATOR_CODE.fullmatch(code):
        return None, None
    indicator = compiled_object(_global_indicator, code)
    national = compiled_object(_national_indicator, country_code(review), code)
    return indicator, national


@dataclass
class Dimension:
    name: str
    values: list[str]
    selected: str = ""


@dataclass
class SeriesPage:
    """What the indicator page shows of one series."""

    progress: SeriesProgress
    dimensions: list[Dimension]
    rows: list[Observation]
    row_count: int
    headline: list[tuple[int, float]]
    chart_points: list[tuple[int, float]]
    target: NationalTarget | None
    filters: dict[str, str]
    chart: str = ""

    @property
    def series(self) -> Series:
        return self.progress.series

    @property
    def truncated(self) -> bool:
        return self.row_count > len(self.rows)

    @property
    def dimension_names(self) -> list[str]:
        return [dimension.name for dimension in self.dimensions]

    @property
    def filtered(self) -> bool:
        return bool(self.filters)


def read_filters(params, series: list[Series], dimensions: dict[int, dict[str, list[str]]]):
    """(series pk or None, {dimension: value}, [problems]) from the page's GET parameters:
    anything unknown is left out and named in the problems, never an error."""
    problems: list[str] = []
    wanted = params.get("series")
    if wanted is None:
        return None, {}, problems
    chosen = next((item for item in series if str(item.pk) == wanted), None)
    if chosen is None:
        problems.append(_("There is no such series on this page: the filter was ignored."))
        return None, {}, problems
    known = dimensions.get(chosen.pk, {})
    filters = {}
    for name in params:
        if name in RESERVED_PARAMS:
            continue
        value = params.get(name)
        if not value:
            continue
        if name not in known:
            problems.append(_("The series has no breakdown by “%(name)s”: it was ignored.") % {"name": name[:80]})
        elif value not in known[name]:
            problems.append(
                _("“%(value)s” is not a value of “%(name)s”: it was ignored.") % {"value": value[:80], "name": name}
            )
        else:
            filters[name] = value
    return chosen.pk, filters, problems


def _dimensions_of(versions: list[int]) -> tuple[dict[int, dict[str, list[str]]], dict[int, list[tuple[str, dict]]]]:
    """({version id: {dimension: [values]}}, {version id: [(key, breakdown)]}) of the current
    observations: the distinct breakdowns, read in 1 query."""
    found: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    breakdowns: dict[int, list[tuple[str, dict]]] = defaultdict(list)
    rows = (
        Observation.objects.filter(version_id__in=versions)
        .order_by()  # no join for the default ordering's columns
        .values_list("version_id", "key", "disaggregation")
        .distinct()
    )
    for version_id, key, disaggregation in rows:
        breakdowns[version_id].append((key, disaggregation or {}))
        for name, value in (disaggregation or {}).items():
            found[version_id][str(name)].add(str(value))
    dimensions = {
        version_id: {name: sorted(values) for name, values in sorted(by_name.items())}
        for version_id, by_name in found.items()
    }
    return dimensions, breakdowns


def indicator_series(review, code: str, params) -> tuple[list[SeriesPage], list[str]]:
    """The series of indicator `code` with what the page shows of each, and the problems
    found in the filter's parameters (10 queries whatever the number of observations, 11 with
    the first VNR's snapshot)."""
    series = list(series_for_indicator(country_code(review), code))
    if not series:
        return [], []
    versions = [item.current_version_id for item in series]
    by_version, breakdowns = _dimensions_of(versions)
    dimensions = {item.pk: by_version.get(item.current_version_id, {}) for item in series}
    chosen, filters, problems = read_filters(params, series, dimensions)
    progress = {item.series.pk: item for item in review_progress(review, series=series)}
    points = headline_points(versions)
    # The table: the headline of each series, or the chosen breakdown of the filtered one,
    # at most MAX_TABLE_ROWS rows a series, in one query.
    # The breakdowns that match are found among the distinct ones read above and matched
    # by their key: a dimension's name is never part of the SQL (JSON paths mishandle names
    # such as "Age__group" or names outside ASCII on SQLite).
    wanted = Q()
    for item in series:
        if item.pk == chosen and filters:
            keys = [
                key
                for key, breakdown in breakdowns.get(item.current_version_id, [])
                if all(breakdown.get(name) == value for name, value in filters.items())
            ]
            wanted |= Q(version_id=item.current_version_id, key__in=keys)
        else:
            wanted |= Q(version_id=item.current_version_id, key=HEADLINE_KEY)
    observations = Observation.objects.all()
    numbered = (
        observations.filter(wanted)
        .annotate(
            row_number=Window(RowNumber(), partition_by=[F("version_id")], order_by=[F("year"), F("period"), F("key")])
        )
        .order_by("version_id", "year", "period", "key")
    )
    rows: dict[int, list[Observation]] = defaultdict(list)
    for observation in numbered.filter(row_number__lte=MAX_TABLE_ROWS):
        rows[observation.version_id].append(observation)
    counts = dict(
        observations.filter(wanted)
        .order_by()
        .values("version_id")
        .annotate(n=Count("pk"))
        .values_list("version_id", "n")
    )
    by_series: dict[int, list[NationalTarget]] = defaultdict(list)
    for target in NationalTarget.objects.filter(series__in=series):
        by_series[target.series_id].append(target)
    # The target the assessment uses, so that the chart and the category agree.
    targets = {series_id: assessed_target(mine) for series_id, mine in by_series.items()}
    pages = []
    for item in series:
        mine = filters if item.pk == chosen else {}
        headline = points.get(item.current_version_id, [])
        if mine:
            mine_rows = rows[item.current_version_id]
            chart = [(obs.year, obs.value) for obs in mine_rows if obs.disaggregation == mine]
            if not chart and len({obs.period for obs in mine_rows}) == len(mine_rows):
                # The choice leaves one figure a period (the other dimensions never vary).
                chart = [(obs.year, obs.value) for obs in mine_rows]
        else:
            chart = headline
        pages.append(
            SeriesPage(
                progress=progress[item.pk],
                dimensions=[
                    Dimension(name=name, values=values, selected=mine.get(name, ""))
                    for name, values in dimensions[item.pk].items()
                ],
                rows=rows[item.current_version_id],
                row_count=counts.get(item.current_version_id, 0),
                headline=headline,
                chart_points=chart,
                target=targets.get(item.pk),
                filters=mine,
            )
        )
    return pages, problems


def series_title(series: Series) -> str:
    """What a series is called on the page: its name, else its unit, else its indicator."""
    return series.code or series.unit or series.indicator_code


def add_charts(pages: list[SeriesPage], *, first_vnr: int | None, goal_number: int) -> None:
    """Draws each series' chart (no query): the headline or the chosen breakdown, with the
    2015 baseline, the first VNR, the latest value and the national target."""
    colour = SDG_GOAL_COLOURS.get(goal_number, DEFAULT_LINE_COLOUR)
    for page in pages:
        since_2015 = page.progress.since_2015
        since_first = page.progress.since_first_vnr
        title = series_title(page.series)
        if page.filters:
            title = f"{title} ({', '.join(f'{k}: {v}' for k, v in page.filters.items())})"
        page.chart = cached_line_chart(
            page.chart_points,
            title=title,
            unit=page.series.unit,
            baseline_year=BASELINE_YEAR,
            baseline_value=since_2015.baseline_value if since_2015 is not None and not page.filters else None,
            first_vnr_year=first_vnr,
            first_vnr_value=since_first.baseline_value if since_first is not None and not page.filters else None,
            target_value=page.target.value if page.target is not None else None,
            target_year=page.target.year if page.target is not None else None,
            colour=colour,
            chart_id=f"chart-{page.series.pk}",
        )


# --- Reporting status -------------------------------------------------------------------------


@dataclass
class GoalStatus:
    goal: Goal
    colour: str
    text_colour: str
    targets: list[TargetRow]
    global_total: int = 0
    global_with_data: int = 0
    national_total: int = 0
    national_with_data: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.global_with_data / self.global_total) if self.global_total else 0


def reporting_status(review) -> list[GoalStatus]:
    """Per Goal: its global indicators with data or not, and the country's national ones,
    each with its sources (5 queries)."""
    country = country_code(review)
    goals = list(
        Goal.objects.order_by("number").prefetch_related(
            Prefetch(
                "targets",
                queryset=Target.objects.order_by("position").prefetch_related(
                    Prefetch("indicators", queryset=Indicator.objects.order_by("position"))
                ),
            )
        )
    )
    sources: dict[str, set[str]] = defaultdict(set)
    has_data: set[str] = set()
    for code, organisation in series_for_country(country).values_list("indicator_code", "source_organisation"):
        has_data.add(code)
        if organisation:
            sources[code].add(organisation)
    nationals: dict[int, list[NationalIndicator]] = defaultdict(list)
    for national in NationalIndicator.objects.filter(country=country).order_by("sort_key"):
        nationals[goal_number_of(national.code)].append(national)
    result = []
    for goal in goals:
        status = GoalStatus(
            goal=goal,
            colour=SDG_GOAL_COLOURS.get(goal.number, "#19486A"),
            text_colour=SDG_GOAL_TEXT_COLOURS.get(goal.number, "#FFFFFF"),
            targets=[],
        )
        by_target: dict[str, TargetRow] = {}
        for target in goal.targets.all():
            row = TargetRow(code=target.code, title=target.title_localized)
            for indicator in target.indicators.all():
                row.indicators.append(IndicatorRow(code=indicator.code, title=indicator.title_localized))
                status.global_total += 1
                status.global_with_data += indicator.code in has_data
            by_target[target.code] = row
            status.targets.append(row)
        for national in nationals.get(goal.number, []):
            target_code = target_code_of(national.code)
            row = by_target.get(target_code)
            if row is None:
                row = by_target[target_code] = TargetRow(code=target_code, title="")
                status.targets.append(row)
            row.indicators.append(IndicatorRow(code=national.code, title=_national_title(national), national=national))
            status.national_total += 1
            status.national_with_data += national.code in has_data
        for row in status.targets:
            row.indicators.sort(key=lambda item: indicator_sort_key(item.code))
            for indicator in row.indicators:
                indicator.with_data = indicator.code in has_data
                indicator.source_names = sorted(sources.get(indicator.code, ()))
        result.append(status)
    return result


# --- What each page shows (the staff pages and their public copies) -----------------------


def tiles_page(review) -> dict:
    """The Data page: the 17 tiles and the summary (9 queries, 10 with the first VNR's snapshot)."""
    # The tiles count series by their indicator code: no related row is joined and built.
    progress = review_progress(review, series=series_for_country(country_code(review)).select_related(None))
    return {
        "tiles": goal_tiles(review, progress),
        "summary": data_summary(review, progress),
        "first_vnr_year": first_vnr_year(review),
        "legend": [category.value for category in Category],
    }


# Bump when the tiles' or the summary's markup or what they are computed from changes.
TILES_VERSION = "1"
# What the data pages are made of, a query each (see tiles_version and goal_version).
_COUNTRY_INPUTS = {
    "series": lambda country: (
        Series.objects.filter(country=country)
        .order_by("pk")
        .values_list("pk", "indicator_code", "current_version_id", "polarity", "code", "unit")
    ),
    "targets": lambda country: (
        NationalTarget.objects.filter(series__country=country)
        .order_by("pk")
        .values_list("pk", "series_id", "year", "value")
    ),
    "overrides": lambda country: (
        ProgressOverride.objects.filter(series__country=country)
        .order_by("pk")
        .values_list("pk", "series_id", "baseline_year", "category")
    ),
}


def _last_import(country):
    return (
        SeriesVersion.objects.filter(series__country=country)
        .order_by()
        .values("series__country")
        .annotate(Max("imported_at"))
    )


def _goals():
    """The framework as the tiles show it: each Goal's short title and indicator count."""
    return (
        Goal.objects.order_by("number")
        .annotate(count=Count("targets__indicators"))
        .values_list("number", "short_title", "count")
    )


def _nationals(country):
    return (
        NationalIndicator.objects.filter(country=country)
        .order_by("pk")
        .values_list("pk", "code", "kind", "title", "sort_key")
    )


def _goal_targets(number):
    return Target.objects.filter(goal__number=number).order_by("pk").values_list("pk", "code", "title", "position")


def _goal_indicators(number):
    return (
        Indicator.objects.filter(target__goal__number=number)
        .order_by("pk")
        .values_list("pk", "target_id", "code", "title", "position")
    )


def _data_inputs(review) -> list:
    """What every data page is made of: the country's series (indicator, current version —
    whose observations never change —, desired direction, name and unit), their national
    targets and overrides, the first VNR's year and snapshot (3 queries)."""
    country = country_code(review)
    previous = review.previous_review
    return [
        review.pk,
        country,
        (previous.hlpf_year, previous.data_snapshot_id) if previous is not None else None,
        *(compiled_rows(queryset_of, country) for queryset_of in _COUNTRY_INPUTS.values()),
    ]


def tiles_version(review) -> str:
    """A digest of everything the Data page's summary and tiles are made of (5 queries, the
    page's own are 9): `_data_inputs`, the last import, the Goals' short titles and
    indicator counts. Every write that changes what they show changes it."""
    inputs = [
        TILES_VERSION,
        *_data_inputs(review),
        compiled_rows(_last_import, country_code(review)),
        compiled_rows(_goals),
    ]
    return digest(*inputs)


GOAL_VERSION = "1"


def goal_version(review, goal: Goal) -> str:
    """A digest of everything a Goal page's body is made of (6 queries, the page's own are
    9): `_data_inputs`, the country's national indicators, the Goal's titles, targets and
    indicators. Every write that changes what it shows changes it."""
    inputs = [
        GOAL_VERSION,
        *_data_inputs(review),
        compiled_rows(_nationals, country_code(review)),
        (goal.number, goal.title, goal.short_title),
        compiled_rows(_goal_targets, goal.number),
        compiled_rows(_goal_indicators, goal.number),
    ]
    return digest(*inputs)


def goal_page(review, goal: Goal) -> dict:
    """The Goal page: its progress, targets, indicators and series (as `goal_indicators`)."""
    targets, progress = goal_indicators(review, goal)
    first = first_vnr_year(review)
    since_first = goal_aggregates(progress, since="first_vnr").get(goal.number) if first is not None else None
    return {
        "goal": goal,
        "since_2015": goal_aggregates(progress).get(goal.number),
        "since_first_vnr": since_first,
        "targets": targets,
        "first_vnr_year": first,
    }


def has_data(review, code: str) -> bool:
    """Whether the review's country has a series of indicator `code` with data (1 query)."""
    return series_for_indicator(country_code(review), code).exists()


def indicator_download(review, code: str, format_: str) -> Export | None:
    """The indicator's data as Open SDG CSV, XLSX or SDMX-ML; None for an unknown
    indicator or format, or an indicator without data."""
    if format_ not in EXPORT_FORMATS:
        return None
    indicator, national = indicator_or_none(review, code)
    if (indicator is None and national is None) or not has_data(review, code):
        return None
    return indicator_export(country=country_code(review), code=code, format=format_)


def download_zip(review) -> Export:
    """Every indicator of the review's country with data, as Open SDG files in a zip."""
    return country_zip(country=country_code(review))


def indicator_head(review, code: str) -> dict | None:
    """What the indicator page shows above its series (2 queries, 3 when the first VNR is not
    loaded yet), None when `code` is no indicator of the framework or of the country."""
    indicator, national = indicator_or_none(review, code)
    if indicator is None and national is None:
        return None
    if national is not None and national.title:
        title = _national_title(national)
    else:
        title = indicator.title_localized if indicator is not None else ""
    return {
        "code": code,
        "indicator": indicator,
        "national": national,
        "title": title,
        "goal_number": goal_number_of(code),
        "first_vnr_year": first_vnr_year(review),
    }


def indicator_page(review, code: str, params, *, head: dict | None = None) -> dict | None:
    """Everything the indicator page shows (with its `indicator_head` when read already),
    None when `code` is no indicator of the framework or of the country."""
    head = indicator_head(review, code) if head is None else head
    if head is None:
        return None
    pages, problems = indicator_series(review, code, params)
    add_charts(pages, first_vnr=head["first_vnr_year"], goal_number=head["goal_number"])
    return {**head, "series_pages": pages, "problems": problems}


INDICATOR_VERSION = "1"
_SERIES_FIELDS = [field.attname for field in Series._meta.concrete_fields]


def _indicator_series(country, code):
    return Series.objects.filter(country=country, indicator_code=code).order_by("pk").values_list(*_SERIES_FIELDS)


def _indicator_targets(country, code):
    return (
        NationalTarget.objects.filter(series__country=country, series__indicator_code=code)
        .order_by("pk")
        .values_list("pk", "series_id", "year", "value", "note")
    )


def _indicator_overrides(country, code):
    return (
        ProgressOverride.objects.filter(series__country=country, series__indicator_code=code)
        .order_by("pk")
        .values_list(
            "pk",
            "series_id",
            "baseline_year",
            "category",
            "computed_category",
            "reason",
            "created_at",
            "created_by_id",
            "created_by__username",
            "created_by__first_name",
            "created_by__last_name",
            "created_by__email",
        )
    )


def indicator_version(review, code: str) -> str:
    """A digest of everything the indicator page's series are made of, unfiltered (3
    queries): every field of its series (their current version's observations never
    change), their national targets and overrides with who made them, the first VNR's year
    and snapshot. Every write that changes what they show changes it."""
    country = country_code(review)
    previous = review.previous_review
    inputs = [
        INDICATOR_VERSION,
        review.pk,
        country,
        code,
        (previous.hlpf_year, previous.data_snapshot_id) if previous is not None else None,
        compiled_rows(_indicator_series, country, code),
        compiled_rows(_indicator_targets, country, code),
        compiled_rows(_indicator_overrides, country, code),
    ]
    return digest(*inputs)


def status_page(review) -> dict:
    goals = reporting_status(review)
    return {
        "goals": goals,
        "global_total": sum(goal.global_total for goal in goals),
        "global_with_data": sum(goal.global_with_data for goal in goals),
        "national_total": sum(goal.national_total for goal in goals),
        "national_with_data": sum(goal.national_with_data for goal in goals),
    }
