"""Phones and the 1280 px header (issue 16, items 13 and 15), in English, Chinese and Arabic.

At 390 px: a Menu button opens the navigation (also without JavaScript), no page is wider
than the screen, and a table row's actions stay in view. At 1280 px: the header is one line.
"""

import pytest
from playwright.sync_api import expect

from reviews.tests.factories import MinistryFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _switch_language(page, language: str) -> None:
    """Choose the language in the header's form (opening the menu first on a phone)."""
    menu = page.locator("#nav-menu")
    if page.locator("#nav-menu > summary").is_visible() and menu.get_attribute("open") is None:
        page.locator("#nav-menu > summary").click()
    page.locator("#language-select").select_option(language)
    page.locator("#language-select").locator("xpath=..").locator("button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", language)


def _check_phone_page(page, path: str) -> None:
    response = page.goto(path)
    assert response.status == 200, path
    assert _page_width(page) <= PHONE["width"], f"{path} is wider than the phone"
    nav = page.locator("#nav-menu .navbar-nav")
    summary = page.locator("#nav-menu > summary")
    expect(summary).to_be_visible()
    expect(nav).to_be_hidden()
    summary.click()
    expect(nav).to_be_visible()
    expect(page.locator("#nav-menu").get_by_role("link").first).to_be_in_viewport()
    assert _page_width(page) <= PHONE["width"], f"{path}: the open menu is wider than the phone"
    summary.click()
    expect(nav).to_be_hidden()


def _in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_main_pages_of_each_role_fit_a_phone(
    page,
    login,
    language,
    review,
    goals,
    coordinator,
    editor,
    focal_a,
    statistician,
    reviewer,
    council_member,
    moderator,
):
    page.set_viewport_size(PHONE)
    for number in range(1, 6):
        MinistryFactory(
            review=review, name=f"Ministry of Long Names and Many Things number {number}", acronym=f"M{number}"
        )
    pk = review.pk
    pages = {
        coordinator: [
            "/tasks/",
            f"/reviews/{pk}/",
            f"/reviews/{pk}/members/",
            f"/reviews/{pk}/ministries/",
            f"/reviews/{pk}/matrix/",
            f"/reviews/{pk}/reports/tracker/",
            f"/reviews/{pk}/engagement/",
        ],
        editor: ["/tasks/", f"/reviews/{pk}/draft/"],
        focal_a: ["/tasks/"],
        statistician: [f"/reviews/{pk}/data/"],
        reviewer: ["/tasks/"],
        council_member: [f"/reviews/{pk}/vote/"],
        moderator: [f"/reviews/{pk}/engagement/moderation/"],
    }
    for user, paths in pages.items():
        page.context.clear_cookies()
        login(user)
        _switch_language(page, language)
        for path in paths:
            _check_phone_page(page, path)

    # The ministries' table is wider than the phone: it scrolls inside its box, and each
    # row's actions stay at the row's end, in view.
    page.context.clear_cookies()
    login(coordinator)
    _switch_language(page, language)
    page.goto(f"/reviews/{pk}/ministries/")
    box = page.locator(".table-scroll").first
    assert box.evaluate("element => element.scrollWidth > element.clientWidth")
    for row in page.locator(".table-scroll tbody tr").all():
        assert _in_view(page, row.locator("td.table-actions a").first)
    assert _page_width(page) <= PHONE["width"]


def test_the_menu_button_works_without_javascript(browser, live_server, coordinator, review):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        page.locator("#id_username").fill(coordinator.username)
        page.locator("#id_password").fill("correct-horse-battery")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/")
        header = page.locator("header")
        my_reviews = header.get_by_role("link", name="My reviews", exact=True)
        expect(my_reviews).to_be_hidden()
        header.locator("summary", has_text="Menu").focus()
        page.keyboard.press("Enter")
        expect(my_reviews).to_be_visible()
        my_reviews.click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "zh-hans", "ar"])
def test_the_header_is_one_line_at_1280_px(page, login, language, coordinator, review):
    page.set_viewport_size(DESKTOP)
    login(coordinator)
    _switch_language(page, language)
    page.goto(f"/reviews/{review.pk}/")
    expect(page.locator("#nav-menu > summary")).to_be_hidden()
    header = page.locator("header").first
    items = header.locator("a, button, select")
    tops = [box["y"] for box in (items.nth(i).bounding_box() for i in range(items.count())) if box]
    assert len(tops) >= 8
    assert max(tops) - min(tops) < 12, f"the header wraps: {sorted(tops)}"
    assert header.bounding_box()["height"] < 64
    assert _page_width(page) <= DESKTOP["width"]
