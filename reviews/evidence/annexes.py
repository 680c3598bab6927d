"""What the report shows of the review's data: the statistical annex, the data-gap annex and
the opening of each Goal chapter (the Goal's tile and a chart of its headline series).

`ReviewsConfig.ready()` registers them with the report's assembly as *trusted* builders
(`register_annex(..., trusted=True)`, `register_goal_opening(...)`): their HTML is made
here by templates with autoescaping on, so every text that comes from the data (series
names, units, sources, titles) is escaped, and it keeps the charts' SVG, which the
sanitizer of user text (`clean_html`) would strip. Nothing a user writes as HTML reaches
them. The assembly calls them with the report's language active.

Each builder reads in a fixed number of queries whatever the amount of data.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from indicators.charts import format_number, line_chart
from indicators.colours import CATEGORY_COLOURS, SDG_GOAL_COLOURS
from indicators.evidence.assessments import SeriesProgress, goal_aggregates, headline_points
from indicators.evidence.models import NationalTarget, SourceType
from indicators.models import Goal, localized
from indicators.progress import BASELINE_YEAR, CATEGORY_LABELS, TARGET_YEAR

from .inventory import inventory
from .selectors import review_progress


def _number(value: float | None) -> str:
    return "" if value is None else format_number(value)


def _category(shown: str | None, computed: str | None, override) -> dict | None:
    """What a table cell shows of a category: its label, and the computed one when a
    statistician's judgement replaced it."""
    if shown is None:
        return None
    overridden = override is not None and bool(override.category)
    return {
        "value": shown,
        "label": str(CATEGORY_LABELS.get(shown, shown)),
        "overridden": overridden,
        "computed_label": str(CATEGORY_LABELS.get(computed, computed or "")) if overridden else "",
    }


@dataclass
class StatRow:
    code: str
    name: str
    unit: str
    latest: str
    latest_year: int | None
    baseline: str
    baseline_year: int | None
    first_vnr: str
    first_vnr_year: int | None
    since_2015: dict | None
    since_first_vnr: dict | None
    source: str
    alternative: bool
    source_kind: str


def _stat_row(item: SeriesProgress, first_vnr_year: int | None) -> StatRow:
    series, now = item.series, item.since_2015
    first_value, first_year = None, None
    if item.at_first_vnr is not None and item.points_at_first_vnr:
        # The first VNR's own figure, as it stood then.
        first_value, first_year = item.at_first_vnr.latest_value, item.at_first_vnr.latest_year
    elif item.since_first_vnr is not None and item.since_first_vnr.baseline_value is not None:
        first_value, first_year = item.since_first_vnr.baseline_value, item.since_first_vnr.effective_baseline_year
    return StatRow(
        code=series.indicator_code,
        name=series.code,
        unit=series.unit,
        latest=_number(now.latest_value),
        latest_year=now.latest_year,
        baseline=_number(now.baseline_value),
        baseline_year=now.effective_baseline_year,
        first_vnr=_number(first_value),
        first_vnr_year=first_year,
        since_2015=_category(item.category, now.category, item.override_2015),
        since_first_vnr=_category(
            item.category_since_first_vnr,
            item.since_first_vnr.category if item.since_first_vnr else None,
            item.override_first_vnr,
        )
        if first_vnr_year is not None
        else None,
        source=series.source_organisation,
        alternative=series.source_type == SourceType.ALTERNATIVE,
        source_kind=str(series.get_source_kind_display()) if series.source_kind else "",
    )


def _goal_titles() -> dict[int, str]:
    return {goal.number: localized(goal.short_title) or localized(goal.title) for goal in Goal.objects.all()}


def statistical_annex(review) -> list[tuple[str, SafeString]]:
    """The statistical annex: per Goal, every assessed series with its latest value against
    the 2015 baseline and the first VNR, and its categories (6 queries)."""
    previous = review.previous_review
    first_vnr_year = previous.hlpf_year if previous is not None else None
    progress = [item for item in review_progress(review) if item.is_assessed]
    if not progress:
        return []
    titles = _goal_titles()
    goals: dict[int, list[StatRow]] = {}
    for item in progress:
        goals.setdefault(item.goal_number, []).append(_stat_row(item, first_vnr_year))
    html = render_to_string(
        "reviews/evidence/annex_statistical.html",
        {
            "goals": [
                {"number": number, "title": titles.get(number, ""), "rows": rows}
                for number, rows in sorted(goals.items())
            ],
            "first_vnr_year": first_vnr_year,
            "baseline_year": BASELINE_YEAR,
        },
    )
    return [(_("Statistical annex"), html)]


def data_gap_annex(review) -> list[tuple[str, SafeString]]:
    """The data-gap annex: the indicators without enough data, per Goal, and what improved
    since the first VNR (8 queries); nothing for a country without data."""
    found = inventory(review)
    if not found.with_data and not found.with_data_then:
        return []  # a country without data: no annex about it
    titles = _goal_titles()
    html = render_to_string(
        "reviews/evidence/annex_data_gaps.html",
        {
            "inventory": found,
            "gaps": [
                {
                    "number": group.goal_number,
                    "title": titles.get(group.goal_number, ""),
                    "indicators": group.indicators,
                }
                for group in found.gaps_by_goal
            ],
            "gained": found.gained,
            "with_data": len(found.with_data),
            "with_data_then": len(found.with_data_then),
            "total": len(found.indicators),
        },
    )
    return [(_("Data gaps"), html)]


def goal_openings(review) -> dict[int, SafeString]:
    """{Goal number: the opening of its chapter}: the Goal's tile (colour, number, category
    since 2015) and a chart of its headline series, the first assessed series of the Goal.
    Goals without assessed data are absent (8 queries)."""
    previous = review.previous_review
    first_vnr_year = previous.hlpf_year if previous is not None else None
    progress = [item for item in review_progress(review) if item.is_assessed]
    if not progress:
        return {}
    aggregates = goal_aggregates(progress)
    headline: dict[int, SeriesProgress] = {}
    for item in progress:
        headline.setdefault(item.goal_number, item)
    points = headline_points(item.series.current_version_id for item in headline.values())
    targets: dict[int, NationalTarget] = {}
    for target in NationalTarget.objects.filter(series__in=[item.series for item in headline.values()]):
        chosen = targets.get(target.series_id)  # the 2030 target, else the latest (by year)
        if chosen is None or chosen.year != TARGET_YEAR:
            targets[target.series_id] = target
    titles = _goal_titles()
    openings: dict[int, SafeString] = {}
    for number, item in sorted(headline.items()):
        series, assessment = item.series, item.since_2015
        category = aggregates[number].category if number in aggregates else None
        title = f"{series.indicator_code} {series.code}".strip()
        chart = line_chart(
            points.get(series.current_version_id, []),
            title=title,
            unit=series.unit,
            baseline_year=BASELINE_YEAR,
            baseline_value=assessment.baseline_value,
            first_vnr_year=first_vnr_year,
            # Only a national target is drawn: a mere direction has no value to aim at.
            target_value=targets[series.pk].value if series.pk in targets else None,
            target_year=targets[series.pk].year if series.pk in targets else None,
            colour=SDG_GOAL_COLOURS.get(number, "#19486A"),
            chart_id=f"goal-{number}-chart",
        )
        openings[number] = render_to_string(
            "reviews/evidence/annex_goal_opening.html",
            {
                "number": number,
                "title": titles.get(number, ""),
                "category": category,
                "category_label": str(CATEGORY_LABELS.get(category, "")) if category else "",
                "has_category_colour": category in CATEGORY_COLOURS,
                "chart": chart,
                "chart_title": title,
            },
        )
    return openings
