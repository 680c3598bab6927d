"""Recording the data a review uses: a dated snapshot of its country's data."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from indicators.evidence.services.snapshots import take_snapshot
from reviews.core.audit import audit_record
from reviews.core.models import Review


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
