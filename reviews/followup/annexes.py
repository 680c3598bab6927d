"""The commitments in the report: the follow-up annex (the table and the roadmap's
summary), registered by `ReviewsConfig.ready()`, and the part of the generated chapter
"From the first to the second VNR" (`commitments_chapter_part`). Both made by templates
with autoescaping from the accepted updates only, in a fixed number of queries."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from reviews.followup.selectors.commitments import register, roadmap, rollups, status_choices


def _table_context(review) -> dict:
    commitments = register(review)
    return {"review": review, "commitments": commitments, "rollups": rollups(commitments), "statuses": status_choices()}


def commitments_chapter_part(review) -> SafeString:
    """The commitments table with each one's accepted status, evidence and narrative; ""
    (a SafeString) when the review has no commitment."""
    context = _table_context(review)
    if not context["commitments"]:
        return SafeString("")
    return render_to_string("reviews/followup/chapter_commitments.html", context)


def commitments_annex(review) -> list[tuple[str, SafeString]]:
    """The annex "Follow-up of the previous VNR's commitments": the table, then the
    roadmap's summary (the status changes by year). No annex without commitments."""
    context = _table_context(review)
    if not context["commitments"]:
        return []
    context["roadmap"] = roadmap(review)
    html = render_to_string("reviews/followup/annex_commitments.html", context)
    return [(_("Follow-up of the previous VNR's commitments"), html)]
