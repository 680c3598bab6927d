"""A ministry's progress report through the API: save its answers as a draft and submit it,
through the report page's form (the same field per question, the same checks) and the same
services as its Save and Submit buttons (audited as they are). For whoever may fill the
report by the rules (its ministry's focal points); a submitted report refuses both (409)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from reviews.reporting.forms.progress_reports import ReportFillForm, field_name
from reviews.reporting.models import ProgressReport, QuestionType, ReportAnswer, ReportSubmission
from reviews.reporting.selectors import progress_reports as selectors
from reviews.reporting.services import progress_reports as services
from reviews.reporting.services.progress_reports import MAX_TABLE_ROWS

from .views import ReviewScopedList

FILL = "reviews.change_progressreport"

MESSAGES = {
    "unknown": _("This report has no such question."),
    "file": _("Files are attached on the report's page, not through the API."),
    "text": _("Give text (a string) or null."),
    "number": _("Give a number (such as 12.5) or null."),
    "table": _("Give a list of rows, each a list of cells (text or numbers)."),
    "indicators": _("Give a list of indicator codes (such as 3.1.1) or null."),
}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


# --- Serializers ---------------------------------------------------------------------------


class AnswersInputSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.JSONField(allow_null=True),
        allow_empty=True,
        help_text=_(
            "{question key: answer}: text for text and choice questions, a number for number "
            "questions, a list of rows (lists of cells) for tables, a list of indicator codes. "
            "Questions not named keep their answer; null clears one."
        ),
    )


class ReportAnswersSerializer(serializers.ModelSerializer):
    """A report's status and its saved answers by question key."""

    answers = serializers.SerializerMethodField()

    class Meta:
        model = ProgressReport
        fields = ["id", "status", "submitted_at", "updated_at", "answers"]

    def get_answers(self, report) -> dict:
        return {a.question_key: a.value for a in ReportAnswer.objects.filter(report=report)}


class SubmissionSerializer(serializers.ModelSerializer):
    report = serializers.IntegerField(source="report_id")
    status = serializers.CharField(source="report.status")

    class Meta:
        model = ReportSubmission
        fields = ["report", "number", "status", "submitted_at"]


# --- From JSON to the form's fields ----------------------------------------------------------


def _cell(value) -> str | None:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return str(value)


def _form_data(question, value, errors: dict) -> dict:
    """The form's POST fields for one answer given as JSON; a message in `errors` when its
    shape is not one the question takes (the form then checks the content)."""
    name = field_name(question.key)
    kind = question.type
    if kind == QuestionType.FILE:
        errors[question.key] = [str(MESSAGES["file"])]
        return {}
    if kind == QuestionType.TABLE:
        rows = [] if value is None else value
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            errors[question.key] = [str(MESSAGES["table"])]
            return {}
        columns = len(question.options or []) or 1
        # One row more than allowed still reaches the form, which refuses it with its message.
        rows = rows[: MAX_TABLE_ROWS + 1]
        data = {f"{name}-rows": str(len(rows))}
        for r, row in enumerate(rows):
            for c in range(columns):
                cell = _cell(row[c]) if c < len(row) else ""
                if cell is None:
                    errors[question.key] = [str(MESSAGES["table"])]
                    return {}
                data[f"{name}-{r}-{c}"] = cell
        return data
    if kind == QuestionType.INDICATORS:
        if isinstance(value, list) and all(isinstance(code, str) for code in value):
            return {name: ", ".join(value)}
        if value is None or isinstance(value, str):
            return {name: value or ""}
        errors[question.key] = [str(MESSAGES["indicators"])]
        return {}
    if kind == QuestionType.NUMBER:
        text = _cell(value)
        if text is None:
            errors[question.key] = [str(MESSAGES["number"])]
            return {}
        return {name: text}
    if value is not None and not isinstance(value, str):
        errors[question.key] = [str(MESSAGES["text"])]
        return {}
    return {name: value or ""}


def _fill_form(report, answers: dict) -> tuple[ReportFillForm, list[str]]:
    """The report page's form bound to `answers`; 400 with the messages per question when
    a key is unknown, a shape wrong, or the form refuses a value."""
    questions = selectors.questions_of(report)
    by_key = {question.key: question for question in questions}
    errors: dict[str, list[str]] = {}
    data: dict[str, str] = {}
    for key, value in answers.items():
        question = by_key.get(key)
        if question is None:
            errors[str(key)[:100]] = [str(MESSAGES["unknown"])]
            continue
        data.update(_form_data(question, value, errors))
    if errors:
        raise exceptions.ValidationError({"answers": errors})
    form = ReportFillForm(data, {}, report=report, questions=questions, answers={})
    if not form.is_valid():
        keys = {field_name(question.key): question.key for question in questions}
        raise exceptions.ValidationError(
            {"answers": {keys.get(name, name): [str(m) for m in messages] for name, messages in form.errors.items()}}
        )
    return form, [key for key in answers if key in by_key]


# --- Views ---------------------------------------------------------------------------------


class ReportWrite(ReviewScopedList):
    """A report of the review that the user may fill (404 when there is none, 403 when it
    is another ministry's or the role does not fill reports)."""

    serializer_class = ReportAnswersSerializer

    def get_queryset(self):  # pragma: no cover (no list here)
        return ProgressReport.objects.none()

    def report(self) -> ProgressReport:
        report = selectors.report_queryset().filter(review=self.review, pk=self.kwargs["report_pk"]).first()
        if report is None:
            raise exceptions.NotFound(_("There is no such report in this review."))
        if not self.request.user.has_perm(FILL, report):
            self.permission_denied(
                self.request,
                message=_("You do not have the role that this report needs, or it is another ministry's."),
                code="permission_denied",
            )
        if not report.is_fillable:
            raise Conflict(services.MESSAGES["not_fillable"])
        return report


class ReportAnswersUpdate(ReportWrite):
    """Save answers of a progress report as a draft, as the report's Save button does (no
    check of required answers or word limits until it is submitted). Needs a read-write
    token (or the browser's session)."""

    http_method_names = ["put", "options"]

    @extend_schema(
        request=AnswersInputSerializer,
        responses={
            200: ReportAnswersSerializer,
            409: OpenApiResponse(description="The report is submitted or accepted: it cannot change now."),
        },
    )
    def put(self, request, *args, **kwargs):
        report = self.report()
        serializer = AnswersInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        form, keys = _fill_form(report, serializer.validated_data["answers"])
        answers = form.answers()
        try:
            services.report_answers_save(
                actor=request.user, report=report, answers={key: answers[key] for key in keys if key in answers}
            )
        except services.ReportNotFillable as refusal:
            raise Conflict(str(refusal)) from None
        return Response(ReportAnswersSerializer(report).data)


class ReportSubmit(ReportWrite):
    """Submit a progress report for review, as the report's Submit button does: required
    answers and word limits are checked (400 with a message per question, nothing
    changes), the answers kept as a submission, the reviewers notified, the audit log
    written. Needs a read-write token (or the browser's session)."""

    http_method_names = ["post", "options"]
    serializer_class = SubmissionSerializer

    @extend_schema(
        request=None,
        responses={
            201: SubmissionSerializer,
            409: OpenApiResponse(description="The report is submitted or accepted already."),
        },
    )
    def post(self, request, *args, **kwargs):
        report = self.report()
        try:
            submission = services.report_submit(actor=request.user, report=report)
        except services.ReportNotFillable as refusal:
            raise Conflict(str(refusal)) from None
        except DjangoValidationError as error:
            raise exceptions.ValidationError({"answers": error.message_dict}) from None
        return Response(SubmissionSerializer(submission).data, status=status.HTTP_201_CREATED)
