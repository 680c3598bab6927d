"""What came of a round, for the public: its summary, figures and "you said, we did"."""

from django.shortcuts import render
from django.utils.safestring import mark_safe

from reviews.core.sanitize import clean_html
from stakeholders.portal.selectors import final_report_for_review
from stakeholders.rounds.access import get_round_to_read

from .. import selectors


def portal_outcomes(request, pk: int, round_pk: int):
    """The round's summary, figures and "you said, we did" table: for anyone who may
    read the round."""
    round_ = get_round_to_read(request, pk, round_pk)
    # A page at a time: a big round has thousands of answered contributions.
    page = selectors.outcome_page(round_, request.GET.get("page"))
    return render(
        request,
        "stakeholders/uptake/outcomes.html",
        {
            "review": round_.review,
            "round": round_,
            "rows": page.object_list,
            "page": page,
            "figures": selectors.outcome_figures(round_),
            # Stored sanitized; cleaned again in case it was written by another path.
            "summary": mark_safe(clean_html(round_.summary or "")),
            # The report the round fed into, once it is published (per language, with its size).
            "final_report": final_report_for_review(round_.review),
        },
    )
