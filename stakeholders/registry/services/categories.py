"""Stakeholder categories: the defaults a review starts with, adding, renaming, moving
and deleting one. Every write runs in one transaction with its audit entry."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reviews.core.audit import audit_record
from reviews.models import Review
from stakeholders.rounds.services.freshness import public_version_bump_review

from ..models import DEFAULT_CATEGORIES, ActivityParticipation, Organisation, StakeholderCategory
from .unique_names import clean_name, save_unique

# Default categories that are groups at risk of being left behind.
AT_RISK_KEYS = {"youth", "women", "disability", "left_behind"}


def categories_ensure_defaults(review: Review, *, actor=None) -> int:
    """Give `review` the default categories (DEFAULT_CATEGORIES, names in the site's
    language) if it has no category yet; returns how many were created.

    Idempotent and cheap enough to call on every visit (one query when there is nothing
    to do): a review that has categories, even after the coordinator removed some
    defaults, is left alone. Locks the review row so two first visits at once do not
    both create them; audited.
    """
    if StakeholderCategory.objects.filter(review=review).exists():
        return 0
    with transaction.atomic():
        Review.objects.select_for_update().filter(pk=review.pk).first()
        if StakeholderCategory.objects.filter(review=review).exists():
            return 0
        with translation.override(settings.LANGUAGE_CODE):
            categories = [
                StakeholderCategory(review=review, key=key, name=str(label), at_risk=key in AT_RISK_KEYS, position=i)
                for i, (key, label) in enumerate(DEFAULT_CATEGORIES, start=1)
            ]
        StakeholderCategory.objects.bulk_create(categories)
        public_version_bump_review(review.pk)  # bulk writes send no signal
        audit_record(
            review=review,
            actor=actor,
            action="stakeholders.category_defaults",
            summary=_("The default stakeholder categories were added."),
            data={"count": len(categories)},
        )
    return len(categories)


def _check_category_name(review: Review, name: str, exclude_pk: int | None = None) -> str:
    name = clean_name(name)
    if not name:
        raise ValidationError({"name": _("Give the category a name.")})
    taken = StakeholderCategory.objects.filter(review=review, name__iexact=name)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"name": _("This review already has a category with this name.")})
    return name


@transaction.atomic
def category_create(*, actor, review: Review, name: str, at_risk: bool = False) -> StakeholderCategory:
    """A new category at the end of the list; audited."""
    name = _check_category_name(review, name)
    last = StakeholderCategory.objects.filter(review=review).aggregate(last=Max("position"))["last"] or 0
    category = StakeholderCategory(review=review, name=name, at_risk=at_risk, position=last + 1)
    category.full_clean()
    save_unique(category, _("This review already has a category with this name."))
    audit_record(
        review=review,
        actor=actor,
        action="stakeholders.category_create",
        summary=name,
        data={"category": category.pk, "at_risk": at_risk},
    )
    return category


@transaction.atomic
def category_update(*, actor, category: StakeholderCategory, name: str, at_risk: bool) -> StakeholderCategory:
    """Rename a category or mark it at risk of being left behind; audited."""
    old_name, old_risk = category.name, category.at_risk
    category.name = _check_category_name(category.review, name, exclude_pk=category.pk)
    category.at_risk = at_risk
    category.full_clean()
    save_unique(category, _("This review already has a category with this name."))
    audit_record(
        review=category.review,
        actor=actor,
        action="stakeholders.category_update",
        summary=category.name,
        data={"category": category.pk, "from": old_name, "at_risk": [old_risk, at_risk]},
    )
    return category


@transaction.atomic
def category_move(*, actor, category: StakeholderCategory, direction: str) -> bool:
    """Move a category one place up or down; returns False when it is already at that end.
    Positions are renumbered 1..n, so gaps and ties left by earlier edits disappear."""
    categories = list(StakeholderCategory.objects.select_for_update().filter(review_id=category.review_id))
    index = next(i for i, c in enumerate(categories) if c.pk == category.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(categories):
        return False
    categories[index], categories[other] = categories[other], categories[index]
    for position, item in enumerate(categories, start=1):
        item.position = position
    StakeholderCategory.objects.bulk_update(categories, ["position"])
    public_version_bump_review(category.review_id)  # bulk writes send no signal
    audit_record(
        review=category.review,
        actor=actor,
        action="stakeholders.category_move",
        summary=category.name,
        data={"category": category.pk, "direction": direction},
    )
    return True


@transaction.atomic
def category_delete(*, actor, category: StakeholderCategory) -> None:
    """Delete a category nobody uses. Refused while organisations belong to it or an
    activity's participation was counted in it (that record would be lost)."""
    organisations = Organisation.objects.filter(category=category).count()
    if organisations:
        raise ValidationError(
            ngettext(
                "“%(name)s” cannot be deleted: %(count)s organisation belongs to it. "
                "Move it to another category first.",
                "“%(name)s” cannot be deleted: %(count)s organisations belong to it. "
                "Move them to another category first.",
                organisations,
            )
            % {"name": category.name, "count": organisations}
        )
    if ActivityParticipation.objects.filter(category=category).exists():
        raise ValidationError(
            _("“%(name)s” cannot be deleted: participants of held activities were counted in it.")
            % {"name": category.name}
        )
    audit_record(
        review=category.review,
        actor=actor,
        action="stakeholders.category_delete",
        summary=category.name,
        data={"category": category.pk},
    )
    category.delete()
