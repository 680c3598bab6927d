"""Load an object and check the user's permission on it in one step, so no view forgets."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from reviews.models import Review


def get_review_for(request, pk: int, perm: str = "reviews.view_review", queryset=None) -> Review:
    """The review `pk` if `request.user` has `perm` on it; 404 if missing, 403 if not allowed."""
    review = get_object_or_404(queryset if queryset is not None else Review.objects.select_related("country"), pk=pk)
    if not request.user.has_perm(perm, review):
        raise PermissionDenied(_("You do not have the role in this review that this page needs."))
    return review


def check_perm(request, perm: str, obj) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(_("You do not have the role in this review that this action needs."))
