"""Inclusiveness: the short survey after a round and the first VNR's engagement figures."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reviews.models import Review
from stakeholders.registry.models import StakeholderCategory
from stakeholders.rounds.models import ConsultationRound


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

    def __str__(self):
        return f"Survey answer of account {self.user_id} on {self.round}"


class EngagementBaseline(models.Model):
    """The first VNR's engagement, entered by hand, shown beside the second's: its totals,
    who took part by category, and what the participants said of it."""

    review = models.OneToOneField(
        Review, on_delete=models.CASCADE, related_name="engagement_baseline", verbose_name=_("review")
    )
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    contributions = models.PositiveIntegerField(_("contributions"), null=True, blank=True)
    organisations = models.PositiveIntegerField(_("organisations"), null=True, blank=True)
    felt_heard_percent = models.PositiveSmallIntegerField(_("felt heard (%)"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    # Who took part, by category as the first VNR reported it: [{"name": …, "participants": n}]
    # (its own categories, matched to this review's by name on the dashboard).
    by_category = models.JSONField(_("participants by category"), default=list, blank=True)
    # What the participants said of the first engagement (plain text).
    feedback = models.TextField(_("what participants said of it"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("baseline of the first VNR")
        verbose_name_plural = _("baselines of the first VNR")

    def __str__(self):
        return f"Baseline of the first VNR for {self.review}"
