"""The engagement plan: planning activities by VNR stage and recording what each reached
once held. Every write is audited in its own transaction; a new owner is told."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from reviews.core.notifications import notify
from reviews.models import Membership, Review
from stakeholders.rounds.services.freshness import public_version_bump_review

from ..models import ActivityParticipation, EngagementActivity, StakeholderCategory

ACTIVITY_FIELDS = ["stage", "kind", "title", "audience_note", "language", "mode", "owner", "date", "round"]


def _check(review: Review, *, owner, round, audience, language) -> None:
    errors = {}
    if owner is not None and not Membership.objects.filter(review=review, user=owner).exists():
        errors["owner"] = _("Choose a member of this review as the owner.")
    if round is not None and round.review_id != review.pk:
        errors["round"] = _("Choose one of this review's consultation rounds.")
    if any(category.review_id != review.pk for category in audience):
        errors["audience"] = _("Choose categories of this review.")
    if language and language not in (review.languages or []):
        errors["language"] = _("Choose one of the review's languages.")
    if errors:
        raise ValidationError(errors)


def _clean(activity: EngagementActivity) -> None:
    activity.title = " ".join((activity.title or "").split())
    if not activity.title:
        raise ValidationError({"title": _("Give the activity a title.")})
    activity.full_clean(exclude=["review", "owner", "round"])


def _tell_owner(activity: EngagementActivity, actor) -> None:
    if activity.owner is None or activity.owner == actor:
        return
    notify(
        users=[activity.owner],
        review=activity.review,
        kind="other",
        message=lambda: _("You own the engagement activity “%(title)s”.") % {"title": activity.title},
        url=reverse("stakeholders:activity-list", args=[activity.review_id]) + f"#activity-{activity.pk}",
        key=f"activity-owner:{activity.pk}:{activity.owner.pk}",
    )


@transaction.atomic
def activity_create(*, actor, review: Review, audience=(), **fields) -> EngagementActivity:
    """A planned activity; its owner (if not the actor) is told; audited."""
    values = {k: v for k, v in fields.items() if k in ACTIVITY_FIELDS}
    _check(
        review, owner=values.get("owner"), round=values.get("round"), audience=audience, language=values.get("language")
    )
    activity = EngagementActivity(review=review, **values)
    _clean(activity)
    activity.save()
    activity.audience.set(audience)
    _tell_owner(activity, actor)
    audit_record(
        review=review,
        actor=actor,
        action="stakeholders.activity_create",
        summary=activity.title,
        data={"activity": activity.pk, "stage": activity.stage, "audience": sorted(c.pk for c in audience)},
    )
    return activity


@transaction.atomic
def activity_update(*, actor, activity: EngagementActivity, audience=(), **fields) -> EngagementActivity:
    """Change a planned activity; a new owner is told; audited."""
    review = activity.review
    values = {k: v for k, v in fields.items() if k in ACTIVITY_FIELDS}
    _check(
        review, owner=values.get("owner"), round=values.get("round"), audience=audience, language=values.get("language")
    )
    old_owner = activity.owner_id
    changed = [name for name, value in values.items() if getattr(activity, name) != value]
    for name, value in values.items():
        setattr(activity, name, value)
    _clean(activity)
    activity.save()
    activity.audience.set(audience)
    if activity.owner_id != old_owner:
        _tell_owner(activity, actor)
    audit_record(
        review=review,
        actor=actor,
        action="stakeholders.activity_update",
        summary=activity.title,
        data={"activity": activity.pk, "fields": changed},
    )
    return activity


@transaction.atomic
def activity_report(
    *,
    actor,
    activity: EngagementActivity,
    status: str,
    date: datetime.date | None,
    outputs: str,
    participation: dict[StakeholderCategory, int | None],
) -> EngagementActivity:
    """Record what happened: held (with its date, outputs and participants per category)
    or cancelled. Categories without a count lose any count recorded before. Audited."""
    if status not in (
        EngagementActivity.Status.HELD,
        EngagementActivity.Status.CANCELLED,
        EngagementActivity.Status.PLANNED,
    ):
        raise ValidationError({"status": _("Choose whether the activity was held or cancelled.")})
    if status == EngagementActivity.Status.HELD and date is None:
        raise ValidationError({"date": _("Give the date the activity was held.")})
    counts = {category: count for category, count in participation.items() if count}
    if any(category.review_id != activity.review_id for category in counts):
        raise ValidationError(_("Count participants in this review's categories only."))
    if status != EngagementActivity.Status.HELD and counts:
        raise ValidationError(_("Participants are counted for an activity that was held only."))
    activity.status, activity.outputs = status, outputs
    if date is not None:
        activity.date = date
    _clean(activity)
    activity.save(update_fields=["status", "outputs", "date"])
    ActivityParticipation.objects.filter(activity=activity).delete()
    ActivityParticipation.objects.bulk_create(
        ActivityParticipation(activity=activity, category=category, count=count) for category, count in counts.items()
    )
    public_version_bump_review(activity.review_id)  # bulk writes send no signal
    audit_record(
        review=activity.review,
        actor=actor,
        action="stakeholders.activity_report",
        summary=activity.title,
        data={
            "activity": activity.pk,
            "status": status,
            "participants": {str(category.pk): count for category, count in counts.items()},
        },
    )
    return activity
