"""The data inventory in the browser: filtering by goal without JavaScript's help, in
English and in Arabic (right to left); the page passes axe."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from indicators.services import framework_load
from reviews.evidence.tests.evidence_data import describe, import_rows, record_first_vnr

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

AXE = Path(__file__).resolve().parents[3] / "vnr_portal" / "tests" / "assets" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]});
  return result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", ")}`);
}"""


def violations(page) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(RUN_AXE)


def test_a_member_filters_the_inventory_by_goal(page, login, review, first_review, editor):
    framework_load()
    import_rows([("1.1.1", 2016, 20), ("8.3.1.1", 2016, 60)])
    record_first_vnr(first_review)
    import_rows([("1.1.1", 2016, 20), ("1.1.1", 2018, 18), ("8.3.1.1", 2016, 60), ("8.3.1.1", 2020, 55)], name="b.csv")
    describe("8.3.1.1", source_organisation="Labour Force Survey", source_type="alternative", source_kind="survey")
    login(editor)

    page.goto(f"/reviews/{review.pk}/data/inventory/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Data inventory")
    expect(page.locator("#gained-list")).to_contain_text("8.3.1.1")
    page.screenshot(path="/tmp/evannex-inventory.png", full_page=False)
    assert violations(page) == []

    page.get_by_label("Goal").select_option("8")
    page.get_by_role("button", name="Show").click()

    expect(page).to_have_url(f"{page.url.split('?')[0]}?goal=8")
    expect(page.locator("#indicator-8\\.3\\.1\\.1")).to_contain_text("Labour Force Survey")
    expect(page.locator("#indicator-1\\.1\\.1")).to_have_count(0)
    page.locator("#inventory-table").screenshot(path="/tmp/evannex-inventory-table.png")

    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": page.url}])
    page.goto(f"/reviews/{review.pk}/data/inventory/?goal=8")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.screenshot(path="/tmp/evannex-inventory-ar.png", full_page=False)
    assert violations(page) == []
