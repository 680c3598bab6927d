"""Query-string filters of series and observations (django-filter); a malformed value is a
400 with the message at its parameter."""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models.fields.json import KeyTransform
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from indicators.evidence.models import Observation, Series, disaggregation_key
from vnr_portal.common.api.filters import bounded_integer

DISAGGREGATION_RE = re.compile(r"^[^:=]{1,100}[:=].{0,200}$")


def _disaggregation_pair(value: str) -> tuple[str, str]:
    if not DISAGGREGATION_RE.match(value or ""):
        raise ValidationError(_("Write a breakdown as name:value, such as Sex:Female."), code="invalid")
    key, _sep, wanted = re.split(r"([:=])", value, maxsplit=1)
    return key.strip(), wanted.strip()


@extend_schema_field({"type": "string", "pattern": r"^(?:[^:=]{1,100}[:=].{0,200})?$"})
class DisaggregationFilter(django_filters.CharFilter):
    """name:value (or name=value), or empty (no filter); the schema says so, as anything else
    is a 400."""


class StrictBooleanField(forms.Field):
    """true or false (also 1 or 0, True or False); empty: no filter; anything else is
    refused, where Django's NullBooleanField reads it as "unknown" and filters nothing."""

    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        answer = self.VALUES.get(str(value).strip().lower())
        if answer is None:
            raise ValidationError(_("Write true or false."), code="invalid")
        return answer


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class SeriesFilter(django_filters.FilterSet):
    indicator = django_filters.CharFilter(
        field_name="indicator_code", help_text=_("An indicator's code, such as 3.1.1.")
    )

    class Meta:
        model = Series
        fields = ["indicator"]


class ObservationFilter(django_filters.FilterSet):
    indicator = django_filters.CharFilter(
        field_name="version__series__indicator_code", help_text=_("An indicator's code, such as 3.1.1.")
    )
    series = bounded_integer("version__series_id", 1, 10**15, help_text=_("A series' id."))
    year_min = bounded_integer("year", 1900, 2200, lookup_expr="gte", help_text=_("From this year on."))
    year_max = bounded_integer("year", 1900, 2200, lookup_expr="lte", help_text=_("Up to this year."))
    disaggregation = DisaggregationFilter(
        method="filter_disaggregation",
        validators=[_disaggregation_pair],
        help_text=_("A breakdown as name:value, such as Sex:Female."),
    )
    headline = StrictBooleanFilter(
        method="filter_headline", help_text=_("true: only the headline figures (no breakdown); false: only breakdowns.")
    )

    class Meta:
        model = Observation
        fields = ["indicator", "series", "year_min", "year_max", "disaggregation", "headline"]

    def filter_disaggregation(self, queryset, name, value):
        key, wanted = _disaggregation_pair(value)
        return queryset.alias(_breakdown=KeyTransform(key, "disaggregation")).filter(_breakdown=wanted)

    def filter_headline(self, queryset, name, value):
        if value is None:
            return queryset
        headline = disaggregation_key({})
        return queryset.filter(key=headline) if value else queryset.exclude(key=headline)
