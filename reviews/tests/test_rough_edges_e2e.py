"""Rough edges a new user hit (issue 16, item 11), checked in a browser: one toolbar in a
progress report, the role matrix within reach, tables in a section styled, links in text
underlined."""

import pytest
from playwright.sync_api import expect

from indicators.tests.factories import GoalFactory
from reviews.drafting.services.outline import section_add
from reviews.drafting.services.sections import section_save
from reviews.evidence.tests.test_pages_e2e import AXE
from reviews.reporting.tests.test_progress_reports_rows import QUESTIONS, make_report, make_round, make_template
from reviews.tests.factories import MinistryFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

LINK_IN_TEXT = """async () => {
  const result = await axe.run(document, {runOnly: ["link-in-text-block"]});
  return result.violations.flatMap(v => v.nodes.map(n => n.target.join(" ")));
}"""

RICH = [{"key": f"answer{n}", "type": "rich_text", "text": f"Question {n}", "required": False} for n in range(1, 7)]


def _visible_toolbars(page) -> int:
    return page.locator(".rich-editor-toolbar:visible").count()


def test_a_progress_report_shows_one_toolbar_the_focused_answers(page, login, review, ministry_a, focal_a):
    report = make_report(
        review=review,
        round=make_round(review),
        ministry=ministry_a,
        goal=GoalFactory(number=3),
        template=make_template(review, questions=QUESTIONS[:1] + RICH),
    )
    login(focal_a)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/reviews/{review.pk}/reports/{report.pk}/fill/")
    expect(page.locator(".rich-editor")).to_have_count(7)
    assert _visible_toolbars(page) == 0
    answer = page.get_by_role("textbox", name="Question 3")
    answer.click()
    expect(page.locator(".rich-editor:focus-within .rich-editor-toolbar")).to_be_visible()
    assert _visible_toolbars(page) == 1
    page.keyboard.press("Alt+F10")  # from the text to its toolbar, which stays
    assert _visible_toolbars(page) == 1
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 2600, height


def test_the_role_matrix_keeps_headers_and_ministries_in_view_and_tells_the_save_beside_the_button(
    page, login, coordinator, review, goals
):
    for n in range(25):
        MinistryFactory(review=review, name=f"Ministry {n:02d}")
    login(coordinator)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/reviews/{review.pk}/matrix/edit/")
    box = page.locator("#matrix-form .matrix-scroll")
    ministry = page.get_by_role("rowheader", name="Ministry 00")
    goal_17 = page.get_by_role("columnheader").filter(has_text="17").first
    start = ministry.bounding_box()
    box.evaluate("el => { el.scrollLeft = el.scrollWidth; el.scrollTop = el.scrollHeight; }")
    expect(goal_17).to_be_in_viewport()
    # The ministry column stays at the start and the goal headers at the top of the box.
    column = page.get_by_role("rowheader", name="Ministry 24")
    assert abs(column.bounding_box()["x"] - start["x"]) < 2
    assert goal_17.bounding_box()["y"] >= box.bounding_box()["y"] - 1
    cell = page.get_by_label("Ministry 24 — Goal 17")
    cell.select_option("lead")
    save = page.get_by_role("button", name="Save the matrix")
    save.scroll_into_view_if_needed()
    save.click()
    status = page.locator("#matrix-save-status")
    expect(status).to_contain_text("Role matrix saved: 1 change.")
    expect(status).to_be_in_viewport()


def test_section_tables_are_ruled_and_links_in_text_underlined(page, login, coordinator, review):
    section = section_add(actor=coordinator, review=review, title="Health")
    section_save(
        actor=coordinator,
        section=section,
        content=(
            '<p>See <a href="https://sdgs.un.org/">the SDGs</a> for more.</p>'
            "<table><thead><tr><th>Goal</th><th>Budget</th></tr></thead><tbody><tr><td>3</td><td>10</td></tr></tbody></table>"
        ),
        base_version=0,
    )
    login(coordinator)
    page.goto(f"/reviews/{review.pk}/draft/{section.pk}/")
    link = page.locator(".section-content a", has_text="the SDGs")
    assert "underline" in link.evaluate("el => getComputedStyle(el).textDecorationLine")
    cell = page.locator(".section-content td").first
    style = cell.evaluate("el => { const s = getComputedStyle(el); return [s.borderTopStyle, s.paddingLeft]; }")
    assert style[0] == "solid" and float(style[1].rstrip("px")) >= 5
    header = page.locator(".section-content th").first
    assert header.evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    assert page.evaluate(LINK_IN_TEXT) == []
