"""Load a review and check the user's permission on it in one step, so no view forgets;
other apps use `get_review_for` for pages that hang off a review."""

from django.http import Http404

from reviews.core.models import Review
from vnr_portal.common.access import authorized, check_perm, get_object_for
from vnr_portal.common.compiled import compiled_object

__all__ = ["check_perm", "get_review_for"]


def _with_country_and_first_vnr(pk):
    return Review.objects.select_related("country", "previous_review").filter(pk=pk)


def get_review_for(
    request, pk: int, perm: str = "reviews.view_review", queryset=None, *, queryset_of=_with_country_and_first_vnr
) -> Review:
    """The review `pk` if `request.user` has `perm` on it; 404 if missing, 403 if not allowed.
    With its country and first VNR (`previous_review`, which the data and follow-up pages
    read), the query compiled once (nearly every page of a review starts here); or as
    `queryset_of(pk)` gives it, compiled once too; or as `queryset` gives it."""
    if queryset is not None:
        return get_object_for(request, queryset, perm, pk=pk)
    review = compiled_object(queryset_of, int(pk))
    if review is None:
        raise Http404("No review matches the given query.")
    return authorized(request, review, perm)
