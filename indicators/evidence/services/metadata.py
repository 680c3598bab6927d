"""Open SDG metadata files (`meta/1-2-1.md`) written into the metadata of the country's series
of that indicator, as part of an import (`imports.evidence_import` calls it after the data)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.evidence.importers.base import Problem
from indicators.evidence.importers.opensdg_meta import read_meta
from indicators.evidence.models import Series


def metadata_import_one(import_file, country: str) -> tuple[bool, list[Problem]]:
    """Apply one metadata file to every series of its indicator in `country` (only the fields
    the file gives; the data and the series' key are never touched). Returns whether it was
    applied (not when no series of it has data) and its problems; never raises for bad input."""
    from indicators.evidence.services.imports import _TooLarge

    try:
        data = import_file.read()
    except _TooLarge as error:
        return False, [Problem(import_file.name, _("the file is too large (%(size)d bytes).") % {"size": error.size})]
    except OSError as error:
        return False, [Problem(import_file.name, _("the file cannot be read: %(error)s.") % {"error": error.strerror})]
    meta = read_meta(import_file.name, data)
    if meta.problems:
        return False, meta.problems
    if not meta.fields:
        return False, []
    with transaction.atomic():
        updated = Series.objects.filter(country=country, indicator_code=meta.code).update(
            **meta.fields, updated_at=timezone.now()
        )
    # An indicator without data (Open SDG publishes metadata for every indicator, data for
    # some) is not an error: there is nothing to describe yet.
    return bool(updated), []
