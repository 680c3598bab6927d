"""The report's annex "Stakeholder engagement: you said, we did", handed to the report
assembly (registered in StakeholdersConfig.ready, so reviews never imports us)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from reviews.core.sanitize import clean_html
from reviews.publishing.assembly import report_language

from .selectors import outcome_list_by_round

ANNEX_NAME = "stakeholders-you-said-we-did"


def you_said_we_did_annex(review) -> list[tuple[str, str]]:
    """[(title, sanitized html)]: one chapter with, per round with decided contributions,
    its summary and table; [] when no round has any (one query)."""
    rounds = outcome_list_by_round(review)
    if not rounds:
        return []
    with translation.override(report_language(review)):
        html = render_to_string(
            "stakeholders/uptake/annex.html",
            {
                "rounds": [
                    {"round": round_, "summary": mark_safe(clean_html(round_.summary or "")), "rows": rows}
                    for round_, rows in rounds
                ]
            },
        )
        title = _("Stakeholder engagement: you said, we did")
    return [(str(title), clean_html(html))]
