"""The whole approval journey in the browser: write, comment, approve, vote, freeze."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reviews.drafting.services.outline import section_add
from reviews.models import Review, Section

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


def test_editor_writes_reviewer_approves_council_votes_report_freezes(
    page, login, review, coordinator, editor, reviewer, council_member
):
    section = section_add(actor=coordinator, review=review, title="Highlights")

    login(editor)
    page.goto(f"/reviews/{review.pk}/draft/{section.pk}/edit/")
    page.get_by_role("textbox", name="Text").click()
    page.keyboard.type("Extreme poverty halved since the first review.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved as revision 1.")).to_be_visible()
    page.goto(f"/reviews/{review.pk}/draft/{section.pk}/review/")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("#section-status")).to_have_text("In review")

    login(reviewer)
    page.goto(f"/reviews/{review.pk}/draft/{section.pk}/review/")
    page.get_by_role("textbox", name="Comment", exact=True).fill("Please cite the survey.")
    page.get_by_role("button", name="Add the comment").click()
    expect(page.get_by_text("Please cite the survey.")).to_be_visible()
    page.get_by_label("Approve this revision").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#section-status")).to_have_text("Approved")

    login(coordinator)
    page.goto(f"/reviews/{review.pk}/vote/")
    deadline = timezone.localtime(timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Deadline").fill(deadline)
    page.get_by_role("button", name="Open the vote").click()
    expect(page.get_by_role("status").filter(has_text="The vote is open")).to_be_visible()

    login(council_member)
    page.goto(f"/reviews/{review.pk}/vote/")
    page.get_by_role("radio", name="Approve").check()
    page.get_by_role("button", name="Cast my vote").click()
    page.get_by_role("button", name="Confirm my vote").click()
    expect(page.locator("#vote-outcome")).to_have_text("Outcome: Approved")
    expect(page.locator("#frozen-notice")).to_contain_text("The report is frozen")

    login(editor)
    response = page.goto(f"/reviews/{review.pk}/draft/{section.pk}/edit/")
    assert response.status == 403
    assert Review.objects.get(pk=review.pk).is_frozen is True
    assert Section.objects.get(pk=section.pk).content == "<p>Extreme poverty halved since the first review.</p>"
