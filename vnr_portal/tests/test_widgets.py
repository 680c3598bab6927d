"""PlainSelect renders what Django's Select renders, without a template per option."""

import json
import re
from pathlib import Path

import pytest
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from vnr_portal.common.widgets import PlainSelect

HOSTILE = json.loads(Path("/work/shared/data/security/hostile-inputs.json").read_text(encoding="utf-8"))["xss_html"]
CHOICES = [
    ("", gettext_lazy("All goals")),
    (1, "1. No poverty"),
    (2, mark_safe("<b>safe</b> label")),
    ("a&b", "Quotes \" and ' & <tags>"),
    *[(f"h{index}", text) for index, text in enumerate(HOSTILE)],
]
VALUES = [None, "", 1, "1", "a&b", "h0", "missing"]


@pytest.mark.parametrize("value", VALUES)
def test_plain_select_is_djangos_select(value):
    plain = PlainSelect(attrs={"class": "form-select"}, choices=CHOICES).render("goal", value)
    django = forms.Select(attrs={"class": "form-select"}, choices=CHOICES).render("goal", value)
    assert plain == re.sub(r">\s+<", "><", django)
    assert "<script>" not in plain


@pytest.mark.parametrize("value", [*VALUES, ["1", 2]])
def test_plain_select_is_what_it_was_with_format_html(value):
    """Its options used to be made by format_html_join: the same text, to the byte."""
    attrs = {"class": "form-select", "id": "id_goal", "aria-describedby": "x"}
    widget = PlainSelect(attrs=attrs, choices=CHOICES)
    values = {"" if v is None else str(v) for v in (value if isinstance(value, list) else [value])}
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((choice, " selected" if str(choice) in values else "", label) for choice, label in CHOICES),
    )
    before = format_html('<select name="{}"{}>{}</select>', "goal", flatatt(widget.build_attrs(attrs)), options)
    assert widget.render("goal", value) == before
