"""Recording the data a review uses: a dated snapshot of its country's data, from the button
on the import page or when the council's approval freezes the review."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from indicators.evidence.services.snapshots import take_snapshot
from reviews.core.audit import audit_record
from reviews.core.models import Review

logger = logging.getLogger("reviews.tasks")


@transaction.atomic
def review_snapshot_record(*, actor, review: Review, label: str):
    """Take a snapshot of the review's country data now and make it the data the review
    uses (`review.data_snapshot`), replacing the one recorded before (which stays, with
    its figures, for whatever else holds it). Audited. Raises ValidationError."""
    previous = review.data_snapshot_id
    snapshot = take_snapshot(country=review.country.iso3, label=label)
    review.data_snapshot = snapshot
    review.save(update_fields=["data_snapshot"])
    audit_record(
        review=review,
        actor=actor,
        action="evidence.snapshot",
        summary=_("Recorded the data this review uses: %(label)s.") % {"label": snapshot.label},
        data={"snapshot": snapshot.pk, "previous": previous, "versions": snapshot.versions.count()},
    )
    return snapshot


def snapshot_on_freeze(sender, review: Review, **kwargs) -> None:
    """Receiver of `reviews.core.signals.review_frozen` (connected by `ReviewsConfig.ready()`):
    when the council's approval freezes a review, record the data it uses once that
    transaction commits."""
    review_id = review.pk
    transaction.on_commit(lambda: _snapshot_frozen(review_id))


def _snapshot_frozen(review_id: int) -> None:
    review = Review.objects.select_related("country").filter(pk=review_id, is_record=False).first()
    if review is None or review.frozen_at is None:
        return
    try:
        review_snapshot_record(
            actor=None,
            review=review,
            label=_("%(title)s, approved on %(date)s") % {"title": review.title, "date": review.frozen_at.date()},
        )
    except Exception:  # the approval stands whatever happens here; the button can record it later
        logger.exception("Could not record the data of review %s when it was frozen.", review_id)
