"""A series' metadata, desired direction and national target, edited from the review."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.evidence.models import NationalTarget, Series
from indicators.evidence.services.series import METADATA_FIELDS, national_target_set, series_metadata_update
from reviews.core.audit import audit_record
from reviews.core.models import Review


def _shown(value) -> str:
    return "" if value is None else str(value)


@transaction.atomic
def series_edit(
    *,
    actor,
    review: Review,
    series: Series,
    metadata: dict,
    target_year: int | None = None,
    target_value: float | None = None,
) -> Series:
    """Save the changed metadata of `series` (a series of the review's country) and its
    national target for `target_year` when a value is given; audit what changed (field,
    before, after). Nothing changed: nothing written. Raises ValidationError."""
    if series.country != review.country.iso3:
        raise ValidationError(_("This series is not of the review's country."))
    before = Series.objects.select_for_update().get(pk=series.pk)
    changed = {
        name: value for name, value in metadata.items() if name in METADATA_FIELDS and getattr(before, name) != value
    }
    changes = [
        {"field": name, "before": _shown(getattr(before, name))[:200], "after": _shown(value)[:200]}
        for name, value in changed.items()
    ]
    if changed:
        series_metadata_update(series=before, **changed)
    if target_value is not None and target_year is not None:
        old = NationalTarget.objects.filter(series=before, year=target_year).first()
        if old is None or old.value != target_value:
            national_target_set(series=before, year=target_year, value=target_value)
            changes.append(
                {
                    "field": f"target {target_year}",
                    "before": _shown(old.value if old is not None else None),
                    "after": _shown(target_value),
                }
            )
    if changes:
        audit_record(
            review=review,
            actor=actor,
            action="evidence.series_edit",
            summary=_("Changed the metadata of the series %(series)s: %(fields)s.")
            % {"series": str(before)[:200], "fields": ", ".join(change["field"] for change in changes)},
            data={"series": before.pk, "changes": changes},
        )
    return before
