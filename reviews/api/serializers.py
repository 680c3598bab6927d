from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reviews.core.models import Review
from reviews.drafting.models import Section, SectionRevision
from reviews.followup.models import Commitment, CommitmentStatus, CommitmentUpdate
from reviews.publishing.models import Edition
from reviews.reporting.models import ProgressReport
from reviews.workspace.models import GoalAssignment, Ministry


class ReviewSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.iso3")
    country_name = serializers.CharField(source="country.name")

    class Meta:
        model = Review
        fields = ["id", "title", "country", "country_name", "hlpf_year", "stage", "is_record", "languages", "frozen_at"]


class MinistrySerializer(serializers.ModelSerializer):
    """A ministry; its focal point's contact only for those who may see contacts."""

    focal_point_email = serializers.SerializerMethodField()

    class Meta:
        model = Ministry
        fields = ["id", "name", "acronym", "parent", "focal_point_name", "focal_point_email"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_focal_point_email(self, obj):
        return obj.focal_point_email if self.context.get("show_contacts") else None


class GoalAssignmentSerializer(serializers.ModelSerializer):
    goal = serializers.IntegerField(source="goal.number")

    class Meta:
        model = GoalAssignment
        fields = ["id", "ministry", "goal", "role"]


class CommitmentSerializer(serializers.ModelSerializer):
    goals = serializers.SerializerMethodField()
    targets = serializers.SerializerMethodField()
    ministries = serializers.SerializerMethodField()
    status = serializers.CharField(source="current_status", allow_null=True)
    pending_updates = serializers.IntegerField(source="pending")

    class Meta:
        model = Commitment
        fields = ["id", "text", "kind", "source_review", "goals", "targets", "ministries", "status", "pending_updates"]

    def get_goals(self, obj) -> list[int]:
        return [goal.number for goal in obj.goals.all()]

    def get_targets(self, obj) -> list[str]:
        return [target.code for target in obj.targets.all()]

    def get_ministries(self, obj) -> list[int]:
        return [ministry.pk for ministry in obj.ministries.all()]


class ProgressReportSerializer(serializers.ModelSerializer):
    goal = serializers.IntegerField(source="goal.number")

    class Meta:
        model = ProgressReport
        fields = ["id", "round", "ministry", "goal", "role", "lead_report", "status", "deadline", "submitted_at"]


class EditionSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Edition
        fields = [
            "id",
            "format",
            "language",
            "is_final",
            "is_public",
            "status",
            "content_hash",
            "finished_at",
            "page_count",
            "size",
            "download_url",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download_url(self, obj):
        if obj.status != "done" or not obj.file:
            return None
        url = reverse("reviews:edition-download", kwargs={"pk": obj.review_id, "edition_pk": obj.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class CommitmentUpdateInputSerializer(serializers.Serializer):
    """A focal point's (or a coordinator's) update of a commitment, waiting for a reviewer."""

    status = serializers.ChoiceField(choices=CommitmentStatus.choices)
    narrative = serializers.CharField(required=False, allow_blank=True, max_length=20000, default="")
    links = serializers.ListField(
        child=serializers.URLField(max_length=500), required=False, default=list, max_length=20
    )
    replaced_by = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=10**15)


class CommitmentUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommitmentUpdate
        fields = ["id", "commitment", "status", "narrative", "evidence_links", "replaced_by", "state", "submitted_at"]


class SectionSerializer(serializers.ModelSerializer):
    """A section of the outline with its current text (HTML, sanitized when it was saved)."""

    goal = serializers.IntegerField(source="goal.number", allow_null=True)

    class Meta:
        model = Section
        fields = [
            "id",
            "parent",
            "position",
            "kind",
            "goal",
            "title",
            "status",
            "version",
            "word_count",
            "word_limit",
            "due_date",
            "updated_at",
            "content",
        ]


class SectionRevisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = SectionRevision
        fields = ["id", "section", "number", "word_count", "created_at", "restored_from", "content"]
