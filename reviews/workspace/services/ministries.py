"""Ministries and their divisions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record, describe
from reviews.core.models import Review
from reviews.workspace.models import Ministry


def _check_parent(ministry: Ministry) -> None:
    parent = ministry.parent
    if parent is None:
        return
    if parent.review_id != ministry.review_id:
        raise ValidationError({"parent": _("This ministry belongs to another review.")})
    seen = set()
    while parent is not None:
        if parent.pk == ministry.pk or parent.pk in seen:
            raise ValidationError({"parent": _("A ministry cannot be a division of itself or of its own divisions.")})
        seen.add(parent.pk)
        parent = parent.parent


@transaction.atomic
def ministry_save(*, actor, review: Review, ministry: Ministry) -> Ministry:
    """Create or change a ministry or division of `review` (checked: same review, no cycle)."""
    created = ministry.pk is None
    ministry.review = review
    _check_parent(ministry)
    ministry.full_clean()
    ministry.save()
    audit_record(
        review=review,
        actor=actor,
        action="ministry.create" if created else "ministry.change",
        summary=describe(ministry),
    )
    return ministry


@transaction.atomic
def ministry_delete(*, actor, ministry: Ministry) -> None:
    """Delete a ministry with its divisions, their goal roles and focal-point memberships."""
    audit_record(review=ministry.review, actor=actor, action="ministry.delete", summary=describe(ministry))
    ministry.delete()
