from pathlib import Path

import pytest
from playwright.sync_api import expect

from reviews.followup.services.carryover import carryover_apply
from reviews.followup.tests.carryover_helpers import fill_previous, rows_of, third_review
from reviews.models import Invitation, Review

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

# axe-core, served from the project's test assets (as vnr_portal/tests/test_accessibility_e2e.py).
AXE = Path(__file__).resolve().parents[3] / "vnr_portal" / "tests" / "assets" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]});
  return result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", ")}`);
}"""


def _violations(page, path):
    response = page.goto(path)
    assert response.status == 200, path
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(RUN_AXE)


def test_coordinator_starts_a_third_vnr_from_the_second(page, login, coordinator, review, goals):
    fill_previous(review, goals, coordinator)
    before = rows_of(review)
    login(coordinator)
    page.goto(f"/reviews/{review.pk}/")
    page.get_by_role("link", name="Start the next VNR from this one").click()
    page.get_by_label("Title").fill("Third VNR of Aurelia")
    page.get_by_label("Year presented at the HLPF").fill("2031")
    page.get_by_label("English").check()
    expect(page.get_by_label("Previous VNR")).to_have_value(str(review.pk))
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Start from the previous review")
    page.get_by_label("Ministries and divisions").check()
    page.get_by_label("The role matrix").check()
    page.get_by_label("The outline: sections and titles").check()
    page.get_by_label("Members, invited again").check()
    page.get_by_role("button", name="Carry over the chosen parts").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Carried over from the previous review")
    table = page.get_by_role("table", name="Each part carried over, with how many items it copied")
    expect(table.get_by_role("row")).to_have_count(5)  # the heading row and four parts
    for label, count in [
        ("Ministries and divisions", "3"),
        ("The role matrix", "3"),
        ("The outline: sections and titles", "3"),
        ("Members, invited again", "2"),
    ]:
        row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name=label, exact=True))
        expect(row.get_by_role("cell").first).to_have_text(count)

    third = Review.objects.get(title="Third VNR of Aurelia")
    assert third.previous_review_id == review.pk
    assert not third.report_templates.exists()
    assert Invitation.objects.filter(review=third).count() == 2
    assert rows_of(review) == before


@pytest.mark.parametrize("language", ["en", "ar"])
def test_carryover_pages_have_no_axe_violations(page, login, live_server, coordinator, review, goals, language):
    fill_previous(review, goals, coordinator)
    third = third_review(review, coordinator)
    carryover_apply(actor=coordinator, review=third, parts=["ministries"])
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    login(coordinator)
    for path in [
        f"/reviews/{third.pk}/followup/carry-over/",
        f"/reviews/{third.pk}/followup/carried-over/",
        "/reviews/new/past-vnr/",
    ]:
        assert _violations(page, path) == [], path
    if language == "ar":
        page.goto(f"/reviews/{third.pk}/followup/carry-over/")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
