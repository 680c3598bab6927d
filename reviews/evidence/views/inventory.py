"""The inventory of the review's data: the page (filtered by Goal) and its CSV/XLSX export."""

import html

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from indicators.evidence.models import SourceKind, SourceType
from reviews.core.access import get_review_for
from reviews.evidence.forms.inventory import InventoryExportForm, InventoryFilterForm
from reviews.evidence.inventory import Inventory, inventory, inventory_version
from vnr_portal.common.caching import page_cache, page_key
from vnr_portal.common.spreadsheets import XLSX_TYPE, csv_response, spreadsheet_safe, xlsx_bytes

VIEW = "reviews.view_evidence"
PARTS_SECONDS = 24 * 60 * 60


@login_required
def inventory_page(request, pk: int):
    review = get_review_for(request, pk, VIEW)
    form = InventoryFilterForm(request.GET or None)
    goal = form.cleaned_data.get("goal") if form.is_bound and form.is_valid() else None
    return render(
        request,
        "reviews/evidence/inventory.html",
        {"review": review, "form": form, "goal": goal, "query": request.GET.urlencode(), **_parts(review, goal)},
        status=200 if not form.is_bound or form.is_valid() else 400,
    )


def _parts(review, goal: int | None) -> dict:
    """The page's summary and body (the gained data, the gaps, the table), rendered once and
    cached under `inventory_version` and the language (titles, labels, plurals)."""
    key = page_key("data-inventory", inventory_version(review, goal=goal), get_language())

    def render():
        found = inventory(review, goal=goal)
        context = {"inventory": found, "gap_lines": _gap_lines(found), "rows": _rows_html(found)}
        return {
            "summary": render_to_string("reviews/evidence/_inventory_summary.html", context),
            "body": render_to_string("reviews/evidence/_inventory_body.html", context),
        }

    parts = page_cache.get_or_set(key, render, PARTS_SECONDS)
    return {name: mark_safe(html) for name, html in parts.items()}  # the templates escaped everything


def _gap_lines(found: Inventory) -> list[tuple]:
    """(goal number, heading, the paragraph's html) per Goal with data gaps: built once
    per page instead of a template loop per indicator (a big country has hundreds)."""
    lines = []
    for group in found.gaps_by_goal:
        count = len(group.indicators)
        heading = ngettext("Goal %(number)s: %(count)s indicator", "Goal %(number)s: %(count)s indicators", count) % {
            "number": group.goal_number,
            "count": count,
        }
        parts = []
        for entry in group.indicators:
            years = ""
            if entry.has_data:
                points = entry.points_since_2015
                years = f" ({_e(ngettext('%(count)s year', '%(count)s years', points) % {'count': points})})"
            parts.append(f'<span class="text-nowrap"><bdi>{_e(entry.code)}</bdi>{years}</span>')
        lines.append((group.goal_number, heading, mark_safe(", ".join(parts))))
    return lines


def _rows_html(found: Inventory) -> list[SafeString]:
    """The inventory table's rows, one per indicator, built in Python once per page with
    every text escaped: the template loop cost most of the page's time for a country with
    hundreds of indicators and series."""
    no_source, no_data, gap_badge = _e(_("Source not given")), _e(_("No data")), _e(_("Data gap"))
    gained, yes, no = _e(_("Too little then, enough now")), _e(_("Yes")), _e(_("No"))
    source_types = {value: _e(label) for value, label in SourceType.choices}
    source_kinds = {value: _e(label) for value, label in SourceKind.choices}
    rows = []
    for entry in found.indicators:
        is_gap = entry.is_gap
        badge = ""
        if entry.is_national:
            badge = f' <span class="badge text-bg-secondary">{_e(entry.national_kind_label)}</span>'
        series_cells = []
        for item in entry.series:
            series = item.series
            unit = f' <span class="text-body-secondary">(<bdi>{_e(series.unit)}</bdi>)</span>' if series.unit else ""
            source = f"<bdi>{_e(series.source_organisation)}</bdi>" if series.source_organisation else no_source
            kind = source_types.get(series.source_type) or _e(series.source_type)
            if series.source_kind:
                kind += " · " + (source_kinds.get(series.source_kind) or _e(series.source_kind))
            series_cells.append(
                f'<div class="mb-1"><bdi>{_e(item.name)}</bdi>{unit}<br><span class="small">{source} · {kind}'
                f" · {item.first_year}–{item.latest_year}</span></div>"
            )
        series_html = "".join(series_cells) or f'<span class="text-body-secondary">{no_data}</span>'
        years = f"{entry.first_year}–{entry.latest_year}" if entry.has_data else "–"
        dimensions = ", ".join(f"<bdi>{_e(name)}</bdi>" for name in entry.dimensions) or "–"
        points = str(entry.points_since_2015)
        if is_gap:
            points += f' <span class="badge text-bg-warning">{gap_badge}</span>'
        then = ""
        if found.has_first_vnr:
            then = f"<td><strong>{gained}</strong></td>" if entry.gained_data else ""
            then = then or f"<td>{yes if entry.had_data_then else no}</td>"
        code = _e(entry.code)
        warning = ' class="table-warning"' if is_gap else ""
        rows.append(
            mark_safe(
                f'<tr id="indicator-{code}"{warning}>\n'
                f'        <th scope="row"><bdi class="text-nowrap">{code}</bdi>{badge}<br>'
                f'<span class="fw-normal small"><bdi>{_e(entry.title)}</bdi></span></th>\n'
                f"        <td>{series_html}</td>\n        <td>{years}</td>\n        <td>{points}</td>\n"
                f"        <td>{dimensions}</td>\n        {then}\n      </tr>"
            )
        )
    return rows


def _e(text) -> str:
    """Text escaped for HTML as Django's `escape` does, without its lazy-string wrapper."""
    return html.escape(str(text))


def inventory_rows(found) -> list[list]:
    """The inventory as rows, one per series (an indicator without data: one row); user
    and file text made safe for spreadsheets."""
    header = [
        "indicator",
        "national_kind",
        "goal",
        "has_data",
        "series",
        "unit",
        "source_organisation",
        "source_type",
        "source_kind",
        "first_year",
        "latest_year",
        "years_since_2015",
        "disaggregations",
    ]
    if found.has_first_vnr:
        header += ["data_at_first_vnr", "years_since_2015_at_first_vnr", "gained_data"]
    rows = [header]
    for entry in found.indicators:
        for item in entry.series or [None]:
            row = [
                spreadsheet_safe(entry.code),
                entry.national_kind,
                entry.goal_number,
                "yes" if entry.has_data else "no",
            ]
            if item is None:
                row += ["", "", "", "", "", "", "", 0, ""]
            else:
                series = item.series
                row += [
                    spreadsheet_safe(series.code),
                    spreadsheet_safe(series.unit),
                    spreadsheet_safe(series.source_organisation),
                    series.source_type,
                    series.source_kind,
                    item.first_year,
                    item.latest_year,
                    item.points_since_2015,
                    spreadsheet_safe("; ".join(item.dimensions)),
                ]
            if found.has_first_vnr:
                then = entry.had_data_then if item is None else item.had_data_then
                points = 0 if item is None else item.points_then
                row += ["yes" if then else "no", points, "yes" if entry.gained_data else "no"]
            rows.append(row)
    return rows


@login_required
def inventory_export(request, pk: int):
    review = get_review_for(request, pk, VIEW)
    form = InventoryExportForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return HttpResponse(_("Choose a goal from 1 to 17 and a format: CSV or XLSX."), status=400)
    data = form.cleaned_data if form.is_bound else {}
    goal = data.get("goal")
    rows = inventory_rows(inventory(review, goal=goal))
    name = f"data-inventory-{review.country.iso3.lower()}-{review.hlpf_year}" + (f"-goal-{goal}" if goal else "")
    if data.get("format") == "xlsx":
        response = HttpResponse(xlsx_bytes(rows, title="Inventory"), content_type=XLSX_TYPE)
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=f"{name}.xlsx")
        return response
    response, writer = csv_response(f"{name}.csv")
    writer.writerows(rows)
    return response
