"""Reads of a country's indicator data. Every function takes plain values (a country code,
an indicator code), never a review; each keeps a fixed number of queries."""

from __future__ import annotations

from django.db.models import QuerySet

from indicators.evidence.models import DataSnapshot, Observation, Series, SeriesVersion


def series_for_country(country: str) -> QuerySet[Series]:
    """The country's series with data, in indicator order, their indicator loaded (1 query)."""
    return (
        Series.objects.filter(country=country, current_version__isnull=False)
        .select_related("indicator", "national_indicator", "current_version")
        .order_by("indicator_sort_key", "code", "unit", "unit_multiplier")
    )


def series_for_indicator(country: str, code: str) -> QuerySet[Series]:
    """The series of one indicator (global or national code) with data (1 query)."""
    return series_for_country(country).filter(indicator_code=code)


def observations_current(series: Series) -> QuerySet[Observation]:
    """The current observations of a series, by year (1 query). Filter a breakdown with
    `.filter(disaggregation__Sex="Female")`, the headline with `.filter(disaggregation={})`."""
    return Observation.objects.filter(version_id=series.current_version_id).order_by("year", "period", "key")


def observation_count(country: str) -> int:
    """How many observations the country has in its current data (1 query)."""
    return Observation.objects.filter(
        version__in=Series.objects.filter(country=country).values("current_version")
    ).count()


def indicator_codes_with_data(country: str) -> list[str]:
    """The indicator codes (global and national) with data for the country, in order (1 query)."""
    return list(
        Series.objects.filter(country=country, current_version__isnull=False)
        .order_by("indicator_sort_key")
        .values_list("indicator_code", flat=True)
        .distinct()
    )


def snapshots_for_country(country: str) -> QuerySet[DataSnapshot]:
    return DataSnapshot.objects.filter(country=country).order_by("-taken_at")


def snapshot_versions(snapshot: DataSnapshot) -> QuerySet[SeriesVersion]:
    """The series versions a snapshot holds, with their series (1 query)."""
    return snapshot.versions.select_related("series").order_by("series__indicator_sort_key", "series__code")


def snapshot_observations(snapshot: DataSnapshot, series: Series | None = None) -> QuerySet[Observation]:
    """The observations as they were when the snapshot was taken, all or one series' (1 query)."""
    observations = Observation.objects.filter(version__snapshots=snapshot)
    if series is not None:
        observations = observations.filter(version__series=series)
    return observations.order_by("version", "year", "period", "key")
