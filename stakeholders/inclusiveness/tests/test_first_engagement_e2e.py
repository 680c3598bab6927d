"""In the browser: a coordinator enters who took part in the first VNR by category and
what they said, and finds it beside this review's figures on the inclusiveness page (in
English and in Arabic, right to left); the pages pass axe."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from stakeholders.tests.factories import CategoryFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

AXE = Path(__file__).resolve().parents[3] / "vnr_portal" / "tests" / "assets" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]});
  return result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", ")}`);
}"""


def violations(page) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(RUN_AXE)


def test_a_coordinator_records_the_first_engagement(page, login, review, coordinator):
    CategoryFactory(review=review, name="Youth", position=0)
    login(coordinator)

    page.goto(f"/reviews/{review.pk}/engagement/inclusiveness/baseline/")
    page.get_by_label("Participants", exact=True).fill("120")
    page.get_by_label("Participants by category").fill("Youth: 40\nTrade unions 12")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Line 2: write the category, a colon and a whole number.")
    assert violations(page) == []
    page.get_by_label("Participants by category").fill("Youth: 40\nTrade unions: 12")
    page.get_by_label("What the participants said of the engagement").fill("It came too late.")
    page.get_by_role("button", name="Save").click()

    expect(page.locator("#category-comparison")).to_contain_text("Trade unions")
    expect(page.locator("#first-feedback")).to_have_text("It came too late.")
    page.locator("#category-comparison").screenshot(path="/tmp/chapter-inclusiveness.png")
    assert violations(page) == []

    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": page.url}])
    page.reload()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.screenshot(path="/tmp/chapter-inclusiveness-ar.png", full_page=True)
    assert violations(page) == []
