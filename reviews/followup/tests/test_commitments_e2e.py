"""In a browser: a focal point updates their ministry's commitment with evidence, a
reviewer accepts it, the register shows it."""

import pytest
from playwright.sync_api import expect

from indicators.evidence.services.imports import ImportFile, evidence_import
from indicators.tests.factories import GoalFactory
from reviews.followup.services.commitments import commitment_create

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


def test_focal_point_updates_with_evidence_reviewer_accepts_register_shows(
    page, login, review, ministry_a, coordinator, focal_a, reviewer
):
    GoalFactory(number=3)
    evidence_import(
        country="AUR", files=[ImportFile(name="indicator_3-1-1.csv", data=b"Year,Value\n2019,210\n2024,138\n")]
    )
    commitment = commitment_create(
        actor=coordinator,
        review=review,
        text="Cut the maternal mortality ratio by a third",
        kind="commitment",
        goals=[GoalFactory(number=3)],
        ministries=[ministry_a],
    )
    register = f"/reviews/{review.pk}/followup/commitments/"

    login(focal_a)
    page.goto(f"/reviews/{review.pk}/followup/")
    page.get_by_role("link", name="Commitments register").click()
    page.get_by_role("link", name=commitment.text).click()
    page.get_by_label("Status").select_option("Done")
    page.get_by_label("Indicator series").select_option(index=0)
    page.get_by_label("Links").fill("https://example.org/maternal-health-report")
    page.get_by_label("Narrative").fill("The ratio fell from 210 to 138.")
    page.get_by_role("button", name="Submit the update").click()
    expect(page.locator(".alert-success")).to_contain_text("a reviewer will accept it")
    expect(page.locator("#update-history")).to_contain_text("Submitted")
    page.goto(register)
    expect(page.locator(f"#commitment-{commitment.pk} .status")).to_contain_text("Not reported yet")

    page.context.clear_cookies()
    login(reviewer)
    page.goto(register)
    page.get_by_role("link", name=commitment.text).click()
    page.get_by_label("Accept").check()
    page.get_by_role("button", name="Decide").click()
    expect(page.locator(".alert-success")).to_contain_text("The update is accepted")
    page.get_by_role("link", name="Back to the register").click()
    expect(page.locator(f"#commitment-{commitment.pk} .status")).to_contain_text("Done")
    page.screenshot(path="/tmp/commitments.png", full_page=True)
    page.goto(f"/reviews/{review.pk}/followup/commitments/{commitment.pk}/")
    expect(page.locator("#update-history .evidence-series")).to_contain_text("3.1.1")
    page.screenshot(path="/tmp/commitment.png", full_page=True)
    page.goto(f"/reviews/{review.pk}/followup/roadmap/")
    expect(page.locator("#roadmap")).to_contain_text("now Done")
    page.screenshot(path="/tmp/roadmap.png", full_page=True)
    page.goto(f"/reviews/{review.pk}/followup/")
    page.screenshot(path="/tmp/followup.png", full_page=True)
