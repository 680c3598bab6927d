"""A review's workspace: the cycle planner (milestones, tasks), ministries and divisions,
the ministry × goal role matrix, and invitations to join a review."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from indicators.models import Goal
from reviews import rules as perms
from reviews.core.models import Review, Stage
from reviews.core.presets import preset_shown


class Milestone(RulesModel):
    class Kind(models.TextChoices):
        LETTER_OF_INTENT = "letter_of_intent", _("Letter of intent to the UN")
        MAIN_MESSAGES = "main_messages", _("Main messages due")
        REPORT = "report", _("Report due")
        PRESENTATION = "presentation", _("Presentation at the HLPF")
        OTHER = "other", _("Other")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("review"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        rules_permissions = {"view": perms.can_view_review, "change": perms.can_manage_review}

    def __str__(self):
        return self.title_shown

    @property
    def title_shown(self) -> str:
        """The title in the reader's language while it is the unchanged preset."""
        from reviews.workspace.presets import PRESET_MILESTONE_TITLES

        return preset_shown(self.title, PRESET_MILESTONE_TITLES)


class Task(RulesModel):
    """A step of the VNR Handbook's preparation checklist, with an owner and a due date."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("review"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.PREPARATION)
    title = models.CharField(_("title"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vnr_tasks",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        rules_permissions = {"view": perms.can_view_review, "change": perms.can_manage_review}

    def __str__(self):
        return self.title_shown

    @property
    def title_shown(self) -> str:
        """The title in the reader's language while it is the unchanged preset."""
        from reviews.workspace.presets import PRESET_TASK_TITLES

        return preset_shown(self.title, PRESET_TASK_TITLES)


class Ministry(RulesModel):
    """A ministry, or a division of one (`parent`), taking part in a review."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="ministries", verbose_name=_("review"))
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="divisions",
        verbose_name=_("part of"),
    )
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=20, blank=True)
    focal_point_name = models.CharField(_("focal point"), max_length=200, blank=True)
    focal_point_email = models.EmailField(_("focal point's e-mail"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("ministry")
        verbose_name_plural = _("ministries")
        constraints = [
            models.UniqueConstraint(fields=["review", "name"], name="unique_ministry_name_per_review"),
        ]
        rules_permissions = {"view": perms.can_view_review, "change": perms.can_manage_review}

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        return self.acronym or self.name


class GoalRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    CO_LEAD = "co_lead", _("Co-lead")
    ASSOCIATE = "associate", _("Associate")


class GoalAssignment(RulesModel):
    """One cell of the role matrix: the role a ministry holds for a goal."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("review"))
    ministry = models.ForeignKey(
        Ministry, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("ministry")
    )
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="+", verbose_name=_("goal"))
    role = models.CharField(_("role"), max_length=20, choices=GoalRole.choices)

    class Meta:
        ordering = ["goal__number", "ministry__name"]
        verbose_name = _("goal assignment")
        verbose_name_plural = _("goal assignments")
        constraints = [
            models.UniqueConstraint(fields=["ministry", "goal"], name="one_role_per_ministry_and_goal"),
            models.UniqueConstraint(
                fields=["review", "goal"], condition=Q(role="lead"), name="at_most_one_lead_per_goal"
            ),
        ]
        rules_permissions = {"view": perms.can_view_review, "change": perms.can_manage_review}

    def __str__(self):
        return f"{self.ministry} — {self.goal_id}: {self.get_role_display()}"


def _new_nonce() -> str:
    return secrets.token_urlsafe(16)


def _unusable_link_hash() -> str:
    """The hash of a secret nobody holds: no link works until an e-mail issues one."""
    return hashlib.sha256(secrets.token_bytes(32)).hexdigest()


class Invitation(RulesModel):
    """An e-mailed invitation to join a review with one or more roles.

    The link carries a signed token made of the id and a random secret; only the secret's
    SHA-256 is stored (`nonce`), so the database never holds a usable link. Each e-mail
    issues a new secret (earlier links stop working); the link expires by its timestamp
    and works once. A ministry's focal point invited when a report round is issued, or
    reminded of a report, gets `landing_url` (their report, opened after accepting) and
    `note` (the deadline, written into the e-mail).
    """

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("review"))
    email = models.EmailField(_("e-mail"))
    roles = models.JSONField(_("roles"), default=list)
    ministry = models.ForeignKey(
        Ministry, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("ministry")
    )
    language = models.CharField(_("language"), max_length=10, default="en")
    # The SHA-256 (hex) of the secret in the current link.
    nonce = models.CharField(max_length=64, default=_unusable_link_hash, editable=False)
    # Where the person lands after accepting: a path on the site, e.g. their report.
    landing_url = models.CharField(_("page after accepting"), max_length=300, blank=True)
    # A line for the next e-mail, in the invitation's language (a report's deadline).
    note = models.TextField(_("note"), blank=True)
    # The key of the last reminder sent with this invitation: a re-run sends it once.
    reminder_key = models.CharField(max_length=200, blank=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Set by the e-mail task once the message has gone out.
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        rules_permissions = {"view": perms.can_manage_review, "change": perms.can_manage_review}

    def __str__(self):
        return self.email
