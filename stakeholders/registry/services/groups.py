"""Standing stakeholder groups (committees, CSO subgroups, working groups), their members
and their meetings. Every write is audited in its own transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from reviews.core.notifications import notify
from reviews.core.sanitize import clean_html
from reviews.models import Review

from ..models import GroupMeeting, StandingGroup

GROUP_FIELDS = ["name", "kind", "description", "meets_every"]


def _check_review(review_id: int, *, organisations=(), round=None) -> None:
    if any(org.review_id != review_id for org in organisations):
        raise ValidationError({"organisations": _("Choose organisations of this review's registry.")})
    if round is not None and round.review_id != review_id:
        raise ValidationError({"round": _("Choose one of this review's consultation rounds.")})


def _clean_group(group: StandingGroup) -> None:
    group.name = " ".join((group.name or "").split())
    if not group.name:
        raise ValidationError({"name": _("Give the group a name.")})
    group.full_clean()


def _tell_new_members(group: StandingGroup, users) -> None:
    for user in users:
        notify(
            users=[user],
            review=group.review,
            kind="other",
            message=lambda: (
                _("You are now a member of “%(group)s” in %(review)s.")
                % {"group": group.name, "review": group.review.title}
            ),
            key=f"group-member:{group.pk}:{user.pk}",
        )


@transaction.atomic
def group_create(*, actor, review: Review, organisations=(), members=(), **fields) -> StandingGroup:
    """A new standing group with its member organisations and accounts; the accounts are
    told; audited."""
    _check_review(review.pk, organisations=organisations)
    group = StandingGroup(review=review, **{k: v for k, v in fields.items() if k in GROUP_FIELDS})
    _clean_group(group)
    group.save()
    group.organisations.set(organisations)
    group.members.set(members)
    _tell_new_members(group, members)
    audit_record(
        review=review,
        actor=actor,
        action="stakeholders.group_create",
        summary=group.name,
        data={
            "group": group.pk,
            "organisations": sorted(o.pk for o in organisations),
            "members": sorted(u.pk for u in members),
        },
    )
    return group


@transaction.atomic
def group_update(*, actor, group: StandingGroup, organisations, members, **fields) -> StandingGroup:
    """Change a group and its members; new member accounts are told; audited with who
    joined and who left."""
    _check_review(group.review_id, organisations=organisations)
    for name, value in fields.items():
        if name in GROUP_FIELDS:
            setattr(group, name, value)
    _clean_group(group)
    group.save()
    old_orgs = set(group.organisations.values_list("pk", flat=True))
    old_members = set(group.members.values_list("pk", flat=True))
    group.organisations.set(organisations)
    group.members.set(members)
    _tell_new_members(group, [u for u in members if u.pk not in old_members])
    new_orgs, new_members = {o.pk for o in organisations}, {u.pk for u in members}
    audit_record(
        review=group.review,
        actor=actor,
        action="stakeholders.group_update",
        summary=group.name,
        data={
            "group": group.pk,
            "organisations_added": sorted(new_orgs - old_orgs),
            "organisations_removed": sorted(old_orgs - new_orgs),
            "members_added": sorted(new_members - old_members),
            "members_removed": sorted(old_members - new_members),
        },
    )
    return group


MEETING_FIELDS = ["date", "agenda", "attendance"]


def _meeting_save(meeting: GroupMeeting, *, minutes: str, attendees, round) -> None:
    group = meeting.group
    _check_review(group.review_id, round=round)
    if any(org.review_id != group.review_id for org in attendees):
        raise ValidationError({"attendees": _("Choose organisations of this review's registry.")})
    meeting.minutes = clean_html(minutes or "")
    meeting.round = round
    meeting.full_clean(exclude=["group", "round"])
    meeting.save()
    meeting.attendees.set(attendees)


@transaction.atomic
def meeting_create(
    *,
    actor,
    group: StandingGroup,
    date: datetime.date,
    minutes: str = "",
    attendees=(),
    round=None,
    **fields,
) -> GroupMeeting:
    """Record a meeting of `group` (minutes sanitized); audited."""
    meeting = GroupMeeting(group=group, date=date, **{k: v for k, v in fields.items() if k in MEETING_FIELDS})
    _meeting_save(meeting, minutes=minutes, attendees=attendees, round=round)
    audit_record(
        review=group.review,
        actor=actor,
        action="stakeholders.meeting_create",
        summary=str(meeting),
        data={"group": group.pk, "meeting": meeting.pk, "date": date.isoformat(), "round": round.pk if round else None},
    )
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor,
    meeting: GroupMeeting,
    date: datetime.date,
    minutes: str = "",
    attendees=(),
    round=None,
    **fields,
) -> GroupMeeting:
    """Change a meeting's record (minutes sanitized); audited."""
    meeting.date = date
    for name, value in fields.items():
        if name in MEETING_FIELDS:
            setattr(meeting, name, value)
    _meeting_save(meeting, minutes=minutes, attendees=attendees, round=round)
    audit_record(
        review=meeting.group.review,
        actor=actor,
        action="stakeholders.meeting_update",
        summary=str(meeting),
        data={"group": meeting.group_id, "meeting": meeting.pk, "date": date.isoformat()},
    )
    return meeting
