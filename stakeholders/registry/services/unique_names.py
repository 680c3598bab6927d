"""Names in the registry are unique per review: tidying a name, and saving a row whose
name a concurrent request may have taken meanwhile."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction


def save_unique(obj, message: str) -> None:
    """Save `obj`; a name taken meanwhile by a concurrent request becomes a field error."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise ValidationError({"name": message}) from None


def clean_name(name: str) -> str:
    return " ".join((name or "").split())
