"""Reads of a review's evidence: which country's data, which first VNR, the assessments, the
statistician's imports and overrides. The data pages' reads are in `pages.py`."""

from __future__ import annotations

import hashlib

from django.shortcuts import get_object_or_404

from indicators.evidence.assessments import SeriesProgress, assessed_target, country_progress
from indicators.evidence.models import NationalTarget, ProgressOverride, Series
from reviews.evidence.models import ImportJob


def country_code(review) -> str:
    """The ISO 3166 alpha-3 code that keys the review's country data."""
    return review.country.iso3


def first_vnr_year(review) -> int | None:
    previous = review.previous_review
    return previous.hlpf_year if previous is not None else None


def review_progress(review, *, series=None) -> list[SeriesProgress]:
    """Every series of the review's country assessed since 2015 and since the first VNR,
    the first VNR judged on its own figures when its data was recorded (5 queries, 6 with
    the first VNR's snapshot)."""
    previous = review.previous_review
    return country_progress(
        country_code(review),
        first_vnr_year=previous.hlpf_year if previous is not None else None,
        # Its id is enough to read its figures (no query to load the snapshot itself).
        first_vnr_snapshot=previous.data_snapshot_id if previous is not None else None,
        series=series,
    )


# --- What the data pages' digests read -------------------------------------------------


def _text(value) -> str:
    return f"{len(value)}:{value}" if isinstance(value, str) else repr(value)


def digest(*parts) -> str:
    """A SHA-256 of `parts`: values, and lists of rows as `compiled_rows` returns them, each
    text prefixed by its length (no two different inputs hash alike; faster than repr on
    long texts such as the framework's titles)."""
    sha = hashlib.sha256()
    for part in parts:
        if isinstance(part, list):
            sha.update(f"[{len(part)}".encode())
            for row in part:
                sha.update(("(" + "\x1f".join(_text(value) for value in row)).encode())
        else:
            sha.update(("|" + _text(part)).encode())
    return sha.hexdigest()


# --- Imports, series edits and overrides (the statistician's pages) ------------------------


def import_jobs_for_review(review, *, limit: int = 10):
    """The review's latest imports, newest first (1 query)."""
    return ImportJob.objects.filter(review=review).select_related("created_by")[:limit]


def import_job_get(review, pk: int):
    """The import `pk` of `review`, or 404 (1 query)."""
    return get_object_or_404(ImportJob.objects.select_related("created_by"), pk=pk, review=review)


def series_of_review(review, pk: int):
    """The series `pk` of the review's country, or 404 (1 query)."""
    return get_object_or_404(
        Series.objects.select_related("indicator", "national_indicator", "current_version"),
        pk=pk,
        country=country_code(review),
    )


def override_history(series):
    """Every override of the series, newest first, with who recorded it (1 query)."""
    return ProgressOverride.objects.filter(series=series).select_related("created_by").order_by("-created_at", "-pk")


def national_target_of(series):
    """The national target the assessment uses (1 query)."""
    return assessed_target(NationalTarget.objects.filter(series=series))
