"""Ministry progress reports: versioned templates, reporting rounds, reports and their
answers, attachments, submissions and reviewers' comments."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from indicators.models import Goal
from reviews import rules as perms
from reviews.core.models import Review
from reviews.core.presets import preset_shown
from reviews.workspace.models import GoalRole, Ministry


class ReportTemplate(RulesModel):
    """One version of a review's progress-report template.

    A version is edited until the first report uses it; a later change makes a new
    version, so that no report's questions change under it.
    """

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="report_templates", verbose_name=_("review")
    )
    version = models.PositiveIntegerField(_("version"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["review", "-version"]
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        constraints = [models.UniqueConstraint(fields=["review", "version"], name="unique_template_version")]
        rules_permissions = {"view": perms.can_view_review, "change": perms.can_manage_review}

    def __str__(self):
        return f"{self.review} — v{self.version}"


class QuestionType(models.TextChoices):
    RICH_TEXT = "rich_text", _("Rich text")
    SHORT_TEXT = "short_text", _("Short text")
    NUMBER = "number", _("Number")
    CHOICE = "choice", _("Choice")
    TABLE = "table", _("Table")
    INDICATORS = "indicators", _("Reference to indicators")
    FILE = "file", _("File")


class TemplateQuestion(models.Model):
    """A question of a template version. `key` stays the same across versions, so an
    answer keeps its question when the template changes."""

    template = models.ForeignKey(
        ReportTemplate, on_delete=models.CASCADE, related_name="questions", verbose_name=_("template")
    )
    key = models.SlugField(_("key"), max_length=50)
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=500)
    guidance = models.TextField(_("guidance"), blank=True, max_length=5000)
    type = models.CharField(_("type"), max_length=20, choices=QuestionType.choices, default=QuestionType.RICH_TEXT)
    required = models.BooleanField(_("required"), default=False)
    word_limit = models.PositiveIntegerField(
        _("word limit"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    # CHOICE: the options; TABLE: the column headings.
    options = models.JSONField(_("options or columns"), default=list, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [models.UniqueConstraint(fields=["template", "key"], name="unique_question_key")]

    def __str__(self):
        return self.text_shown

    @property
    def text_shown(self) -> str:
        """The question in the reader's language while it is the unchanged preset."""
        from reviews.reporting.presets import PRESET_TEXTS

        return preset_shown(self.text, PRESET_TEXTS)

    @property
    def guidance_shown(self) -> str:
        from reviews.reporting.presets import PRESET_TEXTS

        return preset_shown(self.guidance, PRESET_TEXTS)


class ReportingRound(RulesModel):
    """A call for progress reports with its deadline (and deadlines by role)."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="reporting_rounds", verbose_name=_("review")
    )
    title = models.CharField(_("title"), max_length=200)
    deadline = models.DateField(_("deadline"))
    # Other deadlines for co-leads' and associates' contributions, if earlier.
    contribution_deadline = models.DateField(_("deadline for contributions"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["review", "deadline"]
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        rules_permissions = {"view": perms.can_view_review, "change": perms.can_manage_review}

    def __str__(self):
        return self.title


class ReportStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")
    INCORPORATED = "incorporated", _("Incorporated")


FILLABLE_STATUSES = (ReportStatus.NOT_STARTED, ReportStatus.DRAFT, ReportStatus.RETURNED)


class ProgressReport(RulesModel):
    """A ministry's report on a goal in a round: the lead's report, or a co-lead's or an
    associate's contribution to it (`lead_report`)."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="progress_reports", verbose_name=_("review")
    )
    round = models.ForeignKey(
        ReportingRound, on_delete=models.CASCADE, related_name="reports", verbose_name=_("reporting round")
    )
    ministry = models.ForeignKey(
        Ministry, on_delete=models.CASCADE, related_name="progress_reports", verbose_name=_("ministry")
    )
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="+", verbose_name=_("goal"))
    role = models.CharField(_("role"), max_length=20, choices=GoalRole.choices)
    lead_report = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("contribution to"),
    )
    template = models.ForeignKey(
        ReportTemplate, on_delete=models.PROTECT, related_name="reports", verbose_name=_("template")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.NOT_STARTED
    )
    deadline = models.DateField(_("deadline"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)

    class Meta:
        ordering = ["goal__number", "ministry__name"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(fields=["round", "ministry", "goal"], name="one_report_per_round_ministry_goal"),
            models.CheckConstraint(
                condition=(Q(role="lead") & Q(lead_report__isnull=True)) | ~Q(role="lead"),
                name="lead_report_is_not_a_contribution",
            ),
        ]
        rules_permissions = {"view": perms.can_view_progress_report, "change": perms.can_fill_progress_report}

    def __str__(self):
        return f"{self.ministry} — {self.goal_id} ({self.round})"

    @property
    def is_contribution(self) -> bool:
        return self.role != GoalRole.LEAD

    @property
    def is_fillable(self) -> bool:
        """Its ministry may still change the answers: not submitted nor decided."""
        return self.status in FILLABLE_STATUSES


class ReportAnswer(models.Model):
    """The answer to one question (by key) of a report; the value's shape follows the type:
    text/HTML (str), number (str of a decimal), choice (str), table (list of rows),
    indicators (list of codes)."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="answers", verbose_name=_("report")
    )
    question_key = models.SlugField(_("question"), max_length=50)
    value = models.JSONField(_("answer"), default=str, blank=True)
    word_count = models.PositiveIntegerField(_("words"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["report", "question_key"], name="one_answer_per_question")]

    def __str__(self):
        return f"{self.report} — {self.question_key}"


class ReportAttachment(models.Model):
    """Evidence attached to a report (PDF, DOCX, XLSX, CSV), checked on upload."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("report")
    )
    question_key = models.SlugField(_("question"), max_length=50, blank=True)
    file = models.FileField(_("file"), upload_to="reports/attachments/")
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name


class ReportSubmission(models.Model):
    """A frozen copy of a report's answers at each submission: its history."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("report")
    )
    number = models.PositiveIntegerField(_("number"))
    answers = models.JSONField(_("answers"), default=dict)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    # The reviewer's decision on this submission.
    decision = models.CharField(
        _("decision"),
        max_length=20,
        blank=True,
        choices=[
            (ReportStatus.RETURNED, ReportStatus.RETURNED.label),
            (ReportStatus.ACCEPTED, ReportStatus.ACCEPTED.label),
        ],
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=5000)

    class Meta:
        ordering = ["report", "-number"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="unique_submission_number")]

    def __str__(self):
        return f"{self.report} #{self.number}"


class ReportQuestionComment(models.Model):
    """A reviewer's comment on one question of a submission being returned."""

    submission = models.ForeignKey(
        ReportSubmission, on_delete=models.CASCADE, related_name="comments", verbose_name=_("submission")
    )
    question_key = models.SlugField(_("question"), max_length=50)
    body = models.TextField(_("comment"), max_length=5000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment on a question")
        verbose_name_plural = _("comments on questions")

    def __str__(self):
        return self.body[:60]


class ReportIncorporation(models.Model):
    """A passage of an accepted report taken into a section of the draft."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="incorporations", verbose_name=_("report")
    )
    section = models.ForeignKey(
        "reviews.Section", on_delete=models.CASCADE, related_name="incorporations", verbose_name=_("section")
    )
    question_key = models.SlugField(_("question"), max_length=50, blank=True)
    revision_number = models.PositiveIntegerField(_("into revision"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("incorporation")
        verbose_name_plural = _("incorporations")

    def __str__(self):
        return f"{self.report} → {self.section}"
