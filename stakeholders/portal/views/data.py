"""The public copies of a review's data pages on its portal: the Goal tiles, a Goal, an
indicator and the reporting status, read-only, with the downloads (open data). Shown to
whoever may see the portal (`stakeholders.view_portal`: anyone once it is published, the
review's team before). The same selectors and includes as the staff pages
(reviews.evidence.views.pages); no edit link, and an override shows its reason, not who
made it."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from reviews.evidence.selectors import pages as selectors
from reviews.evidence.views.pages import goal_body, indicator_context, tiles_body

from .access import get_portal_review

PAGES = {
    "home": "stakeholders:portal-data",
    "goal": "stakeholders:portal-data-goal",
    "indicator": "stakeholders:portal-data-indicator",
    "status": "stakeholders:portal-data-status",
    "download": "stakeholders:portal-data-download",
    "zip": "stakeholders:portal-data-zip",
}


def _context(review, **extra) -> dict:
    return {"review": review, "portal": review.portal, "pages": PAGES, "public": True, "can_manage": False, **extra}


def _download(export) -> HttpResponse:
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=export.filename)
    return response


def portal_data(request, pk: int):
    review = get_portal_review(request, pk, with_first_vnr=True)
    body = tiles_body(review, pages=PAGES, public=True, can_manage=False)
    context = _context(review, body=body, first_vnr_year=selectors.first_vnr_year(review))
    return render(request, "stakeholders/portal/data_tiles.html", context)


def portal_data_goal(request, pk: int, number: int):
    review = get_portal_review(request, pk, with_first_vnr=True)
    goal = selectors.goal_or_none(number)
    if goal is None:
        raise Http404(_("There is no such Goal."))
    context = _context(review, goal=goal, body=goal_body(review, goal, pages=PAGES, public=True, can_manage=False))
    return render(request, "stakeholders/portal/data_goal.html", context)


def portal_data_indicator(request, pk: int, code: str):
    review = get_portal_review(request, pk, with_first_vnr=True)
    data = indicator_context(request, review, code, pages=PAGES, public=True, can_manage=False)
    return render(request, "stakeholders/portal/data_indicator.html", _context(review, **data))


def portal_data_status(request, pk: int):
    review = get_portal_review(request, pk)
    return render(request, "stakeholders/portal/data_status.html", _context(review, **selectors.status_page(review)))


def portal_data_download(request, pk: int, code: str):
    review = get_portal_review(request, pk)
    export = selectors.indicator_download(review, code, request.GET.get("format", "csv"))
    if export is None:
        raise Http404(_("There is no such download."))
    return _download(export)


def portal_data_zip(request, pk: int):
    review = get_portal_review(request, pk)
    return _download(selectors.download_zip(review))
