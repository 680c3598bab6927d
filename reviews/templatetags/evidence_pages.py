"""What the evidence pages (and their public copies) show of a progress category and a
figure: the category's label and icon (never its colour alone), a number in the page's
language."""

from __future__ import annotations

import math

from django import template

from indicators.charts import format_number
from indicators.progress import CATEGORY_LABELS, Category

register = template.Library()

# A symbol beside each label, as ESCAP's progress report marks its categories; decorative
# (aria-hidden), the label says it in words.
CATEGORY_ICONS = {
    Category.TARGET_ACHIEVED: "★",
    Category.ON_TRACK: "▲",
    Category.ACCELERATION_NEEDED: "◆",
    Category.LIMITED_PROGRESS: "■",
    Category.REGRESSING: "▼",
    Category.INSUFFICIENT_DATA: "?",
}


def _known(value) -> str:
    return value if value in CATEGORY_LABELS else Category.INSUFFICIENT_DATA


@register.filter
def category_label(value) -> str:
    """The label of a category value ("on_track" -> "On track"); no value: insufficient data."""
    return str(CATEGORY_LABELS[_known(value)])


@register.filter
def category_icon(value) -> str:
    return CATEGORY_ICONS[_known(value)]


@register.filter
def category_class(value) -> str:
    """The CSS class suffix of a category (evidence.css), a known value only."""
    return _known(value).replace("_", "-")


@register.filter
def figure(value) -> str:
    """A figure in the active language's format, up to six significant digits; "—" for none."""
    if value is None or isinstance(value, bool):
        return "—"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "—"
    if math.isnan(number):
        return "—"
    if math.isinf(number):
        return "∞" if number > 0 else "−∞"
    return format_number(number)
