"""In a browser: the coordinator sees who issuing will reach; a ministry focal point without
an account opens the invitation from the e-mail, creates the account and lands on the
ministry's report, ready to fill it in."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from reviews.reporting.services.report_rounds import report_round_create, report_round_issue
from reviews.tests.factories import GoalAssignmentFactory, MinistryFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


def test_focal_point_accepts_the_invitation_and_lands_on_the_report(
    browser, page, login, live_server, settings, review, coordinator, goals, eager_tasks
):
    settings.SITE_URL = live_server.url
    settings.SITE_NAME = "Aurelia VNR Portal"
    water = MinistryFactory(review=review, name="Ministry of Water", focal_point_email="water@example.org")
    roads = MinistryFactory(review=review, name="Ministry of Roads")
    GoalAssignmentFactory(ministry=water, goal=goals[5], role="lead")
    GoalAssignmentFactory(ministry=roads, goal=goals[8], role="lead")
    round_ = report_round_create(
        actor=coordinator, review=review, title="Round 1", deadline=timezone.localdate() + datetime.timedelta(days=30)
    )

    # Before issuing: who will be reached, and how.
    login(coordinator)
    page.goto(f"/reviews/{review.pk}/reports/")
    summary = page.get_by_role("table", name="How each ministry with a role in the matrix is told about its reports")
    expect(summary.get_by_role("row", name=re.compile("Ministry of Water"))).to_contain_text(
        "Invitation: creates their account from the link"
    )
    expect(page.get_by_role("alert")).to_contain_text("Ministry of Roads")
    page.screenshot(path="/tmp/invites-issue-page.png", full_page=True)

    report_round_issue(actor=coordinator, round=round_)
    (message,) = [m for m in mail.outbox if m.to == ["water@example.org"]]
    link = re.search(re.escape(live_server.url) + r"/invitations/\S+/", message.body).group(0)
    assert "Aurelia VNR Portal" in message.body

    # The focal point, in a browser of their own.
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    guest = context.new_page()
    guest.goto(link)
    expect(guest.get_by_role("heading", level=1)).to_have_text("Invitation to “Second VNR of Aurelia”")
    expect(guest.get_by_text("Progress reports are due for “Round 1”")).to_be_visible()
    guest.get_by_label("First name").fill("Wanjiru")
    guest.get_by_label("Last name").fill("Kamau")
    guest.get_by_label(re.compile(r"^\s*Password\W*$")).fill("a-long-passphrase-42")
    guest.get_by_label("Password again").fill("a-long-passphrase-42")
    guest.get_by_role("button", name="Create my account and accept").click()

    expect(guest.get_by_role("heading", level=1)).to_have_text("Progress report on goal 6 — Ministry of Water")
    expect(guest.get_by_role("link", name="Fill in")).to_be_visible()
    guest.screenshot(path="/tmp/invites-landing.png", full_page=True)
    guest.goto(link)
    expect(guest.get_by_role("heading", level=1)).to_have_text("This invitation link cannot be used")
    context.close()

    # The tracker no longer says "invited": it names the person.
    page.goto(f"/reviews/{review.pk}/reports/tracker/")
    expect(page.get_by_role("row", name=re.compile("Ministry of Water"))).to_contain_text("Wanjiru Kamau")
