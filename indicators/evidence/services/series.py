"""Edits of a series' metadata and national targets (the statistician's page will call these)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.evidence.models import NationalTarget, Series
from indicators.evidence.signals import send_series_changed

METADATA_FIELDS = (
    "source_organisation",
    "source_type",
    "source_kind",
    "periodicity",
    "definition",
    "method",
    "last_release",
    "next_release",
    "contact",
    # The desired direction: the progress assessment leaves a series without it out.
    "polarity",
)


@transaction.atomic
def series_metadata_update(*, series: Series, **fields) -> Series:
    """Set the metadata `fields` of `series` (any of METADATA_FIELDS); the data and the
    series' key (indicator, code, unit) are not editable here. Raises ValidationError."""
    unknown = set(fields) - set(METADATA_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(unknown)})
    polarity_before = series.polarity
    for name, value in fields.items():
        setattr(series, name, value)
    series.full_clean(validate_unique=False)
    series.save(update_fields=[*fields, "updated_at"])
    if series.polarity != polarity_before:
        # The desired direction moves the progress category: text that shows it is flagged.
        send_series_changed(country=series.country, changed=[(series.pk, series.indicator_code)])
    return series


@transaction.atomic
def national_target_set(*, series: Series, year: int, value: float, note: str = "") -> NationalTarget:
    """Set the national target of `series` for `year` (replacing one set before)."""
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("A target year is between 2000 and 2100.")})
    target = NationalTarget.objects.filter(series=series, year=year).first() or NationalTarget(series=series, year=year)
    moved = target.pk is None or target.value != value
    target.value, target.note = value, note
    target.full_clean(validate_unique=False)
    target.save()
    if moved:
        # The target moves the progress category: text that shows it is flagged.
        send_series_changed(country=series.country, changed=[(series.pk, series.indicator_code)])
    return target
