import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from reviews.models import AuditEntry, Notification, ProgressReport
from reviews.reporting.services.report_reminders import (
    reminder_kind,
    report_send_reminder,
    reports_send_reminders,
)
from reviews.reporting.services.report_rounds import report_round_create, report_round_issue
from reviews.tasks import task_send_report_reminders
from reviews.tests.factories import GoalAssignmentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

DEADLINE = datetime.date(2027, 3, 10)


def day(offset: int) -> datetime.date:
    return DEADLINE + datetime.timedelta(days=offset)


@pytest.fixture
def report(review, coordinator, goals, ministry_a, focal_a, focal_b):
    GoalAssignmentFactory(ministry=ministry_a, goal=goals[2], role="lead")
    round_ = report_round_create(actor=coordinator, review=review, title="Round 1", deadline=DEADLINE)
    report_round_issue(actor=coordinator, round=round_)
    Notification.objects.all().delete()  # the issuing notice
    return ProgressReport.objects.get(round=round_)


def reminders() -> list[tuple[str, str, str]]:
    return sorted(
        Notification.objects.filter(key__startswith="report-reminder:").values_list("user__username", "kind", "message")
    )


@pytest.mark.parametrize(
    "offset, status, expected",
    [
        (-7, "not_started", "7d"),
        (-1, "draft", "1d"),
        (-3, "draft", None),
        (0, "draft", None),
        (1, "returned", "overdue"),
        (1, "submitted", None),
        (-7, "accepted", None),
        (5, "incorporated", None),
    ],
)
def test_reminder_kind(report, offset, status, expected):
    report.status = status
    assert reminder_kind(report, day(offset)) == expected


def test_reminders_seven_days_before_reach_the_ministrys_focal_points_only(report):
    assert reports_send_reminders(today=day(-7)) == 1
    assert reminders() == [
        (
            "focal_a",
            "deadline",
            "Reminder: the progress report of Ministry of Health on goal 3 (Round 1) is due on March 10, 2027.",
        )
    ]
    assert Notification.objects.get().key == f"report-reminder:{report.pk}:7d:2027-03-10"


def test_reminders_overdue_sent_once(report):
    assert [reports_send_reminders(today=day(n)) for n in (1, 2, 5)] == [1, 0, 0]
    assert reminders() == [
        (
            "focal_a",
            "deadline",
            "Overdue: the progress report of Ministry of Health on goal 3 (Round 1) was due on March 10, 2027.",
        )
    ]


def test_reminders_run_twice_send_once(report, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = reports_send_reminders(today=day(-1))
    with django_capture_on_commit_callbacks(execute=True):
        second = reports_send_reminders(today=day(-1))
    assert (first, second) == (1, 0)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (
            ["focal_a@example.org"],
            "Reminder: the progress report of Ministry of Health on goal 3 (Round 1) is due on March 10, 2027.",
        )
    ]


def test_reminders_skip_submitted_reports(report):
    ProgressReport.objects.filter(pk=report.pk).update(status="submitted")
    assert [reports_send_reminders(today=day(n)) for n in (-7, -1, 1)] == [0, 0, 0]


def test_reminders_after_a_deadline_change_send_again(report):
    reports_send_reminders(today=day(-1))
    ProgressReport.objects.filter(pk=report.pk).update(deadline=day(6))
    assert reports_send_reminders(today=day(5)) == 1
    assert Notification.objects.filter(key__startswith="report-reminder:").count() == 2


def test_reminders_leave_frozen_reviews_alone(report, review):
    type(review).objects.filter(pk=review.pk).update(frozen_at=datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC))
    assert reports_send_reminders(today=day(1)) == 0


def test_reminder_message_is_rendered_in_the_recipients_language(report):
    from reviews.reporting.services.report_reminders import _message

    assert "2027年3月10日" in _message(report, "7d", "zh-hans")


def test_report_send_reminder_by_hand_always_sends_and_is_audited(report, coordinator):
    assert [report_send_reminder(actor=coordinator, report=report).sent for _ in range(2)] == [1, 1]
    assert Notification.objects.filter(user__username="focal_a").count() == 2
    assert AuditEntry.objects.filter(action="report.reminder").count() == 2


def test_task_sends_reminders(report, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: day(-7))
    assert task_send_report_reminders.delay().get() == 1
    assert task_send_report_reminders.name == "reviews.send_report_reminders"


def test_command_with_today(report, capsys):
    call_command("send_report_reminders", "--today", day(-1).isoformat())
    call_command("send_report_reminders", "--today", day(-1).isoformat())
    assert capsys.readouterr().out == "1 new notification(s).\n0 new notification(s).\n"


def test_command_refuses_a_bad_date(report):
    from django.core.management import CommandError

    with pytest.raises(CommandError) as error:
        call_command("send_report_reminders", "--today", "2026-02-30")
    assert str(error.value) == "--today must be a date like 2027-03-01: day is out of range for month"


# --- The tracker's button -------------------------------------------------------------------


@pytest.mark.parametrize("who", ["focal_a", "reviewer", "editor", "other_member"])
def test_remind_by_hand_refused_to_non_coordinators(request, client, review, report, who):
    client.force_login(request.getfixturevalue(who))
    assert client.post(reverse("reviews:report-remind", args=[review.pk, report.pk])).status_code == 403
    assert reminders() == []


def test_remind_by_hand_needs_post(client, review, report, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("reviews:report-remind", args=[review.pk, report.pk])).status_code == 405


def test_remind_by_hand_sends_and_says_so(client, review, report, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("reviews:report-remind", args=[review.pk, report.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Reminder sent to 1 person."]
    assert [name for name, _kind, _message in reminders()] == ["focal_a"]


def test_remind_by_hand_without_focal_point_says_so(client, review, report, coordinator, focal_a):
    focal_a.vnr_memberships.all().delete()
    client.force_login(coordinator)
    response = client.post(reverse("reviews:report-remind", args=[review.pk, report.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "This ministry has no focal point in the review and no focal-point e-mail address: nobody to remind. "
        "Add the address on the ministry's page."
    ]
