"""Reminders of deadlines that are near: sections, planner tasks and milestones."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from reviews import rules as perms
from reviews.core.models import MemberRole, Membership
from reviews.drafting.models import Section, SectionStatus
from reviews.workspace.models import Milestone, Task

SECTION_DAYS = 3
TASK_DAYS = 3
MILESTONE_DAYS = 7


def _members_by_review(review_ids: set[int], role: str) -> dict[int, list]:
    people: dict[int, list] = {}
    for membership in Membership.objects.filter(review_id__in=review_ids, role=role).select_related("user"):
        people.setdefault(membership.review_id, []).append(membership.user)
    return people


def _due(date: datetime.date) -> str:
    return formats.date_format(date, "DATE_FORMAT")


def notify_deadlines(*, today: datetime.date) -> int:
    """Remind people of what falls due soon; returns how many notifications were new.

    - editors of sections not yet approved and due within 3 days (the assigned editors,
      or the review's editors when none is assigned);
    - owners of unfinished planner tasks due within 3 days;
    - coordinators of milestones not done and due within 7 days.

    Frozen reviews and records of past reviews are left alone. Each reminder has a key
    per (object, due date), so running this again the same day, or the next, sends
    nothing new; moving a due date gives a new reminder.
    """
    from reviews.core.notifications import notify

    # Not one transaction: each reminder stands alone (notify saves each atomically), so a
    # failure half-way keeps those already sent and the next run sends only the rest.
    created = 0
    sections = list(
        Section.objects.filter(
            due_date__gte=today,
            due_date__lte=today + datetime.timedelta(days=SECTION_DAYS),
            review__frozen_at=None,
            review__is_record=False,
        )
        .exclude(status=SectionStatus.APPROVED)
        .select_related("review")
        .prefetch_related("editors")
    )
    editors = _members_by_review({s.review_id for s in sections}, MemberRole.EDITOR)
    for section in sections:
        created += len(
            notify(
                users=perms.section_editors(section, review_editors=editors.get(section.review_id, [])),
                review=section.review,
                kind="deadline",
                message=lambda section=section: (
                    _("The section “%(title)s” is due on %(date)s")
                    % {"title": section.title, "date": _due(section.due_date)}
                ),
                url=reverse("reviews:section-review", args=[section.review_id, section.pk]),
                key=f"deadline:section:{section.pk}:{section.due_date.isoformat()}",
            )
        )
    tasks = Task.objects.filter(
        due_date__gte=today,
        due_date__lte=today + datetime.timedelta(days=TASK_DAYS),
        done_on=None,
        owner__isnull=False,
        review__frozen_at=None,
        review__is_record=False,
    ).select_related("review", "owner")
    for task in tasks:
        created += len(
            notify(
                users=[task.owner],
                review=task.review,
                kind="deadline",
                message=lambda task=task: (
                    _("The task “%(title)s” is due on %(date)s")
                    % {"title": task.title_shown, "date": _due(task.due_date)}
                ),
                url=f"{task.review.get_absolute_url()}#task-{task.pk}",
                key=f"deadline:task:{task.pk}:{task.due_date.isoformat()}",
            )
        )
    milestones = list(
        Milestone.objects.filter(
            due_date__gte=today,
            due_date__lte=today + datetime.timedelta(days=MILESTONE_DAYS),
            done_on=None,
            review__frozen_at=None,
            review__is_record=False,
        ).select_related("review")
    )
    coordinators = _members_by_review({m.review_id for m in milestones}, MemberRole.COORDINATOR)
    for milestone in milestones:
        created += len(
            notify(
                users=coordinators.get(milestone.review_id, []),
                review=milestone.review,
                kind="deadline",
                message=lambda milestone=milestone: (
                    _("The milestone “%(title)s” is due on %(date)s")
                    % {"title": milestone.title_shown, "date": _due(milestone.due_date)}
                ),
                url=milestone.review.get_absolute_url(),
                key=f"deadline:milestone:{milestone.pk}:{milestone.due_date.isoformat()}",
            )
        )
    return created
