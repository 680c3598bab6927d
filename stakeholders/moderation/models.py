"""Moderation: prepared answers per class of feedback, the moderators' public answers
under contributions, and accounts blocked from contributing to a review."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from reviews.models import Review
from stakeholders import rules as perms
from stakeholders.portal.models import Classification, Contribution


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

    def __str__(self):
        return self.body[:80]


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

    def __str__(self):
        return f"Account {self.user_id} blocked in {self.review}"
