"""The follow-up's part of a ministry's progress report: the commitments of the previous
VNR that the ministry owns, each with its current status and a link to update it. Handed
to reporting's registry (`reviews.reporting.extras`) by `ReviewsConfig.ready()`."""

from __future__ import annotations

from django.db.models import Q
from django.template.loader import render_to_string

from reviews.followup.models import Commitment, CommitmentStatus
from reviews.followup.selectors.commitments import accepted_value


def commitments_report_part(report, user) -> str:
    """The html of the ministry's commitments on the report's goal (and those linked to no
    goal); "" when there are none. One query."""
    ministry_ids = [report.ministry_id] + ([report.ministry.parent_id] if report.ministry.parent_id else [])
    commitments = list(
        Commitment.objects.filter(review_id=report.review_id, ministries__in=ministry_ids)
        .filter(Q(goals=report.goal_id) | Q(goals=None))
        .annotate(current_status=accepted_value("status"))
        .distinct()
        .order_by("position", "pk")
    )
    if not commitments:
        return ""
    labels = dict(CommitmentStatus.choices)
    for commitment in commitments:
        commitment.current_status_label = labels.get(commitment.current_status, "")
    return render_to_string("reviews/followup/report_part.html", {"review": report.review, "commitments": commitments})
