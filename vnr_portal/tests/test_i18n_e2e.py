import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


def _no_horizontal_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_language_switch_with_the_keyboard_to_chinese_then_arabic(page, login, coordinator, review, goals):
    login(coordinator)
    page.goto(f"/reviews/{review.pk}/")
    page.get_by_label("Language").focus()
    page.keyboard.press("ArrowDown")  # English -> 简体中文
    page.get_by_role("button", name="Change language").press("Enter")
    expect(page.get_by_role("heading", level=2, name="筹备工作清单")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "zh-hans"

    page.get_by_label("语言").select_option("ar")
    page.get_by_role("button", name="切换语言").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert _no_horizontal_overflow(page)
    page.goto(f"/reviews/{review.pk}/matrix/")
    assert _no_horizontal_overflow(page)
