""" "My tasks" of the follow-up: commitment updates waiting for a reviewer's decision."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from reviews.core.my_tasks import TaskItem
from reviews.followup.models import CommitmentUpdate, UpdateState

DECIDE = "reviews.decide_commitment_update"


def updates_to_review(user, reviews: dict, today) -> list[TaskItem]:
    """Submitted commitment updates in the reviews where `user` may decide them: one query."""
    review_ids = [pk for pk, review in reviews.items() if user.has_perm(DECIDE, review)]
    if not review_ids:
        return []
    updates = (
        CommitmentUpdate.objects.filter(commitment__review_id__in=review_ids, state=UpdateState.SUBMITTED)
        .select_related("commitment")
        .order_by("submitted_at", "pk")
    )
    items = []
    for update in updates:
        review = reviews[update.commitment.review_id]
        url = reverse("reviews:followup-commitment", args=[review.pk, update.commitment_id])
        note = _("Submitted on %(date)s") % {"date": date_format(update.submitted_at.date(), "SHORT_DATE_FORMAT")}
        title = Truncator(update.commitment.text).chars(100)
        items.append(TaskItem(review=review, title=title, url=url, note=note))
    return items
