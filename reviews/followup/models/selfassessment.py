"""The institutional self-assessment: a questionnaire per review about the arrangements set
up for the first VNR (the SDG council or committee), answered on a scale by invited people.

Respondents are accounts: members of the review chosen by role, the ministries' focal
points, and the members of stakeholder groups (handed in by the stakeholders app through
`reviews.followup.respondents`). Each answers once (a row per question, changed in place
until the close); the raw answers are for coordinators, everyone in the review sees the
summary."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from reviews.core.models import Review

SCALE_MIN = 1
SCALE_MAX = 5
# The scale's labels; "don't know" is stored as no score.
SCALE_LABELS = {
    1: _("1 — Not at all"),
    2: _("2 — A little"),
    3: _("3 — Partly"),
    4: _("4 — Largely"),
    5: _("5 — Fully"),
}


def default_questions() -> list[str]:
    """The default questions about the SDG council or committee, in the active language."""
    return [
        str(text)
        for text in (
            _("The council or committee has a clear mandate for the SDGs."),
            _("Its membership covers the ministries and bodies the SDGs need."),
            _("It met often enough to steer the work."),
            _("A lead ministry was clearly in charge and played its part."),
            _("The national statistical office took full part."),
            _("Parliament was involved."),
            _("Sub-national governments were linked to its work."),
            _("Stakeholders (civil society, private sector, academia) took part."),
            _("Its work was linked to the national budget."),
            _("Its work had an effect on policy."),
        )
    ]


class SelfAssessment(models.Model):
    review = models.OneToOneField(
        Review, on_delete=models.CASCADE, related_name="selfassessment", verbose_name=_("review")
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    first_vnr_arrangements = models.TextField(
        _("the first VNR's arrangements"),
        max_length=4000,
        blank=True,
        help_text=_("A short description of the council or committee that steered the first VNR."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")

    def __str__(self):
        return str(_("Self-assessment of %(review)s")) % {"review": self.review}

    def is_open_on(self, day: datetime.date) -> bool:
        return self.opens_on <= day <= self.closes_on


class SelfAssessmentQuestion(models.Model):
    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="questions", verbose_name=_("self-assessment")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=500)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("self-assessment question")
        verbose_name_plural = _("self-assessment questions")

    def __str__(self):
        return self.text


class SelfAssessmentRespondent(models.Model):
    """An invited person and the group their answers count in."""

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="respondents", verbose_name=_("self-assessment")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("respondent")
    )
    group = models.CharField(_("group"), max_length=60)
    group_label = models.CharField(_("group name"), max_length=200)
    invited_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["group_label", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "user"], name="selfassessment_respondent_once"),
        ]
        verbose_name = _("self-assessment respondent")
        verbose_name_plural = _("self-assessment respondents")

    def __str__(self):
        return str(self.user)


class SelfAssessmentAnswer(models.Model):
    respondent = models.ForeignKey(
        SelfAssessmentRespondent, on_delete=models.CASCADE, related_name="answers", verbose_name=_("respondent")
    )
    question = models.ForeignKey(
        SelfAssessmentQuestion, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    # None: "don't know".
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)]
    )
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["respondent", "question"], name="selfassessment_answer_once"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=SCALE_MIN, score__lte=SCALE_MAX),
                name="selfassessment_answer_on_scale",
            ),
        ]
        verbose_name = _("self-assessment answer")
        verbose_name_plural = _("self-assessment answers")

    def __str__(self):
        return f"{self.question_id}: {self.score}"
