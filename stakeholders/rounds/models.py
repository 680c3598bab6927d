"""Consultation rounds: what a round consults on (frozen copies of draft sections, or
questions), when and for whom, and the invitations to an invited round."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from reviews.models import Review, Section, Stage
from stakeholders import rules as perms
from stakeholders.registry.models import Organisation, StandingGroup


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class ConsultationRound(RulesModel):
    class Kind(models.TextChoices):
        SECTIONS = "sections", _("Draft sections")
        QUESTIONS = "questions", _("Questions")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("The public")
        INVITED = "invited", _("Invited people")
        WORKING_GROUP = "working_group", _("A working group")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("review"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)  # sanitized HTML
    kind = models.CharField(_("what is consulted on"), max_length=20, choices=Kind.choices, default=Kind.SECTIONS)
    stage = models.CharField(_("VNR stage"), max_length=20, choices=Stage.choices, default=Stage.CONSULTATION)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, default=Audience.PUBLIC)
    group = models.ForeignKey(
        StandingGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rounds",
        verbose_name=_("working group"),
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    max_length = models.PositiveIntegerField(_("longest contribution (characters)"), default=5000)
    # Past this many flags by different people a comment is hidden until a moderator sees it.
    flag_threshold = models.PositiveSmallIntegerField(_("flags before a comment waits for a moderator"), default=3)
    # Set when the frozen copy was taken and the round appeared on the portal.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    summary = models.TextField(_("summary of the outcome"), blank=True)  # sanitized HTML
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("consultation round")
        verbose_name_plural = _("consultation rounds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="round_closes_after_it_opens"
            ),
            models.CheckConstraint(
                condition=~models.Q(audience="working_group") | models.Q(group__isnull=False),
                name="working_group_round_has_a_group",
            ),
        ]
        rules_permissions = {"view": perms.can_view_round, "change": perms.can_manage_engagement}

    def __str__(self):
        return self.title

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.published_at is not None and self.opens_at <= now < self.closes_at

    @property
    def status(self) -> str:
        """draft, scheduled, open or closed."""
        now = timezone.now()
        if self.published_at is None:
            return "draft"
        if now < self.opens_at:
            return "scheduled"
        return "open" if now < self.closes_at else "closed"


class RoundPublicVersion(models.Model):
    """A token that changes with every write that changes what a round's public page or the
    moderation queue's cards show (a contribution, its moderation, answer or attachments, a
    flag, the round, its documents and questions, a person's name; for every round of a
    review, what the inclusiveness dashboard reads besides: `inclusiveness/freshness.py`):
    the key under which their parts, and those of `rounds/fragments.py`'s pages, are cached
    (`stakeholders/rounds/services/freshness.py`). A row of its own, so that no save of a
    round loaded earlier can write an old token back."""

    round = models.OneToOneField(
        ConsultationRound, on_delete=models.CASCADE, primary_key=True, related_name="public_version"
    )
    token = models.CharField(max_length=32)

    def __str__(self):
        return self.token


class RoundDocument(models.Model):
    """The frozen copy of one draft section in one language, as the round consults on it.

    Taken when the round is published; later edits of the section do not change it.
    """

    round = models.ForeignKey(
        ConsultationRound, on_delete=models.CASCADE, related_name="documents", verbose_name=_("round")
    )
    section = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("section")
    )
    language = models.CharField(_("language"), max_length=10)
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    content = models.TextField(_("text"))  # sanitized HTML, frozen
    # The text as the public page shows it, made once when the copy is frozen
    # (`documents.frozen_paragraphs`): `content` sanitized again and split into the
    # paragraphs people comment on, each an HTML string (contributions number them by
    # their index). None until frozen; the page then makes them on the fly.
    paragraphs = models.JSONField(_("paragraphs"), null=True, blank=True, editable=False)
    source_version = models.PositiveIntegerField(_("section version"), default=0)
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("consulted document")
        verbose_name_plural = _("consulted documents")
        constraints = [
            models.UniqueConstraint(fields=["round", "section", "language"], name="one_copy_per_section_and_language")
        ]

    def __str__(self):
        return self.title


class RoundQuestion(models.Model):
    round = models.ForeignKey(
        ConsultationRound, on_delete=models.CASCADE, related_name="questions", verbose_name=_("round")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.TextField(_("question"), max_length=2000)
    # The question in the round's other languages: {"zh-Hans": "…"}.
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text[:80]


class RoundInvitation(models.Model):
    """An e-mailed link that lets one person contribute to an invited round."""

    round = models.ForeignKey(
        ConsultationRound, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("round")
    )
    email = models.EmailField(_("e-mail"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("organisation")
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("invited"), default=timezone.now)
    # The link last e-mailed and when: a task delivered twice sends the same link once.
    sent_token = models.CharField(max_length=64, blank=True, editable=False)
    sent_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="round_invitations",
        verbose_name=_("accepted by"),
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("round invitation")
        verbose_name_plural = _("round invitations")
        constraints = [models.UniqueConstraint(fields=["round", "email"], name="one_invitation_per_round_and_email")]

    def __str__(self):
        return self.email
