"""The data pages of a review: the Goal tiles, a Goal, an indicator with its charts, table
and filter, the reporting status, and the downloads. Read-only; every member reads them
(`reviews.view_evidence`). The portal shows the same pages to the public
(stakeholders.portal.views.data) through the same selectors and includes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reviews.core.access import get_review_for
from reviews.evidence.selectors import pages as selectors
from vnr_portal.common.caching import page_cache, page_key

VIEW = "reviews.view_evidence"

# The URL names the shared includes link with (the portal passes its own).
PAGES = {
    "home": "reviews:evidence",
    "goal": "reviews:evidence-goal",
    "indicator": "reviews:evidence-indicator",
    "status": "reviews:evidence-status",
    "download": "reviews:evidence-indicator-download",
    "zip": "reviews:evidence-download-zip",
}


def _context(request, review, **extra) -> dict:
    return {
        "review": review,
        "pages": PAGES,
        "public": False,
        "can_manage": request.user.has_perm("reviews.manage_evidence", review),
        **extra,
    }


BODY_SECONDS = 24 * 60 * 60


def _cached_body(kind: str, version: str, template: str, context_of, *, pages: dict, public: bool, can_manage: bool):
    """The body of a data page rendered by `template` from `context_of()`, cached under
    `version` (the selector's digest of what it is made of) and what else it depends on:
    the language, the time zone (dates), the addresses and which links the reader sees."""
    inputs = [version, get_language(), get_current_timezone_name(), get_script_prefix(), sorted(pages.items())]
    key = page_key(f"data-{kind}", *inputs, public, can_manage)

    def render():
        return render_to_string(template, {"pages": pages, "public": public, "can_manage": can_manage, **context_of()})

    return mark_safe(page_cache.get_or_set(key, render, BODY_SECONDS))  # the template rendered it, escaping everything


def tiles_body(review, *, pages: dict, public: bool, can_manage: bool) -> SafeString:
    """The Data page's summary, tiles and legend (staff and portal)."""
    return _cached_body(
        "tiles",
        selectors.tiles_version(review),
        "reviews/evidence/_tiles_body.html",
        lambda: {"review": review, **selectors.tiles_page(review)},
        pages=pages,
        public=public,
        can_manage=can_manage,
    )


def goal_body(review, goal, *, pages: dict, public: bool, can_manage: bool) -> SafeString:
    """A Goal page's progress, targets, indicators and series (staff and portal)."""
    return _cached_body(
        "goal",
        selectors.goal_version(review, goal),
        "reviews/evidence/_goal_body.html",
        lambda: {"review": review, **selectors.goal_page(review, goal)},
        pages=pages,
        public=public,
        can_manage=can_manage,
    )


def export_response(export) -> HttpResponse:
    """A download of an `indicators.evidence.exports.Export`."""
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=export.filename)
    return response


def goal_or_404(number: int):
    goal = selectors.goal_or_none(number)
    if goal is None:
        raise Http404(_("There is no such Goal."))
    return goal


def indicator_context(request, review, code: str, *, pages: dict, public: bool, can_manage: bool) -> dict:
    """The indicator page's head and body (staff and portal), or 404. Its series are cached
    unless the address asks for a breakdown (any parameter: rendered each time, its
    problems shown)."""
    head = selectors.indicator_head(review, code)
    if head is None:
        raise Http404(_("There is no such indicator."))
    template = "reviews/evidence/_indicator_body.html"
    if request.GET:
        data = selectors.indicator_page(review, code, request.GET, head=head)
        for problem in data["problems"]:
            messages.warning(request, problem)
        context = {"review": review, "pages": pages, "public": public, "can_manage": can_manage, **data}
        body = mark_safe(render_to_string(template, context))  # the template escaped everything
    else:
        body = _cached_body(
            "indicator",
            selectors.indicator_version(review, code),
            template,
            lambda: {"review": review, **selectors.indicator_page(review, code, {}, head=head)},
            pages=pages,
            public=public,
            can_manage=can_manage,
        )
    return {**head, "body": body}


@login_required
def evidence(request, pk: int):
    review = get_review_for(request, pk, VIEW)
    context = _context(request, review, here=_("Data"), first_vnr_year=selectors.first_vnr_year(review))
    context["body"] = tiles_body(review, pages=PAGES, public=False, can_manage=context["can_manage"])
    return render(request, "reviews/evidence/goal_tiles.html", context)


@login_required
def evidence_goal(request, pk: int, number: int):
    review = get_review_for(request, pk, VIEW)
    goal = goal_or_404(number)
    context = _context(request, review, here=_("Goal %(number)s") % {"number": goal.number}, goal=goal)
    context["body"] = goal_body(review, goal, pages=PAGES, public=False, can_manage=context["can_manage"])
    return render(request, "reviews/evidence/goal.html", context)


@login_required
def evidence_indicator(request, pk: int, code: str):
    review = get_review_for(request, pk, VIEW)
    context = _context(request, review, here=_("Indicator %(code)s") % {"code": code})
    context |= indicator_context(request, review, code, pages=PAGES, public=False, can_manage=context["can_manage"])
    return render(request, "reviews/evidence/indicator.html", context)


@login_required
def evidence_indicator_download(request, pk: int, code: str):
    review = get_review_for(request, pk, VIEW)
    return indicator_download(request, review, code)


def indicator_download(request, review, code: str):
    export = selectors.indicator_download(review, code, request.GET.get("format", "csv"))
    if export is None:
        raise Http404(_("There is no such download."))
    return export_response(export)


@login_required
def evidence_download_zip(request, pk: int):
    review = get_review_for(request, pk, VIEW)
    return export_response(selectors.download_zip(review))


@login_required
def evidence_status(request, pk: int):
    review = get_review_for(request, pk, VIEW)
    context = _context(request, review, here=_("Reporting status"), **selectors.status_page(review))
    return render(request, "reviews/evidence/status.html", context)
