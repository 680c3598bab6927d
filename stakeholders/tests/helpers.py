"""Helpers that several test modules of stakeholders share (the shared fixtures are in
stakeholders/conftest.py, the factories in stakeholders/tests/factories.py)."""

import json
from datetime import timedelta
from pathlib import Path

from django.urls import reverse
from django.utils import timezone

from reviews.drafting.services.outline import section_add
from reviews.drafting.services.sections import section_save

# Hostile inputs (XSS, spreadsheet formulas, text edge cases…) shared by the project's tests.
HOSTILE = json.loads(Path("/work/shared/data/security/hostile-inputs.json").read_text())


def url(name: str, review, *args) -> str:
    """The address of a staff page of `review` by its name in the `stakeholders:` namespace."""
    return reverse(f"stakeholders:{name}", args=[review.pk, *args])


def form_errors(response) -> dict:
    """The errors of the page's `form`, by field."""
    return {field: list(errors) for field, errors in response.context["form"].errors.items()}


def round_fields(**overrides) -> dict:
    """The fields of a public draft round in English and Chinese, open from an hour ago for
    two weeks, as round_create takes them."""
    now = timezone.now()
    fields = {
        "title": "Consultation on the draft",
        "description": "<p>Tell us.</p>",
        "kind": "sections",
        "stage": "consultation",
        "audience": "public",
        "group": None,
        "languages": ["en", "zh-Hans"],
        "opens_at": now - timedelta(hours=1),
        "closes_at": now + timedelta(days=14),
        "max_length": 5000,
        "flag_threshold": 3,
    }
    fields.update(overrides)
    return fields


def round_post_data(**overrides) -> dict:
    """What the round form posts for a public round in English opening tomorrow."""
    now = timezone.localtime()
    data = {
        "title": "Consultation on the draft",
        "description": "",
        "kind": "sections",
        "stage": "consultation",
        "audience": "public",
        "group": "",
        "languages": ["en"],
        "opens_at": (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + timedelta(days=15)).strftime("%Y-%m-%dT%H:%M"),
        "max_length": "5000",
        "flag_threshold": "3",
    }
    data.update(overrides)
    return data


def draft_section(review, actor, title: str, content: str = "<p>Draft text.</p>", parent=None):
    """A section of the review's outline with a saved text."""
    section = section_add(actor=actor, review=review, title=title, parent=parent)
    section_save(actor=actor, section=section, content=content, base_version=section.version)
    section.refresh_from_db()
    return section
