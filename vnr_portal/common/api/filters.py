"""Filters whose bounds the schema states, so that a client (and schemathesis) knows which
values are refused with a 400 before sending them."""

import django_filters
from django import forms
from drf_spectacular.utils import extend_schema_field


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


def bounded_integer(field_name: str, minimum: int, maximum: int, **kwargs) -> IntegerFilter:
    """An integer filter refusing values outside [minimum, maximum], described so in the schema."""
    filter_ = IntegerFilter(field_name=field_name, min_value=minimum, max_value=maximum, **kwargs)
    return extend_schema_field({"type": "integer", "minimum": minimum, "maximum": maximum})(filter_)
