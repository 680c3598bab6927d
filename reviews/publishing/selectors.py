"""Reads of the published report: the editions of a review."""

from __future__ import annotations

from django.db.models import QuerySet

from reviews.core.models import Review
from reviews.publishing.models import Edition, EditionStatus


def edition_list_for_review(*, review: Review) -> QuerySet[Edition]:
    """Every edition of `review`, newest first, with who asked for it (one query)."""
    return Edition.objects.filter(review=review).select_related("requested_by").order_by("-requested_at", "-pk")


def final_edition_list_public(*, review: Review) -> list[Edition]:
    """The published report of `review`: for each language and format, the newest public
    final edition with its file, in language then format order (one query)."""
    return final_edition_list_public_many(review_ids=[review.pk])


def final_edition_list_public_many(*, review_ids: list[int]) -> list[Edition]:
    """`final_edition_list_public` of several reviews at once, by review, language and
    format (one query)."""
    latest: dict[tuple[int, str, str], Edition] = {}
    editions = (
        Edition.objects.filter(review_id__in=review_ids, is_final=True, is_public=True, status=EditionStatus.DONE)
        .exclude(file="")
        .only("pk", "review_id", "format", "language", "size", "page_count", "requested_at", "finished_at")
        .order_by("-requested_at", "-pk")
    )
    for edition in editions:
        latest.setdefault((edition.review_id, edition.language, edition.format), edition)
    return [latest[key] for key in sorted(latest)]
