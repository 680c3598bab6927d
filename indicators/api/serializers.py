from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from indicators.evidence.models import Observation, Series
from indicators.models import Goal, Indicator, Target


@extend_schema_field({"type": "object", "additionalProperties": {"type": "string"}})
class TitlesField(serializers.JSONField):
    """A title in every language it has: {"en": "...", "fr": "..."}."""


class IndicatorSerializer(serializers.ModelSerializer):
    title = TitlesField()

    class Meta:
        model = Indicator
        fields = ["code", "unsd_code", "title"]


class TargetSerializer(serializers.ModelSerializer):
    title = TitlesField()
    indicators = IndicatorSerializer(many=True)

    class Meta:
        model = Target
        fields = ["code", "title", "indicators"]


class GoalSerializer(serializers.ModelSerializer):
    title = TitlesField()
    short_title = TitlesField()

    class Meta:
        model = Goal
        fields = ["number", "title", "short_title"]


class GoalDetailSerializer(GoalSerializer):
    targets = TargetSerializer(many=True)

    class Meta(GoalSerializer.Meta):
        fields = [*GoalSerializer.Meta.fields, "targets"]


class SeriesSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(source="current_version.number", allow_null=True)
    observation_count = serializers.IntegerField(source="current_version.observation_count", allow_null=True)
    imported_at = serializers.DateTimeField(source="current_version.imported_at", allow_null=True)

    class Meta:
        model = Series
        fields = [
            "id",
            "indicator_code",
            "code",
            "unit",
            "unit_code",
            "unit_multiplier",
            "source_organisation",
            "source_type",
            "source_kind",
            "periodicity",
            "polarity",
            "last_release",
            "next_release",
            "version",
            "observation_count",
            "imported_at",
        ]


class ObservationSerializer(serializers.ModelSerializer):
    series = serializers.IntegerField(source="version.series_id")
    indicator_code = serializers.CharField(source="version.series.indicator_code")
    disaggregation = serializers.SerializerMethodField()
    sdmx = serializers.SerializerMethodField()

    class Meta:
        model = Observation
        fields = [
            "id",
            "series",
            "indicator_code",
            "period",
            "year",
            "value",
            "disaggregation",
            "sdmx",
            "status",
            "status_code",
            "footnote",
        ]

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "string"}})
    def get_disaggregation(self, obj) -> dict:
        return {str(k): str(v) for k, v in (obj.disaggregation or {}).items()}

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_sdmx(self, obj) -> dict:
        return obj.sdmx or {}
