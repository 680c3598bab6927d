"""In the browser: a coordinator generates the chapter "From the first to the second VNR",
finds it in the outline, regenerates it after looking at the preview of what would change,
and opens a Goal chapter side by side with the first VNR's (also in Arabic, right to left);
the pages pass axe."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from indicators.models import Goal
from reviews.drafting.models import Section, SectionKind
from reviews.evidence.tests.evidence_data import import_rows
from reviews.followup.tests.chapter_data import two_reviews_data
from reviews.tests.factories import GoalAssignmentFactory, MinistryFactory, SectionFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

AXE = Path(__file__).resolve().parents[3] / "vnr_portal" / "tests" / "assets" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]});
  return result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", ")}`);
}"""


def violations(page) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(RUN_AXE)


def test_a_coordinator_generates_regenerates_and_compares(page, login, review, first_review, coordinator):
    two_reviews_data(first_review)
    goal1 = Goal.objects.get(number=1)
    SectionFactory(
        review=first_review,
        title="Goal 1 in 2019",
        kind=SectionKind.GOAL,
        goal=goal1,
        content="<p>Poverty fell to 18 percent.</p>",
    )
    SectionFactory(
        review=review,
        title="No poverty",
        kind=SectionKind.GOAL,
        goal=goal1,
        content="<p>Poverty fell to 15 percent.</p>",
    )
    ministry = MinistryFactory(review=review, name="Ministry of Social Affairs", acronym="MSA")
    GoalAssignmentFactory(review=review, ministry=ministry, goal=goal1, role="lead")
    login(coordinator)

    page.goto(f"/reviews/{review.pk}/followup/chapter/")
    expect(page.get_by_role("heading", level=1)).to_have_text("From the first to the second VNR")
    assert violations(page) == []
    page.get_by_role("button", name="Generate the chapter").click()
    expect(page.locator("#messages")).to_contain_text("The chapter has been generated")
    expect(page.locator("main")).to_contain_text("Acceleration needed")

    page.goto(f"/reviews/{review.pk}/draft/")
    expect(page.locator("main")).to_contain_text("From the first to the second VNR")

    import_rows([("2.2.1", 2020, 12), ("2.2.1", 2022, 10)], name="more.csv")
    page.goto(f"/reviews/{review.pk}/followup/chapter/")
    page.get_by_role("link", name="Regenerate…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Regenerate the chapter")
    expect(page.locator(".section-diff ins").first).to_be_visible()
    page.screenshot(path="/tmp/chapter-preview.png", full_page=True)
    assert violations(page) == []
    section = Section.objects.get(review=review, kind=SectionKind.FIRST_TO_SECOND)
    assert section.version == 1  # the preview replaced nothing
    page.get_by_role("button", name="Replace the chapter's text").click()
    expect(page.locator("#messages")).to_contain_text("regenerated as revision 2")
    section.refresh_from_db()
    assert section.version == 2

    page.goto(f"/reviews/{review.pk}/followup/side-by-side/")
    page.get_by_label("Part of this review").select_option(label="No poverty")
    page.get_by_role("button", name="Compare").click()
    expect(page.locator("#match-note")).to_contain_text("Goal 1 in 2019")
    expect(page.locator(".section-diff del")).to_contain_text("18")
    expect(page.locator(".section-diff ins")).to_contain_text("15")
    expect(page.locator("#indicator-table")).to_contain_text("1.1.1")
    expect(page.locator("#matrix-table")).to_contain_text("MSA")
    page.screenshot(path="/tmp/chapter-side-by-side.png", full_page=True)
    assert violations(page) == []
    page.emulate_media(media="print")
    page.screenshot(path="/tmp/chapter-side-by-side-print.png", full_page=True)
    expect(page.locator("form[action$='side-by-side/']")).to_be_hidden()
    page.emulate_media(media="screen")

    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": page.url}])
    page.reload()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.screenshot(path="/tmp/chapter-side-by-side-ar.png", full_page=True)
    assert violations(page) == []
