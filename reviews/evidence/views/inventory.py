"""The inventory of the review's data: the page (filtered by Goal) and its CSV/XLSX export."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from reviews.core.access import get_review_for
from reviews.evidence.forms.inventory import InventoryExportForm, InventoryFilterForm
from reviews.evidence.inventory import inventory
from vnr_portal.common.spreadsheets import XLSX_TYPE, csv_response, spreadsheet_safe, xlsx_bytes

VIEW = "reviews.view_evidence"


@login_required
def inventory_page(request, pk: int):
    review = get_review_for(request, pk, VIEW)
    form = InventoryFilterForm(request.GET or None)
    goal = form.cleaned_data.get("goal") if form.is_bound and form.is_valid() else None
    found = inventory(review, goal=goal)
    return render(
        request,
        "reviews/evidence/inventory.html",
        {"review": review, "form": form, "inventory": found, "query": request.GET.urlencode()},
        status=200 if not form.is_bound or form.is_valid() else 400,
    )


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
