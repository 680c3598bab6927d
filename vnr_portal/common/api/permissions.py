"""Permission classes every endpoint uses; the object-level questions are the apps' rules
predicates, asked by the views through `user.has_perm(perm, obj)`."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticatedOrReadOnly


def takes_method(request, view) -> bool:
    """Whether the view answers this method at all: one that does not answers 405 (with its
    Allow header), not 401 or 403."""
    method = request.method.lower()
    return method in view.http_method_names and hasattr(view, method)


class TokenScopeAllows(BasePermission):
    """A read-only token reads; only a read-write one (or the browser's session) writes.
    The token tells through `allows_write` (vnr_portal.accounts.models.ApiToken)."""

    message = _("This API token is read-only: create a read-write token to make changes.")

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS or request.auth is None or not takes_method(request, view):
            return True
        return bool(getattr(request.auth, "allows_write", False))


class SignedInToWrite(IsAuthenticatedOrReadOnly):
    """Anyone reads (each endpoint then shows only what the rules allow, or answers 401 or
    403 as its page would); writing needs an account. (A subclass of DRF's class so that the
    schema says that reads may be anonymous.)"""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS or not takes_method(request, view):
            return True
        return bool(request.user and request.user.is_authenticated)
