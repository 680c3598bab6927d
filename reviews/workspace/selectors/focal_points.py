"""How each ministry's focal point is reached: through their account, by an invitation
to their e-mail address, or not at all.

Issuing a report round, its reminders, the issue page's summary and the tracker all ask
`focal_point_reach`, so what the coordinator is told is what the services do.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import Lower

from reviews.core.models import MemberRole, Membership, Review
from reviews.workspace.invitation_links import link_max_age
from reviews.workspace.models import Invitation, Ministry
from vnr_portal.common.compiled import compiled_objects, compiled_rows

ACCOUNT = "account"  # a focal point with an account in the review: e-mail and notification
INVITATION = "invitation"  # no focal point yet, an e-mail address: an invitation with a link
NOBODY = "nobody"  # no focal point and no e-mail address


@dataclass
class FocalPointReach:
    ministry: Ministry
    channel: str
    # Focal points in the review (a division's include its parent ministry's).
    people: list = field(default_factory=list)
    # The ministry's focal-point address (`Ministry.focal_point_email`), lower-cased.
    email: str = ""
    # Whether that address has an account already (the person logs in to accept).
    has_account: bool = False
    # The pending focal-point invitation of this ministry, with `expires_at` and `is_expired`.
    invitation: Invitation | None = None
    # A pending invitation of the address to something else: that one must be accepted first.
    other_invitation: bool = False

    @property
    def invited_at(self) -> datetime.datetime | None:
        return self.invitation.sent_at if self.invitation else None


@dataclass(frozen=True)
class PersonName:
    """What a page shows of a focal point: their name (`focal_point_reach(names_only=True)`)."""

    pk: int
    first_name: str
    last_name: str
    username: str

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()  # as Django's AbstractUser

    def get_username(self) -> str:
        return self.username


def _focal_point_names(review_id, role):
    """The review's focal points by name (compiled once: the tracker reads it on every visit)."""
    fields = ("ministry_id", "user_id", "user__first_name", "user__last_name", "user__username", "user__is_active")
    return Membership.objects.filter(review_id=review_id, role=role).order_by("pk").values_list(*fields)


def _pending_invitations(review_id):
    return Invitation.objects.filter(review_id=review_id, accepted_at=None, revoked_at=None).order_by("pk")


def focal_point_reach(
    review: Review,
    ministries: list[Ministry],
    *,
    now: datetime.datetime,
    names_only: bool = False,
    with_accounts: bool = True,
) -> dict[int, FocalPointReach]:
    """{ministry id: FocalPointReach} for `ministries` of `review`. Three queries
    whatever their number: focal-point memberships, pending invitations, accounts.

    With `names_only` the `people` are PersonName, not users: what a page that lists
    sixty ministries shows of them, without a membership and a user object each. Without
    `with_accounts`, `has_account` is left False and the accounts are not read (the
    tracker never says it). The review's focal points and pending invitations are read
    whole and kept for `ministries` here: a list of a review's ministries is bounded, and
    a query with a long IN list costs more to build than the rows it spares."""
    ids = {m.pk for m in ministries}
    wanted = ids | {m.parent_id for m in ministries if m.parent_id}
    members: dict[int, list] = {}
    if wanted and names_only:
        for ministry_id, *name, is_active in compiled_rows(_focal_point_names, review.pk, MemberRole.FOCAL_POINT.value):
            if is_active and ministry_id in wanted:
                members.setdefault(ministry_id, []).append(PersonName(*name))
    elif wanted:
        memberships = Membership.objects.filter(review=review, role=MemberRole.FOCAL_POINT).order_by("pk")
        for membership in memberships.select_related("user"):
            if membership.user.is_active and membership.ministry_id in wanted:
                members.setdefault(membership.ministry_id, []).append(membership.user)
    emails = {(m.focal_point_email or "").strip().lower() for m in ministries} - {""}
    pending = []
    if emails:
        for invitation in compiled_objects(_pending_invitations, review.pk):
            # Lower-cased here as the ministries' addresses are (and cheaper than in SQL).
            invitation.address = invitation.email.lower()
            if invitation.address in emails:
                pending.append(invitation)
    accounts = _accounts(emails) if emails and with_accounts else set()
    result = {}
    for ministry in ministries:
        people = members.get(ministry.pk, []) + (members.get(ministry.parent_id, []) if ministry.parent_id else [])
        email = (ministry.focal_point_email or "").strip().lower()
        mine = next(
            (
                i
                for i in pending
                if i.address == email and i.ministry_id == ministry.pk and MemberRole.FOCAL_POINT in i.roles
            ),
            None,
        )
        if mine is not None:
            mine.expires_at = mine.sent_at + link_max_age() if mine.sent_at else None
            mine.is_expired = mine.expires_at is not None and mine.expires_at < now
        other = mine is None and any(i.address == email for i in pending)
        # A division's own focal point is invited even when its parent ministry's is in.
        channel = ACCOUNT if members.get(ministry.pk) else INVITATION if email else ACCOUNT if people else NOBODY
        result[ministry.pk] = FocalPointReach(
            ministry=ministry,
            channel=channel,
            people=list({p.pk: p for p in people}.values()),
            email=email,
            has_account=email in accounts,
            invitation=mine,
            other_invitation=other,
        )
    return result


def _accounts(emails: set[str]) -> set[str]:
    """Which of `emails` (lower-cased) have an account, by user name or e-mail address."""
    found = set()
    rows = (
        get_user_model()
        .objects.annotate(u=Lower("username"), e=Lower("email"))
        .filter(Q(u__in=emails) | Q(e__in=emails))
    )
    for username, email in rows.values_list("u", "e"):
        found.update({username, email} & emails)
    return found
