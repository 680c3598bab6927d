"""What came of a round, for the public: its summary, figures and "you said, we did"."""

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from reviews.core.sanitize import clean_html
from stakeholders.portal.selectors import final_report_for_review
from stakeholders.rounds.access import get_round_to_read
from stakeholders.rounds.fragments import fragment_get, fragment_key, keyable_page
from stakeholders.rounds.services.freshness import public_version_token

from .. import selectors


def portal_outcomes(request, pk: int, round_pk: int):
    """The round's summary, figures and "you said, we did" table: for anyone who may
    read the round. They are cached under the round's public token (replaced by every
    write that changes a contribution, its answers or the round), the titles of the sections
    contributions went to, the page, the language and the time zone."""
    round_ = get_round_to_read(request, pk, round_pk)
    page = request.GET.get("page")
    key = None
    if set(request.GET) <= {"page"} and (page is None or keyable_page(page)):
        key = fragment_key(
            "portal-outcomes",
            [(round_.pk, public_version_token(round_))],
            selectors.outcome_stamp(round_),
            page or "-",
        )
    body = fragment_get(key, lambda: _outcomes_body(request, round_, page))
    return render(
        request,
        "stakeholders/uptake/outcomes.html",
        {
            "review": round_.review,
            "round": round_,
            "body": mark_safe(body),  # its own template rendered it, escaping everything
            # The report the round fed into, once it is published (per language, with its size).
            "final_report": final_report_for_review(round_.review),
        },
    )


def _outcomes_body(request, round_, page) -> str:
    # A page at a time: a big round has thousands of answered contributions.
    page = selectors.outcome_page(round_, page)
    context = {
        "review": round_.review,
        "round": round_,
        "rows": page.object_list,
        "page": page,
        "figures": selectors.outcome_figures(round_),
        # Stored sanitized; cleaned again in case it was written by another path.
        "summary": mark_safe(clean_html(round_.summary or "")),
    }
    return render_to_string("stakeholders/uptake/_outcomes_body.html", context, request)
