"""The engagement's share of the follow-up (reviews.followup), handed in by
`StakeholdersConfig.ready()`: the chapter's part on the change in engagement, and the
figures of the side-by-side view — both built on the inclusiveness dashboard's figures
and the first VNR's baseline entered beside them."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from reviews.core.selectors import vnr_names

from .selectors import baseline_get, inclusiveness_dashboard


def _has_engagement(dashboard) -> bool:
    return bool(dashboard.baseline is not None or dashboard.totals["participants"] or dashboard.totals["contributions"])


def engagement_chapter_part(review) -> SafeString | str:
    """The change in engagement between the first VNR and this review: the totals, who took
    part by category and what the first VNR's participants said; "" with nothing to say."""
    dashboard = inclusiveness_dashboard(review)
    if not _has_engagement(dashboard):
        return ""
    context = {"dashboard": dashboard, "vnr": vnr_names(review)}
    return render_to_string("stakeholders/inclusiveness/_chapter_part.html", context)


def engagement_comparison(review) -> list[tuple]:
    """[(label, first VNR, this review)] of the engagement's totals; [] with no baseline
    and no engagement yet."""
    if baseline_get(review) is None and review.previous_review_id is None:
        return []
    dashboard = inclusiveness_dashboard(review)
    if not _has_engagement(dashboard):
        return []
    return [(item["label"], item["first"], item["now"]) for item in dashboard.comparison]
