"""PlainSelect writes its options itself: the markup format_html_join wrote."""

import pytest
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from vnr_portal.common.widgets import PlainSelect

CHOICES = [
    ("", gettext_lazy("Any status")),
    (1, "Ministry of <Health> & “Care”"),
    ("2", mark_safe("<b>safe</b>")),
    ('"><script>', "'quoted' \"double\""),
    (None, gettext_lazy("Overdue only")),
]


def _with_format_html(widget, name, value, attrs=None):
    values = {"" if v is None else str(v) for v in (value if isinstance(value, (list, tuple)) else [value])}
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((choice, " selected" if str(choice) in values else "", label) for choice, label in widget.choices),
    )
    return format_html(
        '<select name="{}"{}>{}</select>', name, flatatt(widget.build_attrs(widget.attrs, attrs)), options
    )


@pytest.mark.parametrize("value", [None, "", 1, "2", '"><script>', ["1", "2"]])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_plain_select_writes_what_format_html_wrote(value, language):
    widget = PlainSelect(attrs={"class": "form-select"}, choices=CHOICES)
    with override(language):
        assert widget.render("pick", value, {"id": "id_pick"}) == _with_format_html(
            widget, "pick", value, {"id": "id_pick"}
        )
