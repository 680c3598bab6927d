"""A person's "My tasks": what waits for them across their reviews, from every app.

`reviews/core` does not know reports, sections, votes or the public's contributions: the
packages and apps that do hand in a *task provider* (the registry pattern, as the
report's annexes and the audit log's display names):

    register_task_provider(key, title, provider, order=…)

`provider(user, reviews, today)` gets the reviews (in progress, not records) where `user`
holds a role, as `{review id: Review}` with their country loaded, and returns a list of
`TaskItem`s, each a link to the page where the task is done. A provider decides with the
rules' predicates and permissions (never a copy of a rule) and costs a fixed number of
queries, whatever the number of reviews or items. `ReviewsConfig.ready()` registers the
providers of the `reviews` packages (reporting, drafting, workspace), and
`StakeholdersConfig.ready()` the moderation queue's, so that `reviews` never imports
`stakeholders`.

`task_groups_for_user(user, today=…)` asks every provider and returns the groups that have
items, in their `order`; `keys=` asks only some of them (the dashboard asks for waiting
votes).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from reviews import rules as perms
from reviews.core.deadlines import DeadlineStatus, deadline_status
from reviews.core.models import Review


@dataclass
class TaskItem:
    """One thing to do: a link to where it is done, in one review."""

    review: Review
    title: str
    url: str
    due: datetime.date | None = None
    done: datetime.date | None = None
    note: str = ""
    # How many things the item stands for (a review's moderation queue: its contributions).
    count: int = 1
    status: str = ""

    def set_status(self, today: datetime.date) -> None:
        self.status = deadline_status(due=self.due, done=self.done, today=today).value if self.due else ""


@dataclass
class TaskGroup:
    key: str
    title: str
    items: list[TaskItem] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(item.count for item in self.items)

    @property
    def late_count(self) -> int:
        return sum(1 for item in self.items if item.status == DeadlineStatus.LATE)


Provider = Callable[[object, dict[int, Review], datetime.date], list[TaskItem]]


@dataclass(frozen=True)
class _Registered:
    key: str
    title: str
    provider: Provider
    order: int


_PROVIDERS: dict[str, _Registered] = {}


def register_task_provider(key: str, title, provider: Provider, *, order: int = 100) -> None:
    """Add a group of tasks (`title` a lazy translatable string); registering a key again replaces it."""
    _PROVIDERS[key] = _Registered(key=key, title=title, provider=provider, order=order)


def registered_task_keys() -> list[str]:
    return [entry.key for entry in sorted(_PROVIDERS.values(), key=lambda entry: entry.order)]


def member_reviews(user) -> dict[int, Review]:
    """The reviews in progress where `user` holds a role (from the rules' cached
    memberships: one query for them, if not read yet, and one for the reviews)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    ids = perms.member_review_ids(user)
    if not ids:
        return {}
    reviews = Review.objects.filter(pk__in=ids, is_record=False).select_related("country")
    return {review.pk: review for review in reviews.order_by("country__name", "-hlpf_year", "pk")}


def task_groups_for_user(
    user, *, today: datetime.date, keys: Iterable[str] | None = None, reviews: dict[int, Review] | None = None
) -> list[TaskGroup]:
    """The groups of tasks with items for `user`, in the providers' order; each item's
    deadline status set against `today`, late and due items first."""
    reviews = member_reviews(user) if reviews is None else reviews
    wanted = set(keys) if keys is not None else None
    groups = []
    if not reviews:
        return groups
    for entry in sorted(_PROVIDERS.values(), key=lambda entry: entry.order):
        if wanted is not None and entry.key not in wanted:
            continue
        items = entry.provider(user, reviews, today)
        if not items:
            continue
        for item in items:
            item.set_status(today)
        items.sort(key=lambda item: (_URGENCY.get(item.status, 3), item.due or datetime.date.max))
        groups.append(TaskGroup(key=entry.key, title=str(entry.title), items=items))
    return groups


_URGENCY = {DeadlineStatus.LATE.value: 0, DeadlineStatus.DUE.value: 1, DeadlineStatus.UPCOMING.value: 2}
