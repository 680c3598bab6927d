"""Dates inside a sentence: `{% load portal_dates %}{{ value|sentence_date:"DATETIME_FORMAT" }}`.

The language's own format (Django's DATE_FORMAT, DATETIME_FORMAT…), without the full stop
it may end with ("3 p.m."), because the sentence around it brings its own: "on 31 Oct.
2026, 3 p.m." then never reads "3 p.m..".
"""

from django import template
from django.template.defaultfilters import date

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def sentence_date(value, arg="DATETIME_FORMAT") -> str:
    text = date(value, arg)
    return text[:-1] if text.endswith(".") else text
