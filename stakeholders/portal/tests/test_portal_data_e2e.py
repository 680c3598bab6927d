"""A visitor reads the data of a published portal without an account: the Goal tiles, a
Goal, an indicator with its chart, and the filter (no JavaScript needed)."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from indicators.evidence.models import ProgressOverride
from indicators.services import framework_load
from reviews.evidence.tests.pages_data import small_data

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


AXE = Path(settings.BASE_DIR) / "vnr_portal" / "tests" / "assets" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]});
  return result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", ")}`);
}"""


def axe_violations(page, path):
    """axe-core's WCAG 2.1 A/AA violations on `path` (as vnr_portal/tests/test_accessibility_e2e.py)."""
    response = page.goto(path)
    assert response.status == 200, path
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(RUN_AXE)


def test_a_visitor_reads_the_portals_data(browser, live_server, portal, statistician):
    framework_load()
    series = small_data("AUR", target=90)
    ProgressOverride.objects.create(
        series=series,
        baseline_year=2015,
        category="limited_progress",
        computed_category="acceleration_needed",
        reason="The 2018 figure is provisional.",
        created_by=statistician,
    )
    context = browser.new_context(base_url=live_server.url, locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/portal/{portal.review.pk}/")
    page.get_by_role("link", name="Data and progress").click()
    expect(page.locator("#goal-tile-1")).to_contain_text("Goal 1")
    page.screenshot(path="/tmp/evpages-public-tiles.png", full_page=True)
    page.locator("#goal-tile-1").get_by_role("link").click()
    page.get_by_role("link", name="1.2.1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Indicator 1.2.1")
    expect(page.locator("svg.indicator-chart")).to_be_visible()
    expect(page.get_by_text("The 2018 figure is provisional.")).to_be_visible()
    expect(page.get_by_text(statistician.username)).to_have_count(0)
    page.get_by_label("Region").select_option("North")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(f"#series-{series.pk}-table")).to_contain_text("North")
    page.screenshot(path="/tmp/evpages-public-indicator.png", full_page=True)
    context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_public_data_pages_have_no_axe_violations(page, live_server, portal, language):
    framework_load()
    series = small_data("AUR", target=90)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    base = f"/portal/{portal.review.pk}/data"
    paths = [
        f"{base}/",
        f"{base}/goals/1/",
        f"{base}/indicators/1.2.1/?series={series.pk}&Region=North",
        f"{base}/status/",
    ]
    found = {path: axe_violations(page, path) for path in paths}
    assert found == {path: [] for path in paths}
