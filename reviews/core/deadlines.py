"""How a due date stands today: done, late, due soon or upcoming."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

DUE_SOON_DAYS = 14


class DeadlineStatus(models.TextChoices):
    DONE = "done", _("Done")
    LATE = "late", _("Late")
    DUE = "due", _("Due soon")
    UPCOMING = "upcoming", _("Upcoming")
    UNSCHEDULED = "unscheduled", _("No due date")


def deadline_status(*, due: datetime.date | None, done: datetime.date | None, today: datetime.date) -> DeadlineStatus:
    if done:
        return DeadlineStatus.DONE
    if due is None:
        return DeadlineStatus.UNSCHEDULED
    if due < today:
        return DeadlineStatus.LATE
    if (due - today).days <= DUE_SOON_DAYS:
        return DeadlineStatus.DUE
    return DeadlineStatus.UPCOMING
