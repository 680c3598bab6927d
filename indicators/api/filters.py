"""Query-string filters of series and observations (django-filter); a malformed value is a
400 with the message at its parameter."""

import re

import django_filters
from django.core.exceptions import ValidationError
from django.db.models.fields.json import KeyTransform
from django.utils.translation import gettext_lazy as _

from indicators.evidence.models import Observation, Series, disaggregation_key
from vnr_portal.common.api.filters import bounded_integer

DISAGGREGATION_RE = re.compile(r"^[^:=]{1,100}[:=].{0,200}$")


def _disaggregation_pair(value: str) -> tuple[str, str]:
    if not DISAGGREGATION_RE.match(value or ""):
        raise ValidationError(_("Write a breakdown as name:value, such as Sex:Female."), code="invalid")
    key, _sep, wanted = re.split(r"([:=])", value, maxsplit=1)
    return key.strip(), wanted.strip()


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
    disaggregation = django_filters.CharFilter(
        method="filter_disaggregation",
        validators=[_disaggregation_pair],
        help_text=_("A breakdown as name:value, such as Sex:Female."),
    )
    headline = django_filters.BooleanFilter(
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
