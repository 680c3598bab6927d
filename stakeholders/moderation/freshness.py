"""Every write that changes what a round's public page or the moderation queue's cards show
gives the round a new token (`rounds.services.freshness`), so that their cached parts are
never shown stale.
Connected by `StakeholdersConfig.ready()`; writes that go around the model's save (bulk
changes of documents) call `public_version_bump` themselves.

What the page shows, and the writes watched here: contributions (new, moderated, hidden,
answered through their fields, decided, deleted), their flags and attachments, the
moderators' answers, the round itself, its documents and questions, the names
contributors chose, the names of accounts (the queue shows moderators and flaggers), and
the organisations contributions are given for."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save

from stakeholders.portal.models import Contribution, ContributionAttachment, ContributionFlag, ContributorProfile
from stakeholders.registry.models import Organisation
from stakeholders.rounds.models import ConsultationRound, RoundDocument, RoundQuestion
from stakeholders.rounds.services.freshness import public_version_bump, public_version_bump_all

from .models import ModeratorResponse


def _round_changed(sender, instance, **kwargs):
    public_version_bump([instance.pk])


def _part_changed(sender, instance, **kwargs):
    public_version_bump([instance.round_id])


def _of_contribution_changed(sender, instance, **kwargs):
    contribution = Contribution.objects.filter(pk=instance.contribution_id).values_list("round_id", flat=True)
    public_version_bump(contribution)


def _contributor_changed(sender, instance, **kwargs):
    authored = Contribution.objects.filter(author_id=instance.user_id).values_list("round_id", flat=True)
    flagged = ContributionFlag.objects.filter(user_id=instance.user_id).values_list("contribution__round_id", flat=True)
    public_version_bump({*authored, *flagged})


def _organisation_changed(sender, instance, **kwargs):
    public_version_bump(ConsultationRound.objects.filter(review_id=instance.review_id).values_list("pk", flat=True))


def _account_changed(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= {"last_login", "password"}:
        return  # signing in, or a new password: no name changed
    public_version_bump_all()


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_round_changed, sender=ConsultationRound, dispatch_uid=f"freshness.round.{signal}")
        for model in (Contribution, RoundDocument, RoundQuestion):
            signal.connect(_part_changed, sender=model, dispatch_uid=f"freshness.{model.__name__}.{signal}")
        for model in (ContributionAttachment, ContributionFlag, ModeratorResponse):
            signal.connect(_of_contribution_changed, sender=model, dispatch_uid=f"freshness.{model.__name__}.{signal}")
        signal.connect(_contributor_changed, sender=ContributorProfile, dispatch_uid=f"freshness.profile.{signal}")
        signal.connect(_organisation_changed, sender=Organisation, dispatch_uid=f"freshness.organisation.{signal}")
        signal.connect(_account_changed, sender=get_user_model(), dispatch_uid=f"freshness.account.{signal}")
