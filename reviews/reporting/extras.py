"""Extra parts of a ministry's progress report, handed in by packages reporting may not
import (the registry pattern, docs/architecture.md).

`register_report_part(key, title, renderer, order=100)`: `renderer(report, user)` returns
the part's html for that report (a `SafeString` made by a template with autoescaping; any
other string is escaped) or "" to show nothing. The report's page and its filling page
show each part under its title, after the answers. `ReviewsConfig.ready()` registers the
follow-up's part: the ministry's commitments from the previous VNR, each with its current
status and a link to update it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import conditional_escape

_PARTS: dict[str, tuple[int, object, Callable]] = {}


@dataclass
class ReportPart:
    key: str
    title: str
    html: str


def register_report_part(key: str, title, renderer: Callable, *, order: int = 100) -> None:
    """Add (or replace) the part `key`: `renderer(report, user)` -> html or ""."""
    _PARTS[key] = (order, title, renderer)


def unregister_report_part(key: str) -> None:
    _PARTS.pop(key, None)


def report_parts(report, user) -> list[ReportPart]:
    """The registered parts that have something to show for `report`, in order."""
    parts = []
    for key, (_order, title, renderer) in sorted(_PARTS.items(), key=lambda item: (item[1][0], item[0])):
        html = renderer(report, user)
        if html:
            parts.append(ReportPart(key, str(title), conditional_escape(html)))
    return parts


def accepted_reports_of(review, ministry_ids) -> list[tuple[int, str]]:
    """The accepted (or incorporated) progress reports of `ministry_ids` and their divisions
    in `review`, as (id, label): what the follow-up cites as a commitment's evidence."""
    from django.db.models import Q
    from django.utils.translation import gettext as _

    from reviews.reporting.models import ProgressReport, ReportStatus

    if not ministry_ids:
        return []
    reports = (
        ProgressReport.objects.filter(review=review, status__in=[ReportStatus.ACCEPTED, ReportStatus.INCORPORATED])
        .filter(Q(ministry_id__in=ministry_ids) | Q(ministry__parent_id__in=ministry_ids))
        .select_related("ministry", "goal", "round")
        .order_by("round__deadline", "goal__number", "ministry__name", "pk")
    )
    return [
        (
            report.pk,
            _("%(round)s: %(ministry)s on goal %(goal)d")
            % {"round": report.round.title, "ministry": report.ministry.label, "goal": report.goal.number},
        )
        for report in reports
    ]
