"""Charts as SVG made on the server: the geometry in Python, the markup in a template.

    line_chart(series, title=..., unit=..., baseline_year=2015, first_vnr_year=2019,
               target_value=100, target_year=2030) -> SafeString  (an inline <svg>)

Why a template (`indicators/charts/line.svg`) and not pygal: pygal writes a `<style>` block
into every chart and, by default, a `<script>` (its tooltips, fetched from kozea.github.io)
— neither may appear under the strict Content-Security-Policy that is coming (no inline
style or script, nothing from another origin), and WeasyPrint ignores the script anyway.
The chart the report needs is one line with four kinds of marks; its geometry is a few
hundred lines here, which the tests pin (scales, gaps, one point, negative,
equal and huge values), and the template holds only markup. The output uses presentation
attributes (`fill="…"`), never `style`, carries no script, event handler or external
reference, is sized by its viewBox alone, and renders the same in browsers and WeasyPrint.

Every text (title, unit, labels) is escaped by the template engine and stripped of
characters XML cannot hold, so a hostile title stays text. Numbers are written with the
active language's separators (Django's number_format); coordinates never are.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from numbers import Real
from typing import Any

from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from vnr_portal.common.caching import page_cache, page_key

from .colours import AA_GRAPHICS, WHITE, with_contrast

WIDTH = 640
HEIGHT = 360
FONT_SIZE = 13
CHAR_WIDTH = 0.6 * FONT_SIZE  # an average glyph, to make room for the y labels
MARGIN_TOP = 56  # the unit and the baseline / first VNR labels, one row each
MARGIN_RIGHT = 24
MARGIN_BOTTOM = 36  # the years
MIN_MARGIN_LEFT = 40
MAX_MARGIN_LEFT = 170
MAX_Y_TICKS = 6
MAX_X_TICKS = 9
MAX_UNIT_CHARS = 60
SIGNIFICANT_DIGITS = 6
MAX_ABS_VALUE = 1e300
DEFAULT_LINE_COLOUR = "#19486A"  # SDG 17's navy: 9.6:1 on white

# Colours, all on the white background the chart draws for itself (a dark page or the
# PDF never changes them): text ≥ 4.5:1, marks ≥ 3:1.
TEXT_COLOUR = "#1A1A1A"
AXIS_COLOUR = "#595959"
GRID_COLOUR = "#DDDDDD"  # decorative: the tick labels carry the values
MARKER_COLOUR = "#595959"
TARGET_COLOUR = "#1A1A1A"
COLOURS = {
    "text": TEXT_COLOUR,
    "axis": AXIS_COLOUR,
    "grid": GRID_COLOUR,
    "marker": MARKER_COLOUR,
    "target": TARGET_COLOUR,
    "background": WHITE,
}

_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")
# Characters XML 1.0 cannot carry (C0 controls but tab and newlines, lone surrogates, FFFE/F).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Tick:
    position: str  # the x or y coordinate, formatted for SVG
    label: str


@dataclass(frozen=True)
class Point:
    year: int
    value: float
    x: str
    y: str
    label: str  # "2019: 75", the point's tooltip


@dataclass(frozen=True)
class Marker:
    """A labelled vertical line (the baseline, the first VNR) with its point if known."""

    x: str
    label: str
    label_y: str
    label_anchor: str
    label_x: str
    point: Point | None


@dataclass(frozen=True)
class Target:
    x: str
    y: str
    line_from_x: str
    diamond: str  # the polygon's points
    label: str
    label_x: str
    label_y: str


@dataclass(frozen=True)
class LineChart:
    """Everything the template draws, coordinates already formatted."""

    chart_id: str
    title: str
    description: str
    unit: str
    width: int
    height: int
    plot_left: str
    plot_top: str
    plot_right: str
    plot_bottom: str
    plot_width: str
    plot_height: str
    line_colour: str
    paths: list[str]
    points: list[Point]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    zero_y: str | None
    markers: list[Marker]
    latest: Point | None
    latest_label: str
    latest_label_x: str
    latest_label_y: str
    latest_label_anchor: str
    target: Target | None
    empty: bool
    empty_label: str
    tick_end: str
    unit_y: str
    center_x: str
    center_y: str


def _coordinate(value: float) -> str:
    return f"{value:.2f}"


def clean_text(text: Any, limit: int | None = None) -> str:
    """`text` as a string XML can hold (the template escapes it), cut to `limit` characters."""
    text = _NOT_XML.sub("", str(text or ""))
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def format_number(value: float, decimals: int | None = None) -> str:
    """`value` in the active language's format: `decimals` places, or up to six
    significant digits without trailing zeros; scientific beyond 1e15 or below 1e-6."""
    if value == 0:
        return number_format(0, decimal_pos=0, use_l10n=True)
    magnitude = math.floor(math.log10(abs(value)))
    if magnitude >= 15 or magnitude < -6:
        return f"{value:.3g}"
    if decimals is None:
        digits = max(0, SIGNIFICANT_DIGITS - 1 - magnitude)
        text = f"{round(value, digits):.{digits}f}"
        decimals = len(text.rstrip("0").partition(".")[2])
    return number_format(round(value, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _nice_step(span: float, count: int) -> tuple[float, int]:
    """A step of 1, 2, 2.5 or 5 × 10^k giving at most `count` intervals over `span`, and
    the decimals its multiples need."""
    raw = span / count
    exponent = math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        step = multiple * 10.0**exponent
        if step >= raw * (1 - 1e-9):
            return step, max(0, -exponent + (1 if multiple == 2.5 else 0) - (1 if multiple == 10 else 0))
    raise AssertionError("unreachable: 10 × 10^k ≥ raw")  # pragma: no cover


def _value_ticks(low: float, high: float) -> tuple[list[float], int]:
    """The multiples of a nice step between `low` and `high`, and their decimals."""
    step, decimals = _nice_step(high - low, MAX_Y_TICKS - 1)
    index = math.ceil(low / step - 1e-9)
    values = []
    while index * step <= high + step * 1e-9:
        values.append(index * step)
        index += 1
    return values, decimals


def _year_ticks(first: int, last: int) -> list[int]:
    """Years that are multiples of 1, 2 or 5 × 10^k, at most MAX_X_TICKS of them."""
    span, power = max(1, last - first), 1
    while True:
        for multiple in (1, 2, 5):
            step = multiple * power
            if span / step <= MAX_X_TICKS - 1:
                return [year for year in range(first, last + 1) if year % step == 0] or [first]
        power *= 10


def _whole_year(year: Any) -> int:
    try:
        whole = not isinstance(year, bool) and isinstance(year, Real | Decimal) and year == int(year)
    except (ArithmeticError, ValueError):  # inf, nan
        whole = False
    if not whole:
        raise ValueError(f"Not a whole year: {str(year)[:20]!r}")
    return int(year)


def _plottable(value: Any) -> float | None:
    """`value` as a float if it can be drawn: a finite number within ±1e300 (no statistic
    is larger, and larger ones would break the scale); otherwise None."""
    if isinstance(value, bool) or not isinstance(value, Real | Decimal):
        return None
    try:
        number = float(value)
    except (ArithmeticError, ValueError):
        return None
    return number if math.isfinite(number) and abs(number) <= MAX_ABS_VALUE else None


def _observations(series: Iterable[Any]) -> list[tuple[int, float | None]]:
    """(year, value) pairs sorted by year; a value that is missing, not a finite number or
    beyond ±1e300 (no statistic is; it would break the scale) is a gap."""
    points: dict[int, float | None] = {}
    for raw_year, value in series:
        year = _whole_year(raw_year)
        if year in points:
            raise ValueError(f"The year {year} appears twice in the series.")
        points[year] = _plottable(value)
    return sorted(points.items())


def line_chart_geometry(
    series: Iterable[Any],
    *,
    title: str,
    unit: str = "",
    description: str | None = None,
    baseline_year: int | None = 2015,
    baseline_value: float | None = None,
    first_vnr_year: int | None = None,
    first_vnr_value: float | None = None,
    target_value: float | None = None,
    target_year: int | None = None,
    colour: str = DEFAULT_LINE_COLOUR,
    chart_id: str | None = None,
) -> LineChart:
    """The positions and texts of a line chart of `series` ((year, value) pairs; None,
    NaN and infinite values are gaps that break the line).

    The y axis runs from the lowest to the highest value plotted (target included), so
    the highest point sits on the top edge of the plot area; equal values get a band
    around them. The x axis spans the data, the baseline, the first VNR and the target
    year. `baseline_value`/`first_vnr_value` (e.g. an Assessment's interpolated baseline)
    put a point on their line. `colour` (e.g. the goal's) is darkened until it reaches
    3:1 on white. `chart_id` prefixes the ids of <title>/<desc>; by default it is derived
    from the content, so the same chart renders to the same bytes.
    """
    observations = _observations(series)
    values = [(year, value) for year, value in observations if value is not None]
    baseline_year, first_vnr_year, target_year = (
        None if year is None else _whole_year(year) for year in (baseline_year, first_vnr_year, target_year)
    )
    baseline_value, first_vnr_value, target_value = (
        _plottable(value) for value in (baseline_value, first_vnr_value, target_value)
    )
    if target_value is None:
        target_year = None
    elif target_year is None:
        target_year = 2030
    title, unit = clean_text(title), clean_text(unit)
    line_colour = with_contrast(colour, WHITE, AA_GRAPHICS)

    # Domains.
    years = [year for year, _value in observations]
    years += [year for year in (baseline_year, first_vnr_year, target_year) if year is not None]
    plotted = [value for _year, value in values]
    plotted += [value for value in (baseline_value, first_vnr_value, target_value) if value is not None]
    first_year, last_year = (min(years), max(years)) if years else (2015, 2030)
    if first_year == last_year:
        first_year, last_year = first_year - 1, last_year + 1
    low, high = (min(plotted), max(plotted)) if plotted else (0.0, 1.0)
    if high - low <= max(abs(low), abs(high)) * 1e-9 or high - low < 1e-100:
        # Equal values (to the precision that matters): a band around them.
        middle = (low + high) / 2
        band = abs(middle) * 0.1 if abs(middle) > 1e-100 else 1.0
        low, high = middle - band, middle + band

    ticks, decimals = _value_ticks(low, high)
    tick_labels = [format_number(tick, decimals) for tick in ticks]
    widest = max(len(label) for label in tick_labels)
    left = min(MAX_MARGIN_LEFT, max(MIN_MARGIN_LEFT, widest * CHAR_WIDTH + 12))
    top, right, bottom = MARGIN_TOP, WIDTH - MARGIN_RIGHT, HEIGHT - MARGIN_BOTTOM

    def x_of(year: float) -> float:
        return left + (year - first_year) / (last_year - first_year) * (right - left)

    def y_of(value: float) -> float:
        return bottom - (value - low) / (high - low) * (bottom - top)

    def point(year: int, value: float) -> Point:
        label = _("%(year)s: %(value)s") % {"year": year, "value": format_number(value)}
        return Point(year, value, _coordinate(x_of(year)), _coordinate(y_of(value)), label)

    points = [point(year, value) for year, value in values]
    paths, segment = [], []
    for year, value in observations:
        if value is None:
            paths.append(segment)
            segment = []
        else:
            segment.append(f"{_coordinate(x_of(year))},{_coordinate(y_of(value))}")
    paths.append(segment)
    paths = ["M" + " L".join(segment) for segment in paths if len(segment) > 1]

    markers = []
    for row, (year, value, label) in enumerate(
        [
            (baseline_year, baseline_value, _("Baseline %(year)s")),
            (first_vnr_year, first_vnr_value, _("First VNR %(year)s")),
        ]
    ):
        if year is None:
            continue
        x = x_of(year)
        text = label % {"year": year}
        if value is not None:
            text = _("%(label)s: %(value)s") % {"label": text, "value": format_number(value)}
        # To the right of the line unless the label would run off the chart.
        near_right = x + 4 + _text_width(text) > WIDTH - 4
        markers.append(
            Marker(
                x=_coordinate(x),
                label=text,
                label_y=_coordinate(top - 22 + row * 16),
                label_anchor="end" if near_right else "start",
                label_x=_coordinate(x + (-4 if near_right else 4)),
                point=point(year, value) if value is not None else None,
            )
        )

    target = None
    if target_value is not None:
        tx, ty = x_of(target_year), y_of(target_value)
        label_y = ty - 8 if ty - 8 - FONT_SIZE > top else ty + FONT_SIZE + 6
        target = Target(
            x=_coordinate(tx),
            y=_coordinate(ty),
            line_from_x=_coordinate(x_of(baseline_year) if baseline_year is not None else left),
            diamond=" ".join(
                f"{_coordinate(tx + dx)},{_coordinate(ty + dy)}" for dx, dy in ((0, -7), (7, 0), (0, 7), (-7, 0))
            ),
            label=_("Target %(year)s: %(value)s") % {"year": target_year, "value": format_number(target_value)},
            label_x=_coordinate(tx - 10),
            label_y=_coordinate(label_y),
        )

    latest = points[-1] if points else None
    latest_label = latest_label_x = latest_label_y = ""
    latest_label_anchor = "start"
    if latest:
        latest_label = _("Latest %(year)s: %(value)s") % {"year": latest.year, "value": format_number(latest.value)}
        lx, ly = float(latest.x), float(latest.y)
        # Beside the point, to its right, where the line never goes; else above or below
        # it, away from the target's label.
        box = (lx + 10, ly - FONT_SIZE / 2, lx + 10 + _text_width(latest_label, bold=True), ly + FONT_SIZE / 2)
        if box[2] <= right + MARGIN_RIGHT - 2 and not (target and _overlap(box, _target_label_box(target))):
            latest_label_x, latest_label_y = _coordinate(lx + 10), _coordinate(ly + FONT_SIZE * 0.35)
        else:
            # Above or below the point: away from the segment that leads to it, and
            # clear of the target's label when that side is taken.
            previous_y = float(points[-2].y) if len(points) > 1 else ly
            below = previous_y < ly or ly - 12 - FONT_SIZE < top
            near_right = lx > (left + right) / 2
            latest_label_anchor = "end" if near_right else "start"
            latest_label_x = _coordinate(lx + (-8 if near_right else 8))
            for side in (below, not below):
                label_y = ly + FONT_SIZE + 8 if side else ly - 12
                width = _text_width(latest_label, bold=True)
                start = lx - 8 - width if near_right else lx + 8
                box = (start, label_y - FONT_SIZE, start + width, label_y)
                if not (target and _overlap(box, _target_label_box(target))):
                    break
            latest_label_y = _coordinate(label_y)

    if description is None:
        description = _describe(title, unit, values, baseline_year, baseline_value, first_vnr_year, first_vnr_value)
        if target_value is not None:
            description += " " + _("Target: %(value)s by %(year)s.") % {
                "value": format_number(target_value),
                "year": target_year,
            }
    if chart_id is None:
        fingerprint = repr((title, unit, observations, baseline_year, first_vnr_year, target_value, target_year))
        chart_id = "chart-" + hashlib.sha256(fingerprint.encode("utf-8", "replace")).hexdigest()[:10]
    elif not _ID.fullmatch(chart_id):
        raise ValueError(f"Not a usable id: {chart_id!r}")

    return LineChart(
        chart_id=chart_id,
        title=title,
        description=clean_text(description),
        unit=clean_text(unit, MAX_UNIT_CHARS),
        width=WIDTH,
        height=HEIGHT,
        plot_left=_coordinate(left),
        plot_top=_coordinate(top),
        plot_right=_coordinate(right),
        plot_bottom=_coordinate(bottom),
        plot_width=_coordinate(right - left),
        plot_height=_coordinate(bottom - top),
        line_colour=line_colour,
        paths=paths,
        points=points,
        y_ticks=[Tick(_coordinate(y_of(tick)), label) for tick, label in zip(ticks, tick_labels, strict=True)],
        x_ticks=[Tick(_coordinate(x_of(year)), str(year)) for year in _year_ticks(first_year, last_year)],
        zero_y=_coordinate(y_of(0.0)) if low < 0 < high else None,
        markers=markers,
        latest=latest,
        latest_label=latest_label,
        latest_label_x=latest_label_x,
        latest_label_y=latest_label_y,
        latest_label_anchor=latest_label_anchor,
        target=target,
        empty=not values,
        empty_label=_("No data to show") if not values else "",
        tick_end=_coordinate(bottom + 5),
        unit_y=_coordinate(FONT_SIZE + 4),
        center_x=_coordinate((left + right) / 2),
        center_y=_coordinate((top + bottom) / 2),
    )


def _text_width(text: str, bold: bool = False) -> float:
    """About how wide `text` is drawn (an average glyph; bold is wider)."""
    return len(text) * CHAR_WIDTH * (1.1 if bold else 1.0)


def _target_label_box(target: Target) -> tuple[float, float, float, float]:
    end, baseline = float(target.label_x), float(target.label_y)
    return (end - _text_width(target.label), baseline - FONT_SIZE, end, baseline)


def _overlap(first: tuple[float, ...], second: tuple[float, ...]) -> bool:
    return first[0] < second[2] and second[0] < first[2] and first[1] < second[3] and second[1] < first[3]


def _describe(title, unit, values, baseline_year, baseline_value, first_vnr_year, first_vnr_value) -> str:
    """The text alternative: what a sighted reader takes from the chart, in sentences."""
    if not values:
        return _("%(title)s: no data to show.") % {"title": title}
    numbers = [value for _year, value in values]
    facts = {
        "title": title,
        "count": len(values),
        "first": values[0][0],
        "last": values[-1][0],
        "unit": unit,
        "low": format_number(min(numbers)),
        "high": format_number(max(numbers)),
    }
    if len(values) == 1 and unit:
        sentences = [_("Chart of %(title)s, in %(unit)s: one value, for %(first)s.") % facts]
    elif len(values) == 1:
        sentences = [_("Chart of %(title)s: one value, for %(first)s.") % facts]
    elif unit:
        sentences = [
            ngettext(
                "Line chart of %(title)s, in %(unit)s: %(count)s value from %(first)s to %(last)s.",
                "Line chart of %(title)s, in %(unit)s: %(count)s values from %(first)s to %(last)s.",
                len(values),
            )
            % facts
        ]
    else:
        sentences = [
            ngettext(
                "Line chart of %(title)s: %(count)s value from %(first)s to %(last)s.",
                "Line chart of %(title)s: %(count)s values from %(first)s to %(last)s.",
                len(values),
            )
            % facts
        ]
    if len(values) > 1:
        sentences.append(_("The lowest is %(low)s, the highest %(high)s.") % facts)
    for year, value, known, unknown in (
        (baseline_year, baseline_value, _("Baseline %(year)s: %(value)s."), _("The baseline year is %(year)s.")),
        (
            first_vnr_year,
            first_vnr_value,
            _("First VNR %(year)s: %(value)s."),
            _("The first VNR was in %(year)s."),
        ),
    ):
        if year is None:
            continue
        if value is None:
            sentences.append(unknown % {"year": year})
        else:
            sentences.append(known % {"year": year, "value": format_number(value)})
    sentences.append(
        _("Latest value: %(value)s in %(year)s.") % {"value": format_number(values[-1][1]), "year": values[-1][0]}
    )
    return " ".join(sentences)


def line_chart(series: Iterable[Any], **options: Any) -> SafeString:
    """An inline <svg> line chart of `series`; see line_chart_geometry for the options.

    Put it in a page as it is (`{{ chart }}`) next to the data table; it needs no
    stylesheet, no script and no other file.
    """
    chart = line_chart_geometry(series, **options)
    context = {"chart": chart, "colours": COLOURS, "font_size": FONT_SIZE}
    # The template escapes every text; only the surrounding whitespace is trimmed here.
    return mark_safe(render_to_string("indicators/charts/line.svg", context).strip())


# `cached_line_chart` keeps each chart under a digest of everything it is drawn from: its
# points, its options and the active language (texts and number separators). Bump
# CHART_CACHE_VERSION when this module or its template changes what a chart looks like.
CHART_CACHE_VERSION = "1"
CHART_CACHE_SECONDS = 24 * 60 * 60


def cached_line_chart(series: Iterable[Any], **options: Any) -> SafeString:
    """`line_chart`, from the cache when the same chart was drawn before (a page drawing
    the same series again: no geometry, no template)."""
    points = [tuple(point) for point in series]
    key = page_key("chart", CHART_CACHE_VERSION, get_language(), points, sorted(options.items()))
    return mark_safe(page_cache.get_or_set(key, lambda: str(line_chart(points, **options)), CHART_CACHE_SECONDS))
