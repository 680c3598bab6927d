"""The data pages in a browser: the Goal tiles and an indicator page, its filter used
without JavaScript, in English and in Arabic (right to left). Screenshots go to /tmp."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from indicators.evidence.models import Series
from indicators.services import framework_load
from reviews.evidence.tests.pages_data import import_csv, opensdg_csv, small_data

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


@pytest.fixture
def data(review):
    framework_load()
    series = small_data("AUR", target=90)
    # A few Goals with different trends, for the tiles.
    for code, start, step, polarity in [
        ("3.1.1", 100, 5, "lower"),  # rising deaths: regressing
        ("4.1.2", 60, 0.5, "higher"),  # slow: limited progress
        ("6.1.1", 70, 4, "higher"),  # fast: on track
    ]:
        import_csv("AUR", code, opensdg_csv(years=range(2013, 2022), start=start, step=step, series=f"Series {code}"))
        Series.objects.filter(indicator_code=code).update(polarity=polarity)
    return series


def test_tiles_and_indicator_page(page, login, coordinator, review, data):
    login(coordinator)
    page.goto(f"/reviews/{review.pk}/data/")
    tile = page.locator("#goal-tile-3")
    expect(tile).to_contain_text("Regressing")
    expect(page.locator("#goal-tile-1")).to_contain_text("Goal 1")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path="/tmp/evpages-tiles.png", full_page=True)
    tile.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goal 3")
    page.screenshot(path="/tmp/evpages-goal.png", full_page=True)
    page.goto(f"/reviews/{review.pk}/data/status/")
    expect(page.locator("#status-table")).to_contain_text("Goal 17")
    page.screenshot(path="/tmp/evpages-status.png", full_page=False)
    page.goto(f"/reviews/{review.pk}/data/indicators/1.2.1/")
    chart = page.get_by_role("img").first
    expect(chart).to_be_visible()
    page.get_by_label("Region").select_option("North")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(f"#series-{data.pk}-table")).to_contain_text("North")
    page.screenshot(path="/tmp/evpages-indicator.png", full_page=True)


def test_arabic_indicator_page(page, login, coordinator, review, data, live_server):
    login(coordinator)
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ar", "url": live_server.url}])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/reviews/{review.pk}/data/indicators/1.2.1/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("svg.indicator-chart").first).to_be_visible()
    page.screenshot(path="/tmp/evpages-indicator-ar.png", full_page=True)
    page.goto(f"/reviews/{review.pk}/data/")
    page.screenshot(path="/tmp/evpages-tiles-ar.png", full_page=True)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_data_pages_have_no_axe_violations(page, login, live_server, coordinator, review, data, language):
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    login(coordinator)
    base = f"/reviews/{review.pk}/data"
    paths = [
        f"{base}/",
        f"{base}/goals/3/",
        f"{base}/indicators/1.2.1/",
        f"{base}/indicators/1.2.1/?series={data.pk}&Region=North",
        f"{base}/status/",
    ]
    found = {path: axe_violations(page, path) for path in paths}
    assert found == {path: [] for path in paths}
