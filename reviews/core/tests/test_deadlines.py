import datetime

import pytest

from reviews.core.deadlines import deadline_status

pytestmark = pytest.mark.unit

TODAY = datetime.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("due", "done", "expected"),
    [
        (datetime.date(2026, 11, 25), None, "late"),
        (TODAY, None, "due"),
        (datetime.date(2026, 12, 10), None, "due"),
        (datetime.date(2026, 12, 11), None, "upcoming"),
        (datetime.date(2026, 1, 1), datetime.date(2026, 1, 2), "done"),
        (None, None, "unscheduled"),
    ],
    ids=["yesterday-late", "today-due", "in-14-days-due", "in-15-days-upcoming", "done", "no-date"],
)
def test_deadline_status(due, done, expected):
    assert deadline_status(due=due, done=done, today=TODAY) == expected
