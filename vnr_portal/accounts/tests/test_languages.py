"""Each person is spoken to in their own language: the one they signed up in, then their
profile's, whoever's request made the notification or e-mail."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from reviews.models import Notification, Section
from reviews.reporting.services.report_reminders import reports_send_reminders
from reviews.reporting.services.report_rounds import report_round_create, report_round_issue
from reviews.tests.factories import GoalAssignmentFactory, MembershipFactory, UserFactory
from reviews.workspace.services.deadlines_notify import notify_deadlines
from reviews.workspace.services.invitations import invitation_create, invitation_link_renew
from stakeholders.moderation.services.actions import contribution_hide
from stakeholders.tests.factories import (
    ContributionFactory,
    ContributorFactory,
    PortalFactory,
    RoundDocumentFactory,
    RoundFactory,
)
from vnr_portal.accounts.models import Profile
from vnr_portal.accounts.services import profile_set_language

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

User = get_user_model()
PASSWORD = "a-long-Passphrase-42"
DEADLINE = datetime.date(2027, 3, 10)


def speaks(user, language: str) -> None:
    profile_set_language(user=user, language=language)


# --- The language one signs up in -------------------------------------------------------


def test_public_sign_up_with_the_page_in_chinese_keeps_chinese(client, django_capture_on_commit_callbacks):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    data = {"display_name": "Li", "email": "li@example.org", "password1": PASSWORD, "password2": PASSWORD}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("stakeholders:portal-signup"), data)
    assert response.status_code == 302
    assert Profile.objects.get(user__email="li@example.org").language == "zh-hans"
    # The verification e-mail, sent by the worker, is in that language too.
    assert mail.outbox[0].subject == "确认您用于自愿国别评估磋商的电子邮件地址"


def test_public_sign_up_in_english_keeps_english(client):
    data = {"display_name": "Ann", "email": "ann@example.org", "password1": PASSWORD, "password2": PASSWORD}
    client.post(reverse("stakeholders:portal-signup"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert Profile.objects.get(user__email="ann@example.org").language == "en"


def test_accepting_an_invitation_with_the_page_in_arabic_keeps_arabic(client, review, coordinator):
    # The invitation was written in English; the person read the page in Arabic.
    invitation = invitation_create(
        actor=coordinator, review=review, email="new@example.org", roles=["editor"], ministry=None, language="en"
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    data = {"first_name": "Nadia", "last_name": "Haddad", "password": PASSWORD, "password_confirm": PASSWORD}
    response = client.post(
        reverse("reviews:invitation-accept", args=[invitation_link_renew(invitation=invitation)]), data
    )
    assert response.status_code == 302
    assert Profile.objects.get(user__username="new@example.org").language == "ar"


# --- Notifications and e-mails in the recipient's language ------------------------------


@pytest.fixture
def section(review):
    return Section.objects.create(
        review=review, title="Goal 3: Good health", content="<p>Clinics opened.</p>", version=1, status="in_review"
    )


def test_a_comment_in_english_reaches_each_editor_in_their_language(
    client, section, review, reviewer, editor, django_capture_on_commit_callbacks
):
    second = UserFactory(username="second_editor", email="second@example.org")
    MembershipFactory(review=review, user=second, role="editor")
    speaks(editor, "ar")
    reviewer.first_name, reviewer.last_name = "Rita", "Reviewer"
    reviewer.save()
    client.force_login(reviewer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the actor's request is in English

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reviews:section-comment", args=[review.pk, section.pk]), {"body": "Add a source.", "quote": ""}
        )

    assert response.status_code == 302
    messages = dict(Notification.objects.values_list("user__username", "message"))
    assert messages == {
        "editor": "علّق Rita Reviewer على “Goal 3: Good health”",
        "second_editor": "Rita Reviewer commented on “Goal 3: Good health”",
    }
    emails = {message.to[0]: message for message in mail.outbox}
    arabic = emails["editor@example.org"]
    assert arabic.subject == "علّق Rita Reviewer على “Goal 3: Good health”"
    assert "الاستعراض: Second VNR of Aurelia" in arabic.body
    assert "افتحه من هنا:" in arabic.body
    english = emails["second@example.org"]
    assert english.subject == "Rita Reviewer commented on “Goal 3: Good health”"
    assert "Review: Second VNR of Aurelia" in english.body


def test_deadline_reminders_speak_each_persons_language(review, editor, coordinator):
    arabic, chinese = UserFactory(username="arabic_editor"), UserFactory(username="chinese_editor")
    for user in (arabic, chinese):
        MembershipFactory(review=review, user=user, role="editor")
    speaks(arabic, "ar")
    speaks(chinese, "zh-hans")
    Section.objects.create(review=review, title="Health", due_date=datetime.date(2027, 3, 4))

    notify_deadlines(today=datetime.date(2027, 3, 1))

    messages = dict(Notification.objects.values_list("user__username", "message"))
    assert messages["editor"] == "The section “Health” is due on March 4, 2027"
    assert messages["chinese_editor"].startswith("章节“Health”的截止日期为 2027年3月4日")
    assert messages["arabic_editor"].startswith("يستحق القسم “Health” في")


def test_report_reminders_speak_each_focal_points_language(review, coordinator, goals, ministry_a, focal_a):
    MembershipFactory(review=review, user=UserFactory(username="focal_en"), role="focal_point", ministry=ministry_a)
    GoalAssignmentFactory(ministry=ministry_a, goal=goals[2], role="lead")
    report_round_issue(
        actor=coordinator, round=report_round_create(actor=coordinator, review=review, title="R", deadline=DEADLINE)
    )
    speaks(focal_a, "zh-hans")

    reports_send_reminders(today=DEADLINE - datetime.timedelta(days=7))

    messages = dict(Notification.objects.filter(kind="deadline").values_list("user__username", "message"))
    assert ("2027年3月10日" in messages["focal_a"], "March 10, 2027" in messages["focal_en"]) == (True, True)


def test_a_moderators_notice_reaches_the_contributor_in_their_language(
    review, moderator, django_capture_on_commit_callbacks
):
    PortalFactory(review=review)
    round_ = RoundFactory(review=review, title="Consultation on the draft")
    RoundDocumentFactory(round=round_)
    author = ContributorFactory(username="citizen", email="citizen@example.org")
    speaks(author, "ar")
    contribution = ContributionFactory(round=round_, document=round_.documents.get(), author=author)

    with django_capture_on_commit_callbacks(execute=True):
        contribution_hide(actor=moderator, contribution=contribution, reason="Off topic")

    expected = "أخفى أحد المشرفين مساهمتك في “Consultation on the draft”. السبب: Off topic"
    assert Notification.objects.get(user=author).message == expected
    assert [(message.to, message.subject) for message in mail.outbox] == [(["citizen@example.org"], expected)]
