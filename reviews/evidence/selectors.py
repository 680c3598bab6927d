"""Reads of a review's evidence: which country's data, which first VNR, the assessments."""

from __future__ import annotations

from indicators.evidence.assessments import SeriesProgress, country_progress


def country_code(review) -> str:
    """The ISO 3166 alpha-3 code that keys the review's country data."""
    return review.country.iso3


def first_vnr(review):
    """The review this one follows up (its previous VNR), or None."""
    return review.previous_review


def first_vnr_year(review) -> int | None:
    previous = review.previous_review
    return previous.hlpf_year if previous is not None else None


def review_progress(review, *, series=None) -> list[SeriesProgress]:
    """Every series of the review's country assessed since 2015 and since the first VNR,
    the first VNR judged on its own figures when its data was recorded (5 queries)."""
    previous = review.previous_review
    return country_progress(
        country_code(review),
        first_vnr_year=previous.hlpf_year if previous is not None else None,
        first_vnr_snapshot=previous.data_snapshot if previous is not None else None,
        series=series,
    )
