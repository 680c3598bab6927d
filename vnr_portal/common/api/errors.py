"""Every 4xx of the API as JSON: `{"detail": text, "code": text, "errors": {field: [text]}}`,
never an HTML page and never a 500 for bad input."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler


def _flatten(detail) -> dict | list | str:
    if isinstance(detail, dict):
        return {str(key): _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(value) for value in detail]
    return str(detail)


def api_exception_handler(exc, context):
    """DRF's handler with one body shape for every error, Django's ValidationError (a
    service's refusal) as a 400 with the messages at their fields."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, RequestDataTooBig):
        return JsonResponse(
            {"detail": _("The request's body is too large."), "code": "too_large"},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        if isinstance(errors, list):
            errors = {"non_field_errors": errors}
        body = {"detail": _("The request is not valid: see errors."), "code": "invalid", "errors": errors}
    elif isinstance(exc, Http404):
        body = {"detail": _("Not found."), "code": "not_found"}
    elif isinstance(exc, DjangoPermissionDenied):
        body = {"detail": _("You do not have permission to perform this action."), "code": "permission_denied"}
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        body = {"detail": str(exc.detail), "code": codes if isinstance(codes, str) else "error"}
    else:  # pragma: no cover (DRF answers only the exceptions above)
        body = {"detail": str(exc), "code": "error"}
    response.data = body
    return response


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """Any address under /api/v1/ that names no endpoint: a JSON 404, not the HTML page."""
    return JsonResponse({"detail": _("Not found."), "code": "not_found"}, status=status.HTTP_404_NOT_FOUND)
