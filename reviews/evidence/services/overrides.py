"""A statistician's judgement of a series' progress category, beside the computed one."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.evidence.assessments import latest_overrides
from indicators.evidence.models import ProgressOverride, Series
from indicators.evidence.signals import send_series_changed
from indicators.progress import BASELINE_YEAR, CATEGORY_LABELS, Category
from reviews.core.audit import audit_record
from reviews.core.models import Review
from reviews.evidence.selectors import first_vnr_year, review_progress


def override_baselines(review: Review) -> list[int]:
    """The years a category can be overridden since: 2015 and the first VNR's year."""
    years = [BASELINE_YEAR]
    first = first_vnr_year(review)
    if first is not None and first != BASELINE_YEAR:
        years.append(first)
    return years


@transaction.atomic
def progress_override_record(
    *, actor, review: Review, series: Series, baseline_year: int, category: str, reason: str
) -> ProgressOverride:
    """Record a new override of the category of `series` since `baseline_year` (2015 or
    the first VNR's year), or its withdrawal (`category` empty: back to the computed one).
    Always a new row (overrides are append-only) with the computed category beside it;
    audited. Raises ValidationError."""
    if series.country != review.country.iso3:
        raise ValidationError(_("This series is not of the review's country."))
    if baseline_year not in override_baselines(review):
        raise ValidationError({"baseline_year": _("Choose since 2015 or since the first VNR.")})
    if category and category not in Category.values:
        raise ValidationError({"category": _("Choose a category.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    Series.objects.select_for_update().filter(pk=series.pk).first()  # one override at a time per series
    progress = review_progress(review, series=[series])[0]
    assessment = progress.since_2015 if baseline_year == BASELINE_YEAR else progress.since_first_vnr
    if assessment is None:
        raise ValidationError(
            _("This series is not assessed: set its desired direction first, then its category can be overridden.")
        )
    current = latest_overrides([series.pk]).get((series.pk, baseline_year))
    if not category and (current is None or not current.category):
        raise ValidationError({"category": _("There is no override to withdraw: choose a category.")})
    override = ProgressOverride(
        series=series,
        baseline_year=baseline_year,
        category=category,
        computed_category=assessment.category,
        reason=reason,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    override.full_clean()
    override.save()
    computed = CATEGORY_LABELS.get(assessment.category, assessment.category)
    if category:
        summary = _(
            "Overrode the progress of %(series)s since %(year)d: %(category)s instead of %(computed)s. "
            "Reason: %(reason)s"
        ) % {
            "series": str(series)[:150],
            "year": baseline_year,
            "category": CATEGORY_LABELS.get(category, category),
            "computed": computed,
            "reason": reason,
        }
    else:
        summary = _(
            "Withdrew the override of the progress of %(series)s since %(year)d: back to %(computed)s. "
            "Reason: %(reason)s"
        ) % {"series": str(series)[:150], "year": baseline_year, "computed": computed, "reason": reason}
    audit_record(
        review=review,
        actor=actor,
        action="evidence.override",
        summary=summary,
        data={
            "series": series.pk,
            "override": override.pk,
            "baseline_year": baseline_year,
            "category": category,
            "computed_category": assessment.category,
        },
    )
    # Sections that show this series' category change with it: flagged as for new data.
    send_series_changed(country=series.country, changed=[(series.pk, series.indicator_code)])
    return override
