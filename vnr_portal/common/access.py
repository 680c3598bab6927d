"""Object-level permission checks that views share: load and authorize in one step."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _


def check_perm(request, perm: str, obj) -> None:
    """403 unless `request.user` has `perm` (a rules permission) on `obj`."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(_("You do not have the role in this review that this action needs."))


def get_object_for(request, queryset, perm: str, message: str | None = None, **lookup):
    """The object of `queryset` matching `lookup` if `request.user` has `perm` on it;
    404 if missing, 403 if not allowed."""
    return authorized(request, get_object_or_404(queryset, **lookup), perm, message)


def authorized(request, obj, perm: str, message: str | None = None):
    """`obj` if `request.user` has `perm` on it; 403 if not allowed."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(message or _("You do not have the role in this review that this page needs."))
    return obj
