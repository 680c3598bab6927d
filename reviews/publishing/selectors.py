"""Reads of the published report: the editions of a review."""

from __future__ import annotations

from django.db.models import QuerySet

from reviews.core.models import Review
from reviews.publishing.models import Edition


def edition_list_for_review(*, review: Review) -> QuerySet[Edition]:
    """Every edition of `review`, newest first, with who asked for it (one query)."""
    return Edition.objects.filter(review=review).select_related("requested_by").order_by("-requested_at", "-pk")
