"""No control character or line break in a one-line field of any of our models (issue 13):
vnr_portal.common.text and its pre_save signal, connected by each app's AppConfig.ready()."""

import json
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models.signals import pre_save

from stakeholders.models import Organisation
from stakeholders.registry.services.categories import category_create
from stakeholders.registry.services.organisations import organisation_create
from vnr_portal.common.text import one_line, without_controls

pytestmark = [pytest.mark.unit]

HOSTILE = json.loads(Path("/work/shared/data/security/hostile-inputs.json").read_text(encoding="utf-8"))
# The control characters of issue 13, beside the shared hostile inputs' text edges.
CONTROL_CHARACTERS = ["a\r\nBcc: x@y", "a\x00b\x07c\x1bd", "a\x85b\x9fc\x7fd", "a\u2028b\u2029c", "\tTitle\x0b\x0c\n"]
OUR_APPS = ["reviews", "stakeholders", "indicators", "vnr_portal"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("a\r\nBcc: x@y", "a Bcc: x@y"),
        ("line1\r\nline2\rline3\nline4", "line1 line2 line3 line4"),
        ("a\x00b\x07c\x1bd\x7fe", "abcde"),
        ("a\x85b", "a b"),
        ("a\x80b\x9fc", "abc"),
        ("a\u2028b\u2029c", "a b c"),
        ("\r\n Title \t\n", " Title "),
        ("two  spaces stay", "two  spaces stay"),
        ("%00%0d%0aSet-Cookie: x=1", "%00%0d%0aSet-Cookie: x=1"),
        ("العربية 中文 🏳️‍🌈", "العربية 中文 🏳️‍🌈"),
    ],
    ids=["crlf-header", "line-breaks", "c0", "nel", "c1", "unicode-separators", "ends", "spaces", "percent", "scripts"],
)
def test_one_line(text, expected):
    assert one_line(text) == expected


def test_without_controls_keeps_tabs_and_line_breaks_only():
    assert without_controls("a\tb\r\nc\x00d\x0be\x85f\u2028g\ufffeh") == "a\tb\r\ncdef\u2028gh"


@pytest.mark.parametrize(
    "model",
    [model for label in OUR_APPS for model in apps.get_app_config(label).get_models()] + [get_user_model()],
    ids=lambda model: model._meta.label,
)
def test_every_one_line_field_of_our_models_is_cleaned_before_save(model):
    """Whatever saves the row (form, service, admin, import): the model's pre_save cleans it."""
    fields = [f for f in model._meta.concrete_fields if isinstance(f, models.CharField) and f.name != "password"]
    instance = model()
    hostile = HOSTILE["text_edges"] + CONTROL_CHARACTERS
    for index, field in enumerate(fields):
        setattr(instance, field.attname, hostile[index % len(hostile)])
    pre_save.send(sender=model, instance=instance, raw=False, using="default", update_fields=None)
    assert {f.name: getattr(instance, f.attname) for f in fields} == {
        f.name: one_line(hostile[index % len(hostile)]) for index, f in enumerate(fields)
    }


@pytest.mark.django_db
def test_organisation_name_with_a_line_break_is_stored_on_one_line(coordinator, review):
    category = category_create(actor=coordinator, review=review, name="Youth\nBcc: x@y")
    organisation = organisation_create(
        actor=coordinator, review=review, name="Youth Forum\r\nBcc: x@y", acronym="YF\x00\u2028", category=category
    )
    stored = Organisation.objects.select_related("category").get(pk=organisation.pk)
    assert (stored.name, stored.acronym, stored.category.name) == ("Youth Forum Bcc: x@y", "YF", "Youth Bcc: x@y")
