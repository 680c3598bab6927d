"""Text tied to data: references to a country's figures written into a section's text,
resolved against the country's current data whenever the text is shown.

The stored form (what the section editor writes and `reviews.core.sanitize` keeps)::

    <span data-vnr-data="value" data-indicator="3.1.1" data-series="SH_STA_MMR"
          data-unit="per 100,000 live births">3.1.1 latest value</span>

* `data-vnr-data`: what to show: `value` (the latest headline figure with its year and
  unit), `chart` (the server's line chart, an inline SVG with its text alternative) or
  `category` (the series' progress category since 2015, the statistician's override
  winning).
* `data-indicator`: the indicator code, global or national (3.1.1, 8.3.1.1).
* `data-series` and `data-unit` (both optional): which series of the indicator, by its
  natural key — the series code and unit as the source files write them. Without them the
  indicator's first series (in the data pages' order) is meant. Of series that differ only
  by their unit multiplier, the one with the smallest multiplier is meant.
* The text inside is a label only (the fallback when the data cannot be shown, and what
  the editor displays on its chip): a reference, not a copy of the figure.

Why the natural key and not the database id: the Series row survives a re-import (a new
version is written under it), so its id would survive too, but the natural key is what
the source files and the data pages call the series, it reads in the no-JavaScript
textarea and in a revision's diff, and it still points at the right series when a
country's data is deleted and loaded again (a fresh instance, the demo, a restored
backup), where every id changes.

Three steps, so that a page or a whole report costs a fixed number of queries however
many references it holds::

    references = parse_references(html)                     # pure
    data = resolve_references("GBR", references)            # at most 5 queries
    render_references(html, data, id_prefix="section-12")   # pure: HTML with the figures

Every text printed is escaped; the SVG comes from `indicators.charts.line_chart` only.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

import lxml.html
from django.db.models import OuterRef, Subquery
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _

from indicators.charts import format_number, line_chart
from indicators.evidence.assessments import assessed_target, country_progress, headline_points
from indicators.evidence.models import NationalTarget, Series, SnapshotVersion
from indicators.evidence.selectors import series_for_country
from indicators.evidence.vocabulary import INDICATOR_CODE
from indicators.models import localized
from indicators.progress import BASELINE_YEAR, CATEGORY_LABELS

KINDS = ("value", "chart", "category")
KIND_ATTRIBUTE = "data-vnr-data"
ATTRIBUTES = (KIND_ATTRIBUTE, "data-indicator", "data-series", "data-unit")
MAX_CODE = 20
MAX_SERIES = 200  # Series.code and Series.unit are at most 200 characters
# Text a reference attribute may hold: no control characters (they never reach the page).
_PRINTABLE = re.compile(r"[^\x00-\x1f\x7f]*")


def valid_attribute(name: str, value: str) -> bool:
    """Whether `value` may stand in the reference attribute `name` (the sanitizer's test)."""
    if name == KIND_ATTRIBUTE:
        return value in KINDS
    if name == "data-indicator":
        return len(value) <= MAX_CODE and bool(INDICATOR_CODE.fullmatch(value))
    if name in ("data-series", "data-unit"):
        return len(value) <= MAX_SERIES and bool(_PRINTABLE.fullmatch(value))
    return False


@dataclass(frozen=True)
class DataReference:
    kind: str
    indicator: str
    series: str | None = None
    unit: str | None = None

    @classmethod
    def from_attributes(cls, attributes) -> DataReference | None:
        """The reference an element's attributes make, or None when they make none."""
        values = {name: attributes.get(name) for name in ATTRIBUTES}
        if values[KIND_ATTRIBUTE] is None or values["data-indicator"] is None:
            return None
        if not all(value is None or valid_attribute(name, value) for name, value in values.items()):
            return None
        return cls(values[KIND_ATTRIBUTE], values["data-indicator"], values["data-series"], values["data-unit"])


def _reference_elements(root) -> list:
    return [element for element in root.iter("span") if element.get(KIND_ATTRIBUTE) is not None]


def _parse(html: str):
    return lxml.html.fragment_fromstring(html, create_parent="div")


def parse_references(html: str) -> list[DataReference]:
    """The data references in `html` (sanitized), in document order."""
    if not html or KIND_ATTRIBUTE not in html:
        return []
    references = (DataReference.from_attributes(element) for element in _reference_elements(_parse(html)))
    return [reference for reference in references if reference is not None]


def referenced_indicators(html: str) -> set[str]:
    """The indicator codes `html` refers to."""
    return {reference.indicator for reference in parse_references(html)}


@dataclass(frozen=True)
class ResolvedSeries:
    series: Series
    points: list[tuple[int, float]]
    category: str | None  # None: not assessed (no desired direction)
    target: NationalTarget | None = None  # the one the chart marks: for 2030, else the latest set


@dataclass
class ReferenceData:
    """What `render_references` needs: the referenced series with their figures."""

    country: str
    by_indicator: dict[str, list[ResolvedSeries]] = field(default_factory=dict)

    def find(self, reference: DataReference) -> ResolvedSeries | None:
        candidates = self.by_indicator.get(reference.indicator) or []
        if reference.series is None and reference.unit is None:
            return candidates[0] if candidates else None
        for item in candidates:  # ordered by code, unit, multiplier: the smallest first
            if item.series.code == (reference.series or "") and item.series.unit == (reference.unit or ""):
                return item
        return None


def resolve_references(
    country: str, references: Iterable[DataReference], *, snapshot_id: int | None = None
) -> ReferenceData:
    """The current data of the series `references` point at, or their figures in the
    snapshot `snapshot_id` (a frozen report shows the data it was approved with). No query
    without references; 2 queries, one more when a chart is referenced (its targets), three
    more when a progress category is (targets and overrides are today's)."""
    references = list(references)
    data = ReferenceData(country=country)
    codes = {reference.indicator for reference in references}
    if not codes:
        return data
    if snapshot_id is None:
        series = list(series_for_country(country).filter(indicator_code__in=codes))
    else:
        in_snapshot = SnapshotVersion.objects.filter(snapshot_id=snapshot_id, version__series=OuterRef("pk"))
        series = list(
            Series.objects.filter(country=country, indicator_code__in=codes)
            .select_related("indicator", "national_indicator")
            .annotate(snapshot_version=Subquery(in_snapshot.values("version_id")[:1]))
            .filter(snapshot_version__isnull=False)
            .order_by("indicator_sort_key", "code", "unit", "unit_multiplier")
        )
        for item in series:
            # The figures as they were: everything below reads the version through this id.
            item.current_version_id = item.snapshot_version
    points = headline_points(item.current_version_id for item in series)
    categories: dict[int, str | None] = {}
    if any(reference.kind == "category" for reference in references):
        wanted = {reference.indicator for reference in references if reference.kind == "category"}
        assessed = country_progress(country, series=[item for item in series if item.indicator_code in wanted])
        categories = {progress.series.pk: progress.category for progress in assessed}
    targets: dict[int, list[NationalTarget]] = {}
    if any(reference.kind == "chart" for reference in references):
        wanted = {reference.indicator for reference in references if reference.kind == "chart"}
        for target in NationalTarget.objects.filter(
            series__in=[item for item in series if item.indicator_code in wanted]
        ):
            targets.setdefault(target.series_id, []).append(target)
    for item in series:
        mine = targets.get(item.pk) or []
        target = assessed_target(mine)
        resolved = ResolvedSeries(item, points.get(item.current_version_id, []), categories.get(item.pk), target)
        data.by_indicator.setdefault(item.indicator_code, []).append(resolved)
    return data


def series_label(series: Series) -> str:
    """How a series is named to readers: its indicator's title or code, series and unit."""
    title = localized(series.indicator.title) if series.indicator_id else localized(series.national_indicator.title)
    parts = [series.indicator_code, title or "", series.code if series.code != title else ""]
    return " — ".join(part for part in parts if part)


def _unit_text(series: Series) -> str:
    multiplier = {3: _("thousands"), 6: _("millions"), 9: _("billions")}.get(series.unit_multiplier)
    if series.unit_multiplier and multiplier is None:
        multiplier = f"× 10^{series.unit_multiplier}"
    return " ".join(part for part in (multiplier, series.unit) if part)


def _missing(reference: DataReference):
    return format_html(
        '<span class="vnr-data vnr-data-missing">[{}]</span>',
        _("no data for %(code)s") % {"code": reference.indicator},
    )


def _render_value(item: ResolvedSeries):
    year, value = item.points[-1]
    unit = _unit_text(item.series)
    text = f"{format_number(value)} {unit}".strip()
    return format_html(
        '<span class="vnr-data vnr-data-value" title="{}">{} ({})</span>', series_label(item.series), text, year
    )


def _render_chart(item: ResolvedSeries, chart_id: str):
    svg = line_chart(
        item.points,
        title=series_label(item.series),
        unit=_unit_text(item.series),
        baseline_year=BASELINE_YEAR,
        chart_id=chart_id,
        target_value=item.target.value if item.target else None,
        target_year=item.target.year if item.target else None,
    )
    return format_html('<span class="vnr-data vnr-data-chart">{}</span>', svg)


def _render_category(item: ResolvedSeries):
    category = item.category
    label = CATEGORY_LABELS.get(category, _("Not assessed")) if category else _("Not assessed")
    # `category category-…`: the report's badge colours (static/css/report-print.css); the
    # label is always written, so the colour is never the only signal.
    return format_html(
        '<span class="vnr-data vnr-data-category">'
        '<span class="vnr-data-category-label">{}</span> <strong class="category category-{}">{}</strong></span>',
        _("Progress since %(year)s (%(code)s):") % {"year": BASELINE_YEAR, "code": item.series.indicator_code},
        category or "none",
        label,
    )


def render_reference(reference: DataReference, data: ReferenceData, *, chart_id: str = "vnr-data") -> str:
    """One reference as HTML: the figure, the chart or the category, or a "no data" marker."""
    item = data.find(reference)
    if item is None or not item.points:
        return _missing(reference)
    if reference.kind == "value":
        return _render_value(item)
    if reference.kind == "chart":
        return _render_chart(item, chart_id)
    return _render_category(item)


def render_references(html: str, data: ReferenceData, *, id_prefix: str = "vnr-data") -> str:
    """`html` (sanitized) with every data reference replaced by the data it points at, as
    of now. HTML without references is returned as it is."""
    if not html or KIND_ATTRIBUTE not in html:
        return html
    root = _parse(html)
    rendered: dict[str, str] = {}
    nonce = secrets.token_hex(8)
    for index, element in enumerate(_reference_elements(root)):
        reference = DataReference.from_attributes(element)
        if reference is None:
            continue
        token = f"vnrdata{nonce}x{index}"
        rendered[token] = render_reference(reference, data, chart_id=f"{id_prefix}-chart-{index}")
        replacement = lxml.html.Element("span")
        replacement.text = token
        replacement.tail = element.tail
        element.getparent().replace(element, replacement)
    text = escape(root.text or "") + "".join(lxml.html.tostring(child, encoding=str) for child in root)
    for token, output in rendered.items():
        text = text.replace(f"<span>{token}</span>", output, 1)
    return text
