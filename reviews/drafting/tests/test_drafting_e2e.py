import pytest
from playwright.sync_api import expect

from reviews.drafting.services.outline import section_add
from reviews.models import Section, SectionRevision

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


@pytest.fixture
def plain_page(browser, live_server):
    """A browser tab with JavaScript off: the plain fallback every page must support."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _login(page, user, password="correct-horse-battery"):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")


def test_editor_writes_a_section_without_javascript_and_sees_the_revision(plain_page, coordinator, editor, review):
    section = section_add(actor=coordinator, review=review, title="Introduction")
    page = plain_page
    _login(page, editor)
    page.goto(f"/reviews/{review.pk}/draft/")
    page.get_by_role("link", name="Introduction").click()
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Text").fill("Aurelia reports for the second time.\n\nIt has learned much.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Introduction")
    expect(page.get_by_text("Saved as revision 1.")).to_be_visible()
    expect(page.get_by_text("It has learned much.")).to_be_visible()
    page.get_by_role("link", name="Revisions").click()
    expect(page.get_by_role("rowheader", name="1", exact=True)).to_be_visible()
    assert list(SectionRevision.objects.filter(section=section).values_list("number", "author_id", "word_count")) == [
        (1, editor.pk, 10)
    ]


def test_coordinator_moves_a_section_up_with_the_keyboard(plain_page, coordinator, review):
    section_add(actor=coordinator, review=review, title="First")
    section_add(actor=coordinator, review=review, title="Second")
    page = plain_page
    _login(page, coordinator)
    page.goto(f"/reviews/{review.pk}/draft/")
    button = page.get_by_role("button", name="Up Second")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("rowheader").first).to_have_text("Second")
    assert list(Section.objects.filter(review=review).order_by("position").values_list("title", flat=True)) == [
        "Second",
        "First",
    ]


def test_editor_writes_in_the_rich_editor_and_saves(page, login, coordinator, editor, review):
    section = section_add(actor=coordinator, review=review, title="Highlights")
    login(editor)
    page.goto(f"/reviews/{review.pk}/draft/{section.pk}/edit/")
    surface = page.get_by_role("textbox", name="Text")
    surface.click()
    page.keyboard.type("Poverty fell by a third.")
    expect(page.locator("[data-word-count]")).to_have_text("5")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved as revision 1.")).to_be_visible()
    assert Section.objects.get(pk=section.pk).content == "<p>Poverty fell by a third.</p>"


def test_second_editor_gets_the_conflict_page_and_merges(plain_page, coordinator, editor, review):
    section = section_add(actor=coordinator, review=review, title="Introduction")
    page = plain_page
    _login(page, editor)
    page.goto(f"/reviews/{review.pk}/draft/{section.pk}/edit/")
    from reviews.drafting.services.sections import section_save

    section_save(actor=coordinator, section=section, content="Saved first.", base_version=0)
    page.get_by_label("Text").fill("Typed second.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Someone else saved this section while you were editing it"
    )
    expect(page.get_by_role("region", name="Your text, as you typed it")).to_contain_text("Typed second.")
    page.get_by_label("Text", exact=True).fill("Saved first.\n\nTyped second.")
    page.get_by_role("button", name="Save the merged text").click()
    expect(page.get_by_text("Saved as revision 2.")).to_be_visible()
    assert Section.objects.get(pk=section.pk).content == "<p>Saved first.</p><p>Typed second.</p>"
