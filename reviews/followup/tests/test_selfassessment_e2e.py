"""In the browser: a respondent answers the self-assessment, the coordinator sees the results
and the raw answers, a reviewer sees the summary only."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reviews.followup.services import selfassessment as services

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


def test_respondent_answers_coordinator_sees_raw_answers_reviewer_the_summary(
    page, login, review, coordinator, reviewer, focal_a
):
    assessment = services.selfassessment_create(
        actor=coordinator,
        review=review,
        opens_on=timezone.localdate() - datetime.timedelta(days=1),
        closes_on=timezone.localdate() + datetime.timedelta(days=7),
        first_vnr_arrangements="A committee chaired by the Ministry of Planning.",
    )
    services.respondents_invite(actor=coordinator, assessment=assessment, group_keys=["focal_points"])

    # The focal point answers: "4" everywhere, "don't know" on the last question, one comment.
    login(focal_a)
    page.goto(f"/reviews/{review.pk}/followup/self-assessment/")
    page.get_by_role("link", name="Answer the questionnaire").click()
    fieldsets = page.locator("main form fieldset.selfassessment-question")
    count = fieldsets.count()
    assert count == 10
    for n in range(count - 1):
        fieldsets.nth(n).get_by_label("4 — Largely").check()
    fieldsets.nth(count - 1).get_by_label("Don't know").check()
    fieldsets.nth(0).get_by_label("Comment").fill("CONFIDENTIAL-NOTE the mandate was never published")
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_text("your answers have been saved")).to_be_visible()
    expect(page.get_by_text("You answered (last saved")).to_be_visible()
    page.screenshot(path="/tmp/selfassess-respond.png", full_page=True)

    # The coordinator: the results, then the raw answers with the comment.
    page.context.clear_cookies()
    login(coordinator)
    page.goto(f"/reviews/{review.pk}/followup/self-assessment/")
    results = page.get_by_role("table", name="Results per question")
    expect(results).to_be_visible()
    first_row = results.locator("tbody tr").first
    expect(first_row.locator("td").nth(1)).to_have_text("4.0")
    expect(page.get_by_role("table", name="Mean score per respondent group")).to_contain_text(
        "Ministries' focal points"
    )
    page.screenshot(path="/tmp/selfassess-results.png", full_page=True)
    page.get_by_role("link", name="Raw answers and comments (confidential)").click()
    expect(page.get_by_text("CONFIDENTIAL-NOTE the mandate was never published")).to_be_visible()
    expect(page.get_by_role("heading", level=2)).to_contain_text("Ministries' focal points")

    # The reviewer: the summary, no link to the raw answers, the raw page refused.
    page.context.clear_cookies()
    login(reviewer)
    page.goto(f"/reviews/{review.pk}/followup/self-assessment/")
    expect(page.get_by_role("table", name="Results per question")).to_be_visible()
    expect(page.get_by_role("link", name="Raw answers and comments (confidential)")).to_have_count(0)
    expect(page.get_by_text("CONFIDENTIAL-NOTE")).to_have_count(0)
    response = page.goto(f"/reviews/{review.pk}/followup/self-assessment/answers/")
    assert response.status == 403
