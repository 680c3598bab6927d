"""In Chromium: a visitor comments on a paragraph, signs up on the one page to log in or
create an account, opens the verification link from the e-mail (in another browser), logs
in and is back at the paragraph with the text they typed, and sends it."""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail

from stakeholders.models import Contribution

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

TEXT = "Say which districts got the new clinics, please."
PASSWORD = "correct horse battery staple 42"


def test_comment_sign_up_verify_back_at_the_paragraph_with_the_text(page, browser, live_server, public_round):
    review = public_round.review
    document = public_round.documents.get()

    # The visitor reads the round and comments on the second paragraph.
    page.goto("/")
    page.get_by_role("link", name=public_round.title).first.click()
    page.locator(f"a[href*='document={document.pk}'][href*='paragraph=1']").click()
    page.locator("#id_body").fill(TEXT)
    page.screenshot(path="/tmp/public-1-comment.png", full_page=True)
    page.locator("main form button[type=submit]").click()

    # One page to log in or create an account; they create one.
    assert page.get_by_role("heading", name="Log in or create an account").is_visible()
    assert page.get_by_text("What you wrote is kept.").is_visible()
    page.screenshot(path="/tmp/public-2-join.png", full_page=True)
    page.locator("#id_display_name").fill("Amina")
    page.locator("#id_email").fill("amina@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    assert page.get_by_role("heading", name="Confirm your e-mail address").is_visible()

    # The link from the e-mail, opened in another browser.
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/portal/account/verify/\S+/", message.body).group(0)
    other = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    other.goto(urlparse(link).path)
    assert other.get_by_text("your e-mail address is confirmed").is_visible()
    other.locator("#id_username").fill("amina@example.org")
    other.locator("#id_password").fill(PASSWORD)
    other.get_by_role("button", name="Log in", exact=True).click()

    # The code of conduct the first time, then back at the paragraph with the text.
    other.get_by_role("button", name=re.compile("accept", re.IGNORECASE)).click()
    other.wait_for_url(re.compile(rf"/portal/{review.pk}/rounds/{public_round.pk}/contribute/\?document={document.pk}"))
    assert other.locator("#id_body").input_value() == TEXT
    assert other.get_by_text("We kept what you wrote").is_visible()
    assert "paragraph 2" in other.locator("main").inner_text()
    other.screenshot(path="/tmp/public-3-back.png", full_page=True)
    other.get_by_role("button", name="Send my contribution").click()
    contribution = Contribution.objects.get()
    assert (contribution.body, contribution.paragraph, contribution.author.email) == (TEXT, 1, "amina@example.org")
    assert TEXT in other.locator("main").inner_text()
