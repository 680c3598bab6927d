"""Dated snapshots of a country's data, for the review that used them."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from indicators.evidence.models import DataSnapshot, Series, SnapshotVersion


@transaction.atomic
def take_snapshot(*, country: str, label: str, taken_at: datetime.datetime | None = None) -> DataSnapshot:
    """Record the series versions of `country` that are current now under `label` ("First
    VNR, 2019") and return the snapshot.

    The snapshot references versions, which imports never change and never delete while a
    snapshot holds them, so its figures stay what they were whatever is imported later.
    Three queries whatever the amount of data. Raises ValidationError for a bad country
    code or label.
    """
    snapshot = DataSnapshot(country=country, label=label.strip(), taken_at=taken_at or timezone.now())
    snapshot.full_clean()
    snapshot.save()
    versions = Series.objects.filter(country=country, current_version__isnull=False).values_list(
        "current_version", flat=True
    )
    SnapshotVersion.objects.bulk_create(SnapshotVersion(snapshot=snapshot, version_id=pk) for pk in versions)
    return snapshot
