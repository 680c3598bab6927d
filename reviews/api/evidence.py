"""The review's indicator data through the API: progress assessments (read, through the same
selector as the data pages) and imports of indicator observations (write, as a task with a
status address), through the import page's form, services and Celery task — never a second
validation."""

from __future__ import annotations

import math

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiRequest, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from indicators.evidence.assessments import goal_aggregates
from indicators.evidence.importers.base import max_bytes
from indicators.evidence.models import Series
from indicators.evidence.selectors import series_for_country
from reviews.evidence.forms.imports import ImportForm
from reviews.evidence.models import ImportJob
from reviews.evidence.selectors import first_vnr_year, import_job_get, review_progress
from reviews.evidence.services.imports import MAX_UPLOADS, import_job_create

from .views import ReviewScopedList

MANAGE = "reviews.manage_evidence"
# What a multipart body may add to the files themselves (boundaries, headers, the flag).
MULTIPART_SLACK_BYTES = 1024 * 1024


# --- Serializers ---------------------------------------------------------------------------


def _number(value):
    """A float as JSON can carry it: ±inf (an overflowing projection) and NaN as null."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return value


class _FiniteNumbersSerializer(serializers.Serializer):
    """A dataclass of the method read attribute by attribute, its floats made JSON-safe."""

    def to_representation(self, instance):
        return {name: _number(getattr(instance, name)) for name in self.fields}


class AssessmentSerializer(_FiniteNumbersSerializer):
    """One computed assessment (indicators.progress.Assessment)."""

    category = serializers.CharField()
    baseline_year = serializers.IntegerField()
    effective_baseline_year = serializers.IntegerField(allow_null=True)
    target_year = serializers.IntegerField()
    baseline_value = serializers.FloatField(allow_null=True)
    target_value = serializers.FloatField(allow_null=True)
    anticipated_2030 = serializers.FloatField(allow_null=True)
    ratio = serializers.FloatField(allow_null=True)
    current_status = serializers.FloatField(allow_null=True)
    method = serializers.CharField(allow_null=True)
    point_count = serializers.IntegerField()
    latest_year = serializers.IntegerField(allow_null=True)
    latest_value = serializers.FloatField(allow_null=True)
    latest_meets_target = serializers.BooleanField(allow_null=True)


class OverrideSerializer(serializers.Serializer):
    """The statistician's latest override of a computed category, shown beside it."""

    category = serializers.CharField(allow_blank=True)
    computed_category = serializers.CharField()
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()


class SeriesAssessmentSerializer(serializers.Serializer):
    series = serializers.IntegerField(source="series.pk")
    indicator_code = serializers.CharField(source="series.indicator_code")
    code = serializers.CharField(source="series.code")
    unit = serializers.CharField(source="series.unit")
    polarity = serializers.CharField(source="series.polarity")
    category = serializers.CharField(
        allow_null=True, help_text=_("The category shown since 2015: the override's when there is one.")
    )
    category_since_first_vnr = serializers.CharField(allow_null=True)
    since_2015 = AssessmentSerializer(allow_null=True)
    since_first_vnr = AssessmentSerializer(allow_null=True)
    at_first_vnr = AssessmentSerializer(allow_null=True)
    override_2015 = OverrideSerializer(allow_null=True)
    override_first_vnr = OverrideSerializer(allow_null=True)


class AggregateSerializer(_FiniteNumbersSerializer):
    category = serializers.CharField()
    current_status_index = serializers.FloatField(allow_null=True)
    anticipated_index = serializers.FloatField(allow_null=True)
    count = serializers.IntegerField()
    total = serializers.IntegerField()
    baseline_year = serializers.IntegerField(allow_null=True)
    target_year = serializers.IntegerField(allow_null=True)
    latest_year = serializers.IntegerField(allow_null=True)
    expected_progress = serializers.FloatField(allow_null=True)
    current_status_band = serializers.CharField(allow_null=True)


class GoalAssessmentSerializer(serializers.Serializer):
    goal = serializers.IntegerField()
    since_2015 = AggregateSerializer(allow_null=True)
    since_first_vnr = AggregateSerializer(allow_null=True)


class ImportJobSerializer(serializers.ModelSerializer):
    """An import as its page shows it: status, progress, and once done the summary's counts
    and the problems found, by file, line and column (at most ImportJob.MAX_STORED_ERRORS;
    `errors_total` counts them all)."""

    url = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()
    counts = serializers.SerializerMethodField()
    errors = serializers.SerializerMethodField()
    errors_total = serializers.SerializerMethodField()
    is_stale = serializers.BooleanField()

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "url",
            "status",
            "is_stale",
            "files",
            "skip_invalid_rows",
            "progress",
            "counts",
            "errors",
            "errors_total",
            "error",
            "created_at",
            "started_at",
            "finished_at",
        ]

    def get_url(self, job) -> str:
        return reverse("api:review-import-job", args=[job.review_id, job.pk])

    def get_files(self, job) -> list[str]:
        return job.file_names

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "files_done": {"type": "integer"},
                "files_total": {"type": "integer"},
                "current_file": {"type": "string"},
            },
            "required": ["files_done", "files_total", "current_file"],
        }
    )
    def get_progress(self, job) -> dict:
        return {"files_done": job.files_done, "files_total": job.files_total, "current_file": job.current_file}

    @extend_schema_field(
        {
            "type": "object",
            "description": "The import's summary once done: files, observations_imported, rows_rejected…",
            "additionalProperties": {"oneOf": [{"type": "integer"}, {"type": "string"}, {"type": "array"}]},
        }
    )
    def get_counts(self, job) -> dict:
        return {key: value for key, value in (job.summary or {}).items() if key not in ("errors", "errors_total")}

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "file": {"type": "string"},
                    "line": {"type": "integer", "nullable": True},
                    "column": {"type": "string"},
                    "reason": {"type": "string"},
                },
            },
        }
    )
    def get_errors(self, job) -> list:
        return list((job.summary or {}).get("errors", []))

    def get_errors_total(self, job) -> int:
        return int((job.summary or {}).get("errors_total", 0))


# --- Views ---------------------------------------------------------------------------------


class SeriesAssessmentList(ReviewScopedList):
    """Every series of the review's country with its progress assessment since 2015 and
    since the first VNR (the first VNR also judged on its own figures), the statistician's
    override beside the computed category — as the data pages show them."""

    perm = "reviews.view_evidence"
    serializer_class = SeriesAssessmentSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Series.objects.none()
        return series_for_country(self.review.country.iso3)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        progress = review_progress(self.review, series=page)
        return self.get_paginated_response(self.get_serializer(progress, many=True).data)


class GoalAssessmentList(ReviewScopedList):
    """The Goal aggregates (series → indicator → target → Goal) since 2015 and since the
    first VNR, as the Data page's tiles show them; Goals without an assessed series are
    left out."""

    perm = "reviews.view_evidence"
    serializer_class = GoalAssessmentSerializer
    pagination_class = None

    def get_queryset(self):  # pragma: no cover (the list is computed, not a queryset)
        return Series.objects.none()

    def list(self, request, *args, **kwargs):
        progress = review_progress(self.review)
        since_2015 = goal_aggregates(progress)
        since_first = goal_aggregates(progress, since="first_vnr") if first_vnr_year(self.review) else {}
        rows = [
            {"goal": number, "since_2015": since_2015.get(number), "since_first_vnr": since_first.get(number)}
            for number in sorted(set(since_2015) | set(since_first))
        ]
        return Response(GoalAssessmentSerializer(rows, many=True).data)


class ImportCreate(ReviewScopedList):
    """Import indicator observations: the files as the import page takes them (`files`,
    one or more: Open SDG CSV, long CSV or XLSX, SDMX-ML, or a zip of an Open SDG folder)
    and `skip_invalid_rows`. Checked as the page checks them (type by content, size, zip);
    then a job is queued and the answer is 202 with its status address in `Location`. For
    the statisticians and coordinators; needs a read-write token (or the browser's
    session)."""

    perm = MANAGE
    http_method_names = ["post", "options"]
    parser_classes = [MultiPartParser]
    serializer_class = ImportJobSerializer

    def get_queryset(self):  # pragma: no cover (no list here)
        return ImportJob.objects.none()

    @extend_schema(
        request={
            "multipart/form-data": OpenApiRequest(
                {
                    "type": "object",
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "minItems": 1,
                            "maxItems": MAX_UPLOADS,
                        },
                        "skip_invalid_rows": {"type": "boolean"},
                    },
                    "required": ["files"],
                },
                # The import judges a file by its name's type (.csv, .xlsx, .xml, .zip) and
                # its content: not empty, a CSV without NUL bytes, an xlsx or zip a zip.
                encoding={
                    "files": {
                        "contentType": "text/csv, application/zip, application/xml, "
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        "headers": {
                            "Content-Disposition": {
                                "schema": {
                                    "type": "string",
                                    "example": 'form-data; name="files"; filename="indicator_1-2-1.csv"',
                                }
                            }
                        },
                    }
                },
            )
        },
        responses={
            202: ImportJobSerializer,
            413: OpenApiResponse(description="The body is larger than the import takes."),
        },
    )
    def post(self, request, *args, **kwargs):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > max_bytes() + MULTIPART_SLACK_BYTES:
            raise TooLarge(_("The files can be at most %(max)d MB at once.") % {"max": max_bytes() // 1024 // 1024})
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            raise exceptions.ValidationError({key: [str(m) for m in value] for key, value in form.errors.items()})
        job = import_job_create(
            actor=request.user,
            review=self.review,
            uploads=form.cleaned_data["files"],
            skip_invalid_rows=form.cleaned_data["skip_invalid_rows"],
        )
        job.refresh_from_db()
        data = ImportJobSerializer(job).data
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": data["url"]})


class ImportJobDetail(ReviewScopedList):
    """An import's status: queued, running (with its progress), done (its counts and the
    rows refused, by file, line and column) or failed (the reason)."""

    perm = MANAGE
    serializer_class = ImportJobSerializer
    pagination_class = None
    # One object, not a list (how drf-spectacular tells them apart on a generic view).
    action = "retrieve"

    def get_queryset(self):  # pragma: no cover (one object)
        return ImportJob.objects.none()

    def get(self, request, *args, **kwargs):
        return Response(ImportJobSerializer(import_job_get(self.review, self.kwargs["job_pk"])).data)


class TooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"
