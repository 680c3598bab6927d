"""What people say in a round, how moderators handle it and how editors take it in."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from reviews.models import Review, SectionRevision

from .. import rules as perms
from .registry import Organisation, StakeholderCategory
from .rounds import ConsultationRound, RoundDocument, RoundQuestion


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Another gender")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class Classification(models.TextChoices):
    CONSTRUCTIVE = "constructive", _("Constructive")
    POLITICAL = "political", _("Political")
    HARMFUL = "harmful", _("Harmful or abusive")
    SPAM = "spam", _("Spam")
    OFF_TOPIC = "off_topic", _("Off topic")


class Visibility(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    # Flagged by enough people: hidden until a moderator decides.
    AWAITING = "awaiting", _("Waiting for a moderator")
    HIDDEN = "hidden", _("Hidden by a moderator")


class Uptake(models.TextChoices):
    ACCEPTED = "accepted", _("Taken in")
    PARTLY = "partly", _("Partly taken in")
    NOT_TAKEN = "not_taken", _("Not taken in")
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope")


class Contribution(models.Model):
    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        REWORDING = "rewording", _("Suggested rewording")
        GENERAL = "general", _("General submission")
        ANSWER = "answer", _("Answer to a question")

    round = models.ForeignKey(
        ConsultationRound, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("round")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COMMENT)
    document = models.ForeignKey(
        RoundDocument,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("section"),
    )
    # The paragraph of the frozen copy (0-based among its top-level blocks), when one was chosen.
    paragraph = models.PositiveIntegerField(_("paragraph"), null=True, blank=True)
    question = models.ForeignKey(
        RoundQuestion,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("question"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contributions", verbose_name=_("author")
    )
    on_behalf_of = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("on behalf of")
    )
    organisation_name = models.CharField(_("on behalf of (organisation)"), max_length=200, blank=True)
    body = models.TextField(_("contribution"))  # plain text; length limited by the round
    quote = models.TextField(_("passage"), max_length=2000, blank=True)
    proposed_text = models.TextField(_("proposed wording"), blank=True)  # plain text, for a rewording
    language = models.CharField(_("language"), max_length=10, blank=True)
    # Self-declared, optional: feed the inclusiveness figures.
    declared_category = models.ForeignKey(
        StakeholderCategory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("you are"),
    )
    declared_region = models.CharField(_("region"), max_length=120, blank=True)
    declared_gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    created_at = models.DateTimeField(_("written"), default=timezone.now, db_index=True)

    # Moderation.
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.VISIBLE
    )
    classification = models.CharField(_("class"), max_length=20, choices=Classification.choices, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderator"),
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    flag_count = models.PositiveIntegerField(_("flags"), default=0)

    # Taking it in.
    uptake = models.CharField(_("taken in?"), max_length=20, choices=Uptake.choices, blank=True)
    uptake_reason = models.TextField(_("reason"), max_length=2000, blank=True)
    uptake_revision = models.ForeignKey(
        SectionRevision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("revision")
    )
    uptake_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    uptake_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        indexes = [models.Index(fields=["round", "visibility"]), models.Index(fields=["author", "created_at"])]

    def __str__(self):
        return self.body[:80]

    @property
    def review_id(self):
        return self.round.review_id

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.VISIBLE


class ContributionAttachment(models.Model):
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("contribution")
    )
    file = models.FileField(_("file"), upload_to="stakeholders/attachments/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class ContributionFlag(models.Model):
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="flags", verbose_name=_("contribution")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("flagged by")
    )
    reason = models.CharField(_("why"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("flagged"), default=timezone.now)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [models.UniqueConstraint(fields=["contribution", "user"], name="one_flag_per_person")]


class ResponseTemplate(RulesModel):
    """A prepared answer for one class of feedback, in one language."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="response_templates", verbose_name=_("review")
    )
    classification = models.CharField(_("for"), max_length=20, choices=Classification.choices)
    language = models.CharField(_("language"), max_length=10)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("answer"), max_length=5000)

    class Meta:
        ordering = ["classification", "language", "title"]
        verbose_name = _("response template")
        verbose_name_plural = _("response templates")
        rules_permissions = {"view": perms.can_moderate, "change": perms.can_moderate}

    def __str__(self):
        return self.title


class ModeratorResponse(models.Model):
    """A moderator's public answer under a contribution."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="responses", verbose_name=_("contribution")
    )
    template = models.ForeignKey(
        ResponseTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("template")
    )
    body = models.TextField(_("answer"), max_length=5000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("moderator's answer")
        verbose_name_plural = _("moderators' answers")


class SurveyResponse(models.Model):
    """After a round: did the participant feel heard? One answer per person and round."""

    round = models.ForeignKey(
        ConsultationRound, on_delete=models.CASCADE, related_name="survey_responses", verbose_name=_("round")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("account")
    )
    # 1 (not at all) … 5 (completely).
    felt_heard = models.PositiveSmallIntegerField(_("did you feel heard?"))
    process_clear = models.PositiveSmallIntegerField(_("was the process clear?"))
    would_take_part_again = models.BooleanField(_("would you take part again?"))
    comment = models.TextField(_("anything else"), max_length=2000, blank=True)
    declared_category = models.ForeignKey(
        StakeholderCategory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("you are"),
    )
    created_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="one_survey_answer_per_round"),
            models.CheckConstraint(condition=Q(felt_heard__gte=1, felt_heard__lte=5), name="felt_heard_1_to_5"),
            models.CheckConstraint(
                condition=Q(process_clear__gte=1, process_clear__lte=5), name="process_clear_1_to_5"
            ),
        ]


class EngagementBaseline(models.Model):
    """The first VNR's engagement figures, entered by hand, shown beside the second's."""

    review = models.OneToOneField(
        Review, on_delete=models.CASCADE, related_name="engagement_baseline", verbose_name=_("review")
    )
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    contributions = models.PositiveIntegerField(_("contributions"), null=True, blank=True)
    organisations = models.PositiveIntegerField(_("organisations"), null=True, blank=True)
    felt_heard_percent = models.PositiveSmallIntegerField(_("felt heard (%)"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("baseline of the first VNR")
        verbose_name_plural = _("baselines of the first VNR")
