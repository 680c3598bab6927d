import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


def test_invitation_journey_invite_email_signup_member(
    page, login, live_server, settings, review, coordinator, eager_tasks
):
    settings.SITE_URL = live_server.url
    login(coordinator)

    page.goto(f"/reviews/{review.pk}/members/")
    page.get_by_role("link", name="Invite someone").click()
    page.get_by_label("E-mail address").fill("Guest@Example.org")
    page.get_by_label("Editor", exact=True).check()
    page.get_by_label("Reviewer", exact=True).check()
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status")).to_have_text("The invitation to guest@example.org is on its way.")
    expect(page.get_by_role("table", name="Invitations sent and not yet accepted.")).to_contain_text(
        "guest@example.org"
    )

    (message,) = mail.outbox
    link = re.search(re.escape(live_server.url) + r"/invitations/\S+/", message.body).group(0)
    page.get_by_role("button", name="Log out").click()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitation to “Second VNR of Aurelia”")
    page.get_by_label("First name").fill("Ana")
    page.get_by_label("Last name").fill("Lima")
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill("a-long-passphrase-42")
    page.get_by_label("Password again").fill("a-long-passphrase-42")
    page.get_by_role("button", name="Create my account and accept").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Members")
    expect(page.get_by_role("row", name=re.compile("Ana Lima"))).to_contain_text("Editor")
    expect(page.get_by_role("row", name=re.compile("Ana Lima"))).to_contain_text("Reviewer")
    page.goto(link)
    expect(page.get_by_role("paragraph").filter(has_text="already been accepted")).to_be_visible()
