"""The tracker: ministries × goals with the status of each report of a round, and CSV."""

from html import escape

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from reviews.core.access import get_review_for
from reviews.reporting.forms.report_rounds import TrackerFilterForm
from reviews.reporting.selectors.report_rounds import tracker_get, tracker_rounds
from reviews.workspace.selectors.ministries import ministry_list_tree
from vnr_portal.common.reversing import url_maker
from vnr_portal.common.spreadsheets import csv_response, spreadsheet_safe


def _tracker(request, pk: int, *, with_reach: bool = False, with_cells: bool = False):
    review = get_review_for(request, pk, "reviews.view_report_tracker")
    rounds = tracker_rounds(review)
    ministries = ministry_list_tree(review, with_goal_count=False)
    # The round shown when none is chosen is the latest: the menu says so too.
    initial = {"round": rounds[-1].pk} if rounds else {}
    form = TrackerFilterForm(request.GET or None, rounds=rounds, ministries=ministries, initial=initial)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    by_pk = {r.pk: r for r in rounds}
    round_ = by_pk.get(filters.get("round")) or (rounds[-1] if rounds else None)
    ministry = next((m for m in ministries if m.pk == filters.get("ministry")), None)
    tracker = tracker_get(
        review,
        round_,
        today=timezone.localdate(),
        status=filters.get("status") or "",
        ministry=ministry,
        overdue_only=bool(filters.get("overdue")),
        ministries=ministries,
        with_reach=with_reach,
        with_cells=with_cells,
    )
    return review, form, tracker


@login_required
def report_tracker(request, pk: int):
    review, form, tracker = _tracker(request, pk, with_reach=True)
    can_manage = request.user.has_perm("reviews.manage_reporting", review)
    if can_manage and tracker.grid:
        deadline_url = url_maker("reviews:report-deadline", review.pk, None)
        for _ministry, cells in tracker.rows:
            for cell in cells:
                if cell.report is not None:
                    cell.url = deadline_url(cell.report.pk)
    # The filters without the ministry: the summary's links add one, "all ministries" none.
    others = request.GET.copy()
    others.pop("ministry", None)
    others_query = others.urlencode()
    summary_rows = [] if tracker.grid else _summary_rows(tracker, others_query)
    return render(
        request,
        "reviews/reporting/report_tracker.html",
        {
            "review": review,
            "form": form,
            "tracker": tracker,
            "can_manage": can_manage,
            "query": request.GET.urlencode(),
            "others_query": others_query,
            "summary_rows": summary_rows,
        },
    )


def _summary_rows(tracker, others_query: str) -> list[str]:
    """The summary's rows as html, made here: a line per ministry of a big country. The
    focal point's state is rendered by its template once per distinct state, not per row."""
    division = escape(_("Division:"))
    prefix = f"?{escape(others_query)}&amp;ministry=" if others_query else "?ministry="
    states: dict[tuple, str] = {}
    rows = []
    for line in tracker.summary:
        ministry = line.ministry
        item = ministry.reach
        if item.channel == "account":
            focal = ", ".join(
                f"<bdi>{escape(person.get_full_name() or person.get_username())}</bdi>" for person in item.people
            )
        else:
            invitation = item.invitation
            key = (
                item.channel,
                invitation.sent_at.date() if invitation and invitation.sent_at else None,
                bool(invitation),
                bool(invitation and invitation.sent_at and invitation.is_expired),
                item.other_invitation,
            )
            if key not in states:
                states[key] = render_to_string(
                    "reviews/reporting/_focal_point_status.html", {"item": item, "where": "tracker"}
                )
            focal = (f"<bdi>{escape(item.email)}</bdi>: " if item.email else "") + states[key]
        name = escape(ministry.name)
        if ministry.acronym:
            name += f' <span class="text-body-secondary">({escape(ministry.acronym)})</span>'
        hidden = f'<span class="visually-hidden">{division} </span>' if getattr(ministry, "depth", 0) else ""
        counts = "".join(f'<td class="text-center">{count}</td>' for count in line.counts)
        overdue = ' class="text-center table-danger"' if line.overdue else ' class="text-center"'
        row_class = ' class="division"' if getattr(ministry, "depth", 0) else ""
        rows.append(
            mark_safe(  # every text from the database escaped above
                f"<tr{row_class}>"
                f'<th scope="row"><a href="{prefix}{ministry.pk}">{hidden}<bdi>{name}</bdi></a></th>'
                f'<td class="small tracker-focal">{focal}</td>{counts}'
                f'<td{overdue}>{line.overdue}</td><td class="text-center">{line.total}</td></tr>'
            )
        )
    return rows


@login_required
def report_tracker_csv(request, pk: int):
    """The tracker's reports as filtered: ministry, goal, role, status, deadline, submitted."""
    review, _form, tracker = _tracker(request, pk, with_cells=True)
    country = slugify(review.country.name, allow_unicode=True) or review.country.iso3
    response, writer = csv_response(f"report-tracker-{country}-{review.hlpf_year}.csv")
    writer.writerow(["ministry", "goal", "role", "status", "deadline", "submitted_at", "overdue"])
    for ministry, cells in tracker.rows:
        for cell in cells:
            if cell.report is None:
                continue
            report = cell.report
            writer.writerow(
                [
                    spreadsheet_safe(ministry.name),
                    cell.goal.number,
                    report.role,
                    report.status,
                    report.deadline.isoformat(),
                    report.submitted_at.isoformat() if report.submitted_at else "",
                    "yes" if cell.overdue else "no",
                ]
            )
    return response
