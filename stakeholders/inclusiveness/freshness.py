"""What the inclusiveness dashboard reads besides the rounds and their contributions (whose
writes already replace the rounds' public tokens: `moderation/freshness.py`): the review's
stakeholder categories, its activities (their audience and the participants counted), the
survey's answers and the first VNR's figures. Every write to them gives every round of the
review a new token, so that the dashboard cached under those tokens is never stale.
Connected by `StakeholdersConfig.ready()`; bulk writes call `public_version_bump_review`."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from stakeholders.registry.models import ActivityParticipation, EngagementActivity, StakeholderCategory
from stakeholders.rounds.models import ConsultationRound
from stakeholders.rounds.services.freshness import public_version_bump_review

from .models import EngagementBaseline, SurveyResponse


def _of_review(sender, instance, **kwargs):
    public_version_bump_review(instance.review_id)


def _of_activity(sender, instance, **kwargs):
    review = EngagementActivity.objects.filter(pk=instance.activity_id).values_list("review_id", flat=True).first()
    public_version_bump_review(review)


def _of_round(sender, instance, **kwargs):
    review = ConsultationRound.objects.filter(pk=instance.round_id).values_list("review_id", flat=True).first()
    public_version_bump_review(review)


def _audience_changed(sender, instance, action, **kwargs):
    # `instance` is the activity, or the category when changed from its side: both have a review.
    if action in ("post_add", "post_remove", "post_clear"):
        public_version_bump_review(instance.review_id)


def connect() -> None:
    for signal in (post_save, post_delete):
        for model in (StakeholderCategory, EngagementActivity, EngagementBaseline):
            signal.connect(_of_review, sender=model, dispatch_uid=f"inclusiveness.{model.__name__}.{signal}")
        signal.connect(_of_activity, sender=ActivityParticipation, dispatch_uid=f"inclusiveness.participation.{signal}")
        signal.connect(_of_round, sender=SurveyResponse, dispatch_uid=f"inclusiveness.survey.{signal}")
    m2m_changed.connect(
        _audience_changed, sender=EngagementActivity.audience.through, dispatch_uid="inclusiveness.audience"
    )
