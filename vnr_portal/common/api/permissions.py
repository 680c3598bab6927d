"""Permission classes every endpoint uses; the object-level questions are the apps' rules
predicates, asked by the views through `user.has_perm(perm, obj)`."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission


class TokenScopeAllows(BasePermission):
    """A read-only token reads; only a read-write one (or the browser's session) writes.
    The token tells through `allows_write` (vnr_portal.accounts.models.ApiToken)."""

    message = _("This API token is read-only: create a read-write token to make changes.")

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS or request.auth is None:
            return True
        return bool(getattr(request.auth, "allows_write", False))


class SignedInToWrite(BasePermission):
    """Anyone reads (each endpoint then shows only what the rules allow); writing needs an account."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or bool(request.user and request.user.is_authenticated)
