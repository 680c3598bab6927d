"""The workspace's tasks for "My tasks" (`reviews.core.my_tasks`): the cycle planner's
deadlines that are due soon or late — the checklist tasks a person owns, and the UN
milestones of the reviews they may change the planner of. Registered by
`ReviewsConfig.ready()`."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from reviews.core.deadlines import DUE_SOON_DAYS
from reviews.core.my_tasks import TaskItem
from reviews.workspace.models import Milestone, Task

CHANGE_PLANNER = "reviews.change_review"  # what the milestone's edit page checks


def deadlines_soon(user, reviews: dict, today) -> list[TaskItem]:
    """Not done, due within `DUE_SOON_DAYS` or late: two queries (tasks, milestones)."""
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    items = []
    tasks = Task.objects.filter(
        review_id__in=list(reviews), owner=user, done_on__isnull=True, due_date__lte=horizon
    ).order_by("due_date", "pk")
    for task in tasks:
        review = reviews[task.review_id]
        url = reverse("reviews:review-detail", args=[review.pk]) + f"#task-{task.pk}"
        items.append(
            TaskItem(review=review, title=task.title_shown, url=url, due=task.due_date, note=_("Checklist task"))
        )
    planners = [pk for pk, review in reviews.items() if user.has_perm(CHANGE_PLANNER, review)]
    milestones = Milestone.objects.filter(review_id__in=planners, done_on__isnull=True, due_date__lte=horizon).order_by(
        "due_date", "pk"
    )
    for milestone in milestones:
        milestone.review = reviews[milestone.review_id]
        url = reverse("reviews:milestone-edit", args=[milestone.review_id, milestone.pk])
        items.append(
            TaskItem(
                review=milestone.review,
                title=milestone.title_shown,
                url=url,
                due=milestone.due_date,
                note=_("UN milestone"),
            )
        )
    return items
