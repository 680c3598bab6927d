"""Load a review and check the user's permission on it in one step, so no view forgets;
other apps use `get_review_for` for pages that hang off a review."""

from reviews.core.models import Review
from vnr_portal.common.access import check_perm, get_object_for

__all__ = ["check_perm", "get_review_for"]


def get_review_for(request, pk: int, perm: str = "reviews.view_review", queryset=None) -> Review:
    """The review `pk` if `request.user` has `perm` on it; 404 if missing, 403 if not allowed."""
    queryset = queryset if queryset is not None else Review.objects.select_related("country")
    return get_object_for(request, queryset, perm, pk=pk)
