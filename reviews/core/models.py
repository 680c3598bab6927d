"""Countries, their reviews (VNRs), who belongs to a review in which role, and the audit log."""

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from reviews import rules as perms
from vnr_portal.common.languages import language_name

# Languages a report can be written in (wider than the interface's languages).
REPORT_LANGUAGES = [
    ("en", _("English")),
    ("zh-Hans", _("Chinese (Simplified)")),
    ("ar", _("Arabic")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ru", _("Russian")),
    ("bn", _("Bengali")),
    ("hi", _("Hindi")),
    ("ne", _("Nepali")),
    ("id", _("Indonesian")),
    ("pt", _("Portuguese")),
    ("sm", _("Samoan")),
    ("ka", _("Georgian")),
    ("mn", _("Mongolian")),
    ("th", _("Thai")),
    ("vi", _("Vietnamese")),
]


def report_language_name(code: str) -> str:
    """The name of a language code in the active language: its report-language label, else
    the interface's or Django's name for it, else the code."""
    return str(dict(REPORT_LANGUAGES).get(code) or language_name(code))


class Country(RulesModel):
    name = models.CharField(_("name"), max_length=120, unique=True)
    iso3 = models.CharField(_("ISO 3166 alpha-3 code"), max_length=3, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        rules_permissions = {
            "view": perms.can_view_country,
            "add_review": perms.can_add_review_for_country,
        }

    def __str__(self):
        return self.name


class Stage(models.TextChoices):
    PREPARATION = "preparation", _("Preparation")
    DRAFTING = "drafting", _("Drafting")
    CONSULTATION = "consultation", _("Consultation")
    APPROVAL = "approval", _("Approval")
    PUBLICATION = "publication", _("Publication")
    PUBLISHED = "published", _("Published")


class VoteMajority(models.TextChoices):
    SIMPLE = "simple", _("More approvals than rejections")
    TWO_THIRDS = "two_thirds", _("At least two thirds of the approvals and rejections")
    ABSOLUTE = "absolute", _("Approvals from more than half of all council members")


class Review(RulesModel):
    """One VNR of a country: a review in progress, or the record of a past one."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("country"))
    title = models.CharField(_("title"), max_length=200)
    hlpf_year = models.PositiveSmallIntegerField(
        _("year presented at the HLPF"), validators=[MinValueValidator(2016), MaxValueValidator(2100)]
    )
    languages = models.JSONField(_("report languages"), default=list, blank=True)
    previous_review = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_reviews",
        verbose_name=_("previous VNR"),
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.PREPARATION)
    # A past review kept only as a record (year, title, its published PDF): no workspace.
    is_record = models.BooleanField(_("record of a past review"), default=False)
    published_pdf = models.FileField(
        _("published report (PDF)"),
        upload_to="reviews/published/",
        blank=True,
        validators=[FileExtensionValidator(["pdf"])],
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Rules of the review's approval.
    # Off: a reviewer never approves (nor requests changes to) a revision they wrote or a
    # section they are assigned to edit (`rules.may_decide_own_work`). On: they may, for a
    # small team where the reviewers also write.
    allow_self_approval = models.BooleanField(
        _("reviewers may decide on their own text"),
        default=False,
        help_text=_(
            "Usually off: a section's text is approved by a reviewer who neither wrote it nor is assigned to edit "
            "it. Turn on only when the reviewers also write and nobody else can approve."
        ),
    )
    vote_quorum_percent = models.PositiveSmallIntegerField(
        _("quorum of the council's vote (%)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The share of council members who must vote (abstentions count) for the vote to be valid."),
    )
    vote_majority = models.CharField(
        _("majority needed"), max_length=20, choices=VoteMajority.choices, default=VoteMajority.SIMPLE
    )
    # Set when the council approved the report: its content is read-only until reopened.
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True)
    # The picture on the report's cover (an emblem or a photo), checked on upload.
    cover_image = models.FileField(_("cover picture"), upload_to="reviews/covers/", blank=True)
    cover_image_alt = models.CharField(_("text alternative of the cover picture"), max_length=300, blank=True)
    # The country's indicator data as this review used it (taken when it is published, or
    # recorded for a past review): the next review measures progress since these figures.
    data_snapshot = models.ForeignKey(
        "indicators.DataSnapshot",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("data used"),
    )

    class Meta:
        ordering = ["country__name", "-hlpf_year"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["country", "hlpf_year"], name="one_review_per_country_and_year"),
            models.CheckConstraint(condition=~Q(previous_review=models.F("pk")), name="review_not_its_own_previous"),
        ]
        rules_permissions = {
            "view": perms.can_view_review,
            "change": perms.can_manage_review,
        }

    def __str__(self):
        return f"{self.country} — {self.title} ({self.hlpf_year})"

    def get_absolute_url(self) -> str:
        return reverse("reviews:review-detail", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class MemberRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    EDITOR = "editor", _("Editor")
    FOCAL_POINT = "focal_point", _("Ministry focal point")
    STATISTICIAN = "statistician", _("Statistician")
    REVIEWER = "reviewer", _("Reviewer")
    COUNCIL_MEMBER = "council_member", _("Council member")
    MODERATOR = "moderator", _("Moderator")


class Membership(RulesModel):
    """A role a person holds in one review; a person may hold several."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("review"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vnr_memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    ministry = models.ForeignKey(
        "reviews.Ministry",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("ministry"),
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        ordering = ["user__last_name", "user__username", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["review", "user", "role"], name="one_membership_per_role"),
            models.CheckConstraint(
                condition=(Q(role="focal_point") & Q(ministry__isnull=False))
                | (~Q(role="focal_point") & Q(ministry__isnull=True)),
                name="focal_point_bound_to_one_ministry",
            ),
        ]
        rules_permissions = {"view": perms.can_view_review, "change": perms.can_manage_review}

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}"


class Notification(models.Model):
    """A message to one person in the app, also e-mailed by a Celery task."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment on your section")
        REVIEW_REQUESTED = "review_requested", _("Review requested")
        VOTE_OPENED = "vote_opened", _("Vote opened")
        DEADLINE = "deadline", _("Deadline near")
        OTHER = "other", _("Other")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vnr_notifications", verbose_name=_("person")
    )
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications", verbose_name=_("review")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    message = models.CharField(_("message"), max_length=500)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # Identifies what the notification is about, so that the same one is never sent twice
    # (e.g. "deadline:section:12:2027-03-01").
    key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], condition=~Q(key=""), name="one_notification_per_key")
        ]

    def __str__(self):
        return self.message


class AuditEntry(models.Model):
    """An immutable record of a decision: who did what, when, to what."""

    review = models.ForeignKey(
        Review, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_entries", verbose_name=_("review")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=60)
    # A readable description of what the action was about, kept as text so that it
    # survives the object's later renaming or deletion.
    summary = models.CharField(_("what"), max_length=500)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}: {self.summary}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit entries cannot be deleted.")
