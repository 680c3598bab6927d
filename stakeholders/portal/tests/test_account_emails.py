"""The sign-up's verification e-mail is sent by the worker, retried while the mail server fails."""

import smtplib
from unittest import mock

import pytest
from django.core import mail

from reviews.tests.factories import UserFactory
from stakeholders.tasks import task_send_verification_email
from stakeholders.tests.factories import ContributorProfileFactory

pytestmark = pytest.mark.django_db

BASE = "https://vnr.example.gov/"


@pytest.fixture
def unverified():
    user = UserFactory(username="new@example.org", email="new@example.org")
    ContributorProfileFactory(user=user, display_name="New Person", email_verified_at=None)
    return user


def test_the_link_is_absolute_and_verifies_the_address(client, unverified):
    task_send_verification_email.apply(kwargs={"user_id": unverified.pk, "base_url": BASE})

    (message,) = mail.outbox
    assert message.to == ["new@example.org"]
    link = next(word for word in message.body.split() if word.startswith(BASE))
    client.get(link.removeprefix(BASE.rstrip("/")))
    unverified.contributor.refresh_from_db()
    assert unverified.contributor.is_verified


def test_nothing_is_sent_to_a_verified_address(contributor):
    task_send_verification_email.apply(kwargs={"user_id": contributor.pk, "base_url": BASE})

    assert mail.outbox == []


def test_retried_while_the_mail_server_fails(unverified):
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) < 3:
            raise smtplib.SMTPServerDisconnected("down")
        return 1

    with mock.patch("stakeholders.portal.services.accounts.send_mail", side_effect=flaky):
        task_send_verification_email.apply(kwargs={"user_id": unverified.pk, "base_url": BASE})

    assert len(calls) == 3
