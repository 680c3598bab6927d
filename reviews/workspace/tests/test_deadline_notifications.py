import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from reviews.models import Notification, Section
from reviews.tests.factories import MembershipFactory, MilestoneFactory, SectionFactory, TaskFactory, UserFactory
from reviews.workspace.services.deadlines_notify import notify_deadlines

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

TODAY = datetime.date(2027, 3, 1)


def days(n):
    return TODAY + datetime.timedelta(days=n)


def received():
    return sorted((n.user.username, n.message) for n in Notification.objects.select_related("user"))


def test_notify_deadlines_section_due_soon_reaches_its_assigned_editors(review, editor, coordinator):
    assigned = UserFactory(username="assigned")
    MembershipFactory(review=review, user=assigned, role="editor")
    section = SectionFactory(review=review, title="Health", due_date=days(3))
    section.editors.add(assigned)
    assert notify_deadlines(today=TODAY) == 1
    notification = Notification.objects.get()
    assert (notification.user, notification.kind, notification.message) == (
        assigned,
        "deadline",
        "The section “Health” is due on March 4, 2027",
    )
    assert notification.key == f"deadline:section:{section.pk}:2027-03-04"


def test_notify_deadlines_section_without_editors_reaches_the_review_editors(review, editor, coordinator):
    SectionFactory(review=review, title="Health", due_date=days(0))
    notify_deadlines(today=TODAY)
    assert [n.user for n in Notification.objects.all()] == [editor]


@pytest.mark.parametrize(
    ("due", "status", "frozen"),
    [(4, "drafting", False), (-1, "drafting", False), (1, "approved", False), (1, "drafting", True)],
    ids=["too-far", "past", "approved", "frozen"],
)
def test_notify_deadlines_leaves_sections_alone(review, editor, due, status, frozen):
    if frozen:
        review.frozen_at = datetime.datetime(2027, 2, 1, tzinfo=datetime.UTC)
        review.save()
    SectionFactory(review=review, title="Health", due_date=days(due), status=status)
    assert notify_deadlines(today=TODAY) == 0


def test_notify_deadlines_tasks_and_milestones(review, coordinator, editor):
    TaskFactory(review=review, title="Draft the outline", owner=editor, due_date=days(2))
    TaskFactory(review=review, title="Done already", owner=editor, due_date=days(2), done_on=days(-1))
    TaskFactory(review=review, title="Later", owner=editor, due_date=days(5))
    MilestoneFactory(review=review, title="Main messages due", due_date=days(7))
    MilestoneFactory(review=review, title="Report due", due_date=days(8))
    assert notify_deadlines(today=TODAY) == 2
    assert received() == [
        ("coordinator", "The milestone “Main messages due” is due on March 8, 2027"),
        ("editor", "The task “Draft the outline” is due on March 3, 2027"),
    ]


def test_notify_deadlines_run_twice_notifies_and_emails_once(
    review, coordinator, editor, django_capture_on_commit_callbacks
):
    SectionFactory(review=review, title="Health", due_date=days(1))
    MilestoneFactory(review=review, title="Report due", due_date=days(6))
    with django_capture_on_commit_callbacks(execute=True):
        first = notify_deadlines(today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        second = notify_deadlines(today=days(1))
    assert (first, second) == (2, 0)
    assert Notification.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["coordinator@example.org", "editor@example.org"]


def test_notify_deadlines_moved_due_date_reminds_again(review, editor):
    section = SectionFactory(review=review, title="Health", due_date=days(1))
    notify_deadlines(today=TODAY)
    Section.objects.filter(pk=section.pk).update(due_date=days(3))
    assert notify_deadlines(today=TODAY) == 1


def test_task_notify_deadlines_runs_the_service(review, editor, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from reviews.tasks import task_notify_deadlines

    SectionFactory(review=review, title="Health", due_date=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        result = task_notify_deadlines.apply()
    assert result.get() == 1
    assert [m.to for m in mail.outbox] == [["editor@example.org"]]


def test_notify_deadlines_command(review, editor, capsys):
    SectionFactory(review=review, title="Health", due_date=days(2))
    call_command("notify_deadlines", "--today", "2027-03-01")
    call_command("notify_deadlines", "--today", "2027-03-01")
    assert capsys.readouterr().out == "1 new notification(s).\n0 new notification(s).\n"


def test_notify_deadlines_command_refuses_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--today must be a date like 2027-03-01"):
        call_command("notify_deadlines", "--today", "tomorrow")
