"""The public side of a review: its portal, consultation rounds with frozen copies of the
draft, invitations, contributor accounts and the code of conduct."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from reviews.models import Review, Section, Stage

from .. import rules as perms
from .registry import Organisation, StandingGroup


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class Portal(RulesModel):
    """What the public portal of a review says about the process. Public once `is_published`."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="portal", verbose_name=_("review"))
    is_published = models.BooleanField(_("portal open to the public"), default=False)
    # Sanitized HTML, written by the taskforce.
    introduction = models.TextField(_("the process"), blank=True)
    how_to_take_part = models.TextField(_("how to take part"), blank=True)
    # Public contact points (an office, a shared mailbox), never the registry's contacts.
    contacts = models.TextField(_("contacts"), blank=True)
    code_of_conduct = models.TextField(_("code of conduct"), blank=True)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)

    class Meta:
        verbose_name = _("portal")
        verbose_name_plural = _("portals")
        rules_permissions = {"change": perms.can_manage_engagement}

    def __str__(self):
        return str(self.review)


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


class ContributorProfile(models.Model):
    """A public contributor's account: verified e-mail, the language they write in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contributor", verbose_name=_("account")
    )
    display_name = models.CharField(_("name shown with your contributions"), max_length=120)
    email_verified_at = models.DateTimeField(_("e-mail verified"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")

    def __str__(self):
        return self.display_name

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None


class ConductAcceptance(models.Model):
    """A contributor accepted the review's code of conduct (kept as a record)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="+", verbose_name=_("review"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("account")
    )
    accepted_at = models.DateTimeField(_("accepted"), default=timezone.now)

    class Meta:
        verbose_name = _("code of conduct accepted")
        verbose_name_plural = _("codes of conduct accepted")
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="one_acceptance_per_review")]


class ContributorBlock(models.Model):
    """A moderator blocked an abusive account from contributing to a review."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="contributor_blocks", verbose_name=_("review")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("account")
    )
    reason = models.CharField(_("reason"), max_length=500)
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("blocked by")
    )
    blocked_at = models.DateTimeField(_("blocked"), default=timezone.now)
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)

    class Meta:
        ordering = ["-blocked_at"]
        verbose_name = _("blocked account")
        verbose_name_plural = _("blocked accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "user"],
                condition=models.Q(lifted_at__isnull=True),
                name="one_active_block_per_account",
            )
        ]
