"""Memberships: the roles people hold in a review."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from reviews.core.models import MemberRole, Membership, Review
from reviews.rules import forget_memberships
from reviews.workspace.models import Ministry


@transaction.atomic
def membership_grant(*, actor, review: Review, user, role: str, ministry: Ministry | None = None) -> Membership:
    """Give `user` `role` in `review` (a focal point is bound to one of its ministries).

    Granting a role the person already holds returns the existing membership unchanged.
    Recorded in the audit log.
    """
    if role == MemberRole.FOCAL_POINT:
        if ministry is None:
            raise ValidationError({"ministry": _("A focal point must be bound to a ministry.")})
        if ministry.review_id != review.pk:
            raise ValidationError({"ministry": _("This ministry belongs to another review.")})
    else:
        ministry = None
    existing = Membership.objects.filter(review=review, user=user, role=role).first()
    if existing is not None:
        return existing
    membership = Membership(review=review, user=user, role=role, ministry=ministry)
    membership.full_clean()
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as error:  # a concurrent grant of the same role
        raise ValidationError(_("%(person)s already holds this role.") % {"person": user.get_username()}) from error
    summary = _("%(person)s: %(role)s") % {"person": user.get_username(), "role": membership.get_role_display()}
    if ministry is not None:
        summary += f" ({ministry})"
    audit_record(review=review, actor=actor, action="membership.grant", summary=summary, data={"role": role})
    forget_memberships(user)
    return membership


@transaction.atomic
def membership_revoke(*, actor, membership: Membership) -> None:
    """Take a role away. The last coordinator of a review keeps theirs.

    The review's coordinator rows are locked first, so two coordinators removing each
    other at the same moment cannot leave the review without one.
    """
    coordinators = set(
        Membership.objects.select_for_update()
        .filter(review_id=membership.review_id, role=MemberRole.COORDINATOR)
        .values_list("pk", flat=True)
    )
    if membership.role == MemberRole.COORDINATOR and not coordinators - {membership.pk}:
        raise ValidationError(_("A review needs at least one coordinator: appoint another before removing this one."))
    audit_record(
        review=membership.review,
        actor=actor,
        action="membership.revoke",
        summary=_("%(person)s: %(role)s")
        % {"person": membership.user.get_username(), "role": membership.get_role_display()},
        data={"role": membership.role},
    )
    user = membership.user
    membership.delete()
    forget_memberships(user)
