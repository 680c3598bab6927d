"""The moderation queue in a person's "My tasks" (`reviews.core.my_tasks`), handed to
`reviews` by `StakeholdersConfig.ready()`: per review a moderator (or coordinator) works
in, how many contributions wait for them — to classify, waiting after flags, flagged
since last checked — as one link to the queue."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from reviews.core.my_tasks import TaskItem
from stakeholders.portal.models import Contribution
from stakeholders.rules import MODERATE

from .selectors import STATUS_FILTERS

# The queue's filters that ask for a moderator, most urgent first.
WAITING = ("awaiting", "flagged", "todo")


def moderation_queue(user, reviews: dict, today) -> list[TaskItem]:
    """One item per review with contributions waiting: one query, whatever the number of reviews."""
    review_ids = [pk for pk, review in reviews.items() if user.has_perm(MODERATE, review)]
    if not review_ids:
        return []
    any_waiting = STATUS_FILTERS[WAITING[0]][1]
    for key in WAITING[1:]:
        any_waiting |= STATUS_FILTERS[key][1]
    counts = (
        Contribution.objects.filter(round__review_id__in=review_ids)
        .values("round__review_id")
        .annotate(
            total=Count("pk", filter=any_waiting),
            **{key: Count("pk", filter=STATUS_FILTERS[key][1]) for key in WAITING},
        )
        .order_by("round__review_id")
    )
    items = []
    for row in counts:
        if not row["total"]:
            continue
        review = reviews[row["round__review_id"]]
        status = next(key for key in WAITING if row[key])
        url = reverse("stakeholders:moderation", args=[review.pk]) + "?" + urlencode({"status": status})
        note = ", ".join(f"{STATUS_FILTERS[key][0]}: {row[key]}" for key in WAITING if row[key])
        title = _("Contributions waiting for moderation")
        items.append(TaskItem(review=review, title=title, url=url, note=note, count=row["total"]))
    return items
