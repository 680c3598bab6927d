"""Who the review engages: categories, organisations and their contacts, standing groups
and their meetings, and the engagement plan with what each activity reached."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from reviews.models import Review, Stage
from stakeholders import rules as perms

# The categories a new review starts with (the coordinator may rename, add or remove).
DEFAULT_CATEGORIES = [
    ("civil_society", _("Civil society")),
    ("private_sector", _("Private sector")),
    ("academia", _("Academia")),
    ("subnational", _("Sub-national government")),
    ("un_agencies", _("UN agencies")),
    ("development_partners", _("Development partners")),
    ("parliament", _("Parliament")),
    ("youth", _("Youth")),
    ("women", _("Women")),
    ("disability", _("Persons with disabilities")),
    ("left_behind", _("Other groups at risk of being left behind")),
]

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class StakeholderCategory(RulesModel):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="stakeholder_categories", verbose_name=_("review")
    )
    # Stable identifier of a default category ("youth"); blank for one added by hand.
    key = models.SlugField(_("key"), max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=120)
    # Groups at risk of being left behind, counted apart on the inclusiveness dashboard.
    at_risk = models.BooleanField(_("at risk of being left behind"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("stakeholder category")
        verbose_name_plural = _("stakeholder categories")
        constraints = [models.UniqueConstraint(fields=["review", "name"], name="one_category_name_per_review")]
        rules_permissions = {"view": perms.can_view_engagement, "change": perms.can_manage_engagement}

    def __str__(self):
        return self.name


class Organisation(RulesModel):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="organisations", verbose_name=_("review"))
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    category = models.ForeignKey(
        StakeholderCategory, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("category")
    )
    region = models.CharField(_("region"), max_length=120, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    # The stakeholder map: how much the review matters to them, how much they can move it.
    interest = models.PositiveSmallIntegerField(_("interest (1–5)"), default=3, validators=LEVEL_VALIDATORS)
    influence = models.PositiveSmallIntegerField(_("influence (1–5)"), default=3, validators=LEVEL_VALIDATORS)
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [models.UniqueConstraint(fields=["review", "name"], name="one_organisation_name_per_review")]
        rules_permissions = {"view": perms.can_view_engagement, "change": perms.can_manage_engagement}

    def __str__(self):
        return self.name


class Contact(RulesModel):
    """A person at an organisation: personal data, shown to the taskforce only, kept with consent."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    consent_at = models.DateTimeField(_("consent given"))
    consent_note = models.CharField(
        _("how consent was given"), max_length=300, help_text=_("For example: signed form at the workshop of 3 May.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    @property
    def review_id(self):
        return self.organisation.review_id

    def __str__(self):
        return self.name


class StandingGroup(RulesModel):
    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("Committee")
        CSO_SUBGROUP = "cso_subgroup", _("CSO subgroup")
        WORKING_GROUP = "working_group", _("Thematic working group")

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="standing_groups", verbose_name=_("review")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CSO_SUBGROUP)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    meets_every = models.CharField(
        _("meets"), max_length=120, blank=True, help_text=_("For example: every first Tuesday.")
    )
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="standing_groups", verbose_name=_("member organisations")
    )
    # Accounts of the group's members: a working group's round is open to them.
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="standing_groups", verbose_name=_("member accounts")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("standing group")
        verbose_name_plural = _("standing groups")
        rules_permissions = {"view": perms.can_view_engagement, "change": perms.can_manage_engagement}

    def __str__(self):
        return self.name


class GroupMeeting(RulesModel):
    group = models.ForeignKey(StandingGroup, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("group"))
    date = models.DateField(_("date"))
    agenda = models.TextField(_("agenda"), max_length=5000, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)  # sanitized HTML
    attendees = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("organisations present")
    )
    attendance = models.PositiveIntegerField(_("people present"), null=True, blank=True)
    round = models.ForeignKey(
        "stakeholders.ConsultationRound",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("consultation round"),
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    @property
    def review_id(self):
        return self.group.review_id

    def __str__(self):
        return f"{self.group} — {self.date}"


class EngagementActivity(RulesModel):
    """A planned engagement activity and, once held, what it reached."""

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        ONLINE_CONSULTATION = "online_consultation", _("Online consultation")
        SURVEY = "survey", _("Survey")
        MEETING = "meeting", _("Meeting")

    class Mode(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")
        HYBRID = "hybrid", _("Online and in person")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="activities", verbose_name=_("review"))
    stage = models.CharField(_("VNR stage"), max_length=20, choices=Stage.choices)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    audience = models.ManyToManyField(
        StakeholderCategory, blank=True, related_name="activities", verbose_name=_("audience")
    )
    audience_note = models.CharField(_("audience, in words"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    mode = models.CharField(_("online or in person"), max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    date = models.DateField(_("date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    round = models.ForeignKey(
        "stakeholders.ConsultationRound",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("consultation round"),
    )
    outputs = models.TextField(_("outputs"), max_length=5000, blank=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("engagement activity")
        verbose_name_plural = _("engagement activities")
        rules_permissions = {"view": perms.can_view_engagement, "change": perms.can_manage_engagement}

    def __str__(self):
        return self.title


class ActivityParticipation(models.Model):
    """How many people of a category took part in an activity (entered afterwards)."""

    activity = models.ForeignKey(
        EngagementActivity, on_delete=models.CASCADE, related_name="participation", verbose_name=_("activity")
    )
    category = models.ForeignKey(
        StakeholderCategory, on_delete=models.CASCADE, related_name="+", verbose_name=_("category")
    )
    count = models.PositiveIntegerField(_("participants"))

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participation")
        constraints = [models.UniqueConstraint(fields=["activity", "category"], name="one_count_per_activity_category")]

    def __str__(self):
        return f"{self.activity} — {self.category}: {self.count}"
