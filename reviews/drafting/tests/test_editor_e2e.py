"""The rich-text editor (static/js/editor/editor.js) in Chromium, on a stand-in edit page.

The page is served at the live server's origin through Playwright's routing (so that
localStorage works and the bundle loads from /static/), with the contract of the real
section edit page: a textarea[data-rich-editor] in a POST form, [data-word-count] and the
#rich-editor-strings JSON element. Saving "stores" clean_html of the posted text and
renders the page again with the next version, as the server does.
"""

import html
import json
import re
from io import BytesIO
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from PIL import Image as PILImage
from playwright.sync_api import expect

from reviews.core.sanitize import clean_html, word_count
from reviews.drafting.services.outline import section_add
from reviews.models import Section

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

HOSTILE = json.loads(Path("/work/shared/data/security/hostile-inputs.json").read_text(encoding="utf-8"))
EDIT_PATH = "/editor-test/sections/42/edit/"
UPLOAD_PATH = "/editor-test/sections/42/images/"
IMAGE_SRC = "/reviews/1/sections/42/images/7/"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)

STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'"
PAGE = """<!doctype html>
<html lang="{lang}" dir="{dir}">
<head>
<meta charset="utf-8">
<title>Edit section</title>
<link rel="stylesheet" href="/static/vendor/bootstrap/bootstrap.min.css">
<link rel="stylesheet" href="/static/js/editor/editor.css">
<script src="/static/js/editor/editor.js" defer></script>
</head>
<body>
<main>
<h1>Health and well-being</h1>
<form method="post" action="{edit_path}">
<input type="hidden" name="csrfmiddlewaretoken" value="form-token">
<input type="hidden" name="base_version" value="{version}">
<label for="id_content">Text of the section</label>
<textarea name="content" id="id_content" required data-rich-editor data-upload-url="{upload_path}"
  data-draft-key="section-42" data-base-version="{version}" data-rich-editor-hide="id_content_plain"
  aria-describedby="id_content_plain id_content_limit">{content}</textarea>
<div id="id_content_plain">Type plain text, with an empty line between paragraphs.</div>
<div id="id_content_limit">At most 500 words.</div>
<p>Words: <span data-word-count>0</span></p>
<button type="submit">Save</button>
</form>
{strings}
</main>
</body>
</html>"""


class StandInServer:
    """The section's stored text and version, as the real edit view keeps them."""

    def __init__(self, page, *, content="", version=7, strings=None, lang="en", direction="ltr", csp=False):
        self.page = page
        self.csp = csp
        self.content = content
        self.version = version
        self.strings = strings
        self.lang = lang
        self.direction = direction
        self.posts = []
        self.uploads = []
        self.upload_answer = (201, {"src": IMAGE_SRC, "alt": "A bar chart"})
        page.route(f"**{EDIT_PATH}", self.edit)
        page.route(f"**{UPLOAD_PATH}", self.upload)

    def render(self):
        strings = ""
        if self.strings is not None:
            strings = (
                '<script type="application/json" id="rich-editor-strings">'
                + json.dumps(self.strings).replace("<", "\\u003C")
                + "</script>"
            )
        return PAGE.format(
            lang=self.lang,
            dir=self.direction,
            edit_path=EDIT_PATH,
            upload_path=UPLOAD_PATH,
            version=self.version,
            content=html.escape(self.content),
            strings=strings,
        )

    def edit(self, route):
        request = route.request
        if request.method == "POST":
            data = parse_qs(request.post_data, keep_blank_values=True)
            self.posts.append(data)
            self.content = clean_html(data["content"][0])
            self.version += 1
        headers = {"Content-Security-Policy": STRICT_CSP} if self.csp else {}
        route.fulfill(status=200, content_type="text/html; charset=utf-8", headers=headers, body=self.render())

    def upload(self, route):
        request = route.request
        self.uploads.append({"headers": request.headers, "body": request.post_data_buffer})
        status, answer = self.upload_answer
        route.fulfill(status=status, content_type="application/json", body=json.dumps(answer))

    def open(self):
        self.page.goto(EDIT_PATH)
        expect(self.textbox).to_be_visible()

    @property
    def textbox(self):
        return self.page.get_by_role("textbox", name="Text of the section")

    def value(self):
        return self.page.locator("#id_content").input_value()

    def submit_dialog(self):
        """Enter in the dialog's field; the dialog closes and the text has the focus again."""
        self.page.keyboard.press("Enter")
        expect(self.page.get_by_role("dialog")).to_have_count(0)
        expect(self.textbox).to_be_focused()

    def toolbar_press(self, name):
        """Reach the toolbar from the text with Alt+F10 and walk it with the arrow keys."""
        expect(self.textbox).to_be_focused()
        self.page.keyboard.press("Alt+F10")
        toolbar = self.page.get_by_role("toolbar")
        for _ in range(30):
            focused = toolbar.locator("button:focus")
            if focused.inner_text() == name:
                break
            self.page.keyboard.press("ArrowRight")
        else:
            raise AssertionError(f"No toolbar button {name!r}")
        self.page.keyboard.press("Enter")
        # Keys typed next go to the text or the dialog, not the toolbar (a busy machine is slow).
        self.page.wait_for_function("() => !document.activeElement?.closest('[role=toolbar]')")


@pytest.fixture
def stand_in(page):
    return StandInServer(page)


def test_editor_replaces_the_textarea_with_a_labelled_textbox(stand_in, page):
    stand_in.content = "<p>Maternal mortality fell.</p>"
    stand_in.open()
    expect(stand_in.textbox).to_have_attribute("aria-multiline", "true")
    expect(stand_in.textbox).to_have_text("Maternal mortality fell.")
    expect(page.locator("#id_content")).to_be_hidden()
    expect(page.locator("#id_content")).to_have_attribute("aria-hidden", "true")
    expect(page.get_by_role("toolbar", name="Formatting")).to_be_visible()
    assert page.locator("#id_content").evaluate("el => el.required") is False
    expect(stand_in.textbox).to_have_accessible_description("At most 500 words.")
    expect(page.get_by_text("Type plain text, with an empty line between paragraphs.")).to_be_hidden()


def test_editor_writes_bold_text_references_footnote_and_table_with_the_keyboard(stand_in, page):
    stand_in.open()
    stand_in.textbox.focus()
    page.keyboard.press("Control+b")
    page.keyboard.type("Health")
    page.keyboard.press("Control+b")
    page.keyboard.type(" for all. See ")
    stand_in.toolbar_press("SDG reference")
    page.get_by_label("Code").fill("3.1")
    stand_in.submit_dialog()
    stand_in.toolbar_press("Footnote")
    page.get_by_label("Text of the footnote").fill("Ministry of Health, 2026 & <survey>.")
    stand_in.submit_dialog()
    page.keyboard.press("Enter")
    stand_in.toolbar_press("Table")
    # The table is in and the caret back in the text before typing (a busy machine is slow).
    expect(stand_in.textbox.locator("table")).to_have_count(1)
    expect(stand_in.textbox).to_be_focused()
    page.keyboard.type("Goal")
    page.keyboard.press("Tab")
    page.keyboard.type("Target")

    expected = (
        '<p><strong>Health</strong> for all. See <span class="sdg-ref" data-ref="3.1">Target 3.1</span>'
        '<span class="footnote">Ministry of Health, 2026 &amp; &lt;survey&gt;.</span></p>'
        "<table><thead><tr>"
        '<th scope="col"><p>Goal</p></th><th scope="col"><p>Target</p></th><th scope="col"><p></p></th>'
        "</tr></thead><tbody>"
        "<tr><td><p></p></td><td><p></p></td><td><p></p></td></tr>"
        "<tr><td><p></p></td><td><p></p></td><td><p></p></td></tr>"
        "</tbody></table>"
    )
    assert stand_in.value() == expected
    assert clean_html(expected) == expected
    expect(page.locator("[data-word-count]")).to_have_text(str(word_count(expected)))
    expect(page.get_by_role("button", name="Bold")).to_have_attribute("aria-pressed", "false")


def test_editor_writes_headings_and_lists_from_the_toolbar(stand_in, page):
    stand_in.open()
    stand_in.textbox.focus()
    page.keyboard.type("Coverage")
    stand_in.toolbar_press("Heading 2")
    expect(page.get_by_role("button", name="Heading 2")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("Clinics")
    stand_in.toolbar_press("Numbered list")
    expect(page.get_by_role("button", name="Heading 2")).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_role("button", name="Numbered list")).to_have_attribute("aria-pressed", "true")
    assert stand_in.value() == "<h2>Coverage</h2><ol><li><p>Clinics</p></li></ol>"


def test_editor_toolbar_is_a_single_tab_stop(stand_in, page):
    stand_in.open()
    stand_in.textbox.focus()
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("button", name="Heading 2")).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    expect(stand_in.textbox).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("button", name="Heading 3")).to_be_focused()
    assert page.get_by_role("toolbar").locator("button[tabindex='0']").count() == 1


def test_editor_table_buttons_add_and_delete_rows_and_columns(stand_in, page):
    stand_in.open()
    stand_in.textbox.focus()
    expect(page.get_by_role("button", name="Add row")).to_have_attribute("aria-disabled", "true")
    stand_in.toolbar_press("Table")
    for _ in range(3):  # to the first cell of the second row
        page.keyboard.press("Tab")
    stand_in.toolbar_press("Add column")
    stand_in.toolbar_press("Delete row")
    stand_in.toolbar_press("Add row")
    value = stand_in.value()
    assert (value.count("<tr>"), value.count("<th "), value.count("<td>")) == (3, 4, 8)
    stand_in.toolbar_press("Delete table")
    assert stand_in.value() == ""


def test_editor_marks_a_link_and_refuses_unsafe_addresses(stand_in, page):
    stand_in.open()
    stand_in.textbox.focus()
    page.keyboard.type("the report")
    expect(stand_in.textbox).to_have_text("the report")
    page.keyboard.press("Shift+Home")
    # The editor has taken the selection in before the toolbar is reached (a busy machine is slow).
    page.wait_for_function("() => window.getSelection().toString() === 'the report'")
    stand_in.toolbar_press("Link")
    page.get_by_label("Web address").fill("javascript:alert(1)")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Link")
    expect(dialog.get_by_text("Enter a web address starting with https://, http:// or mailto:.")).to_be_visible()
    expect(page.get_by_label("Web address")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Web address").fill("https://hlpf.un.org/countries?x=1&y=2")
    stand_in.submit_dialog()
    expected = (
        '<p><a href="https://hlpf.un.org/countries?x=1&amp;y=2" rel="noopener noreferrer nofollow">the report</a></p>'
    )
    assert stand_in.value() == expected
    assert clean_html(expected) == expected
    expect(page.get_by_role("button", name="Link")).to_have_attribute("aria-pressed", "true")


def test_editor_sdg_reference_rejects_bad_codes(stand_in, page):
    stand_in.open()
    stand_in.textbox.focus()
    stand_in.toolbar_press("SDG reference")
    dialog = page.get_by_role("dialog", name="Reference to a goal, target or indicator")
    error = dialog.locator("[aria-live]")
    rejected = []
    for code in ["18", "3.", "3.1.1.1", "x", "0", "3.100", "<b>3</b>"]:
        page.get_by_label("Code").fill(code)
        page.keyboard.press("Enter")
        expect(error).to_have_text("Enter a code like 3, 3.1, 3.a or 3.1.1 (goals 1 to 17).")
        rejected.append(page.get_by_label("Code").get_attribute("aria-invalid"))
    assert rejected == ["true"] * 7
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(stand_in.textbox).to_be_focused()
    assert stand_in.value() == ""


def test_editor_sdg_reference_labels_goal_target_or_indicator(stand_in, page):
    stand_in.open()
    stand_in.textbox.focus()
    for code in ["3", "17.19", "3.B", "3.1.1"]:
        stand_in.toolbar_press("SDG reference")
        page.get_by_label("Code").fill(code)
        stand_in.submit_dialog()
        page.keyboard.type(" ")
    assert stand_in.value() == (
        '<p><span class="sdg-ref" data-ref="3">Goal 3</span> '
        '<span class="sdg-ref" data-ref="17.19">Target 17.19</span> '
        '<span class="sdg-ref" data-ref="3.b">Target 3.b</span> '
        '<span class="sdg-ref" data-ref="3.1.1">Indicator 3.1.1</span> </p>'
    )


ROUND_TRIP = (
    "<h2>Health</h2><h3>Coverage</h3><h4>Rural areas</h4>"
    '<p>Text with <strong>bold</strong>, <em>italic</em>,<br>a break, a <a href="mailto:moh@example.org" '
    'rel="noopener noreferrer nofollow">mail link</a>, <span class="sdg-ref" data-ref="3.8">目标 3.8</span>'
    '<span class="footnote">WHO, 2025.</span></p>'
    '<ul><li><p>one</p></li><li><p>two</p><ol start="3"><li><p>three</p></li></ol></li></ul>'
    f'<img src="{IMAGE_SRC}" alt="A chart &quot;2025&quot;">'
    '<table><thead><tr><th scope="col"><p>Year</p></th><th scope="col"><p>Rate</p></th></tr></thead>'
    '<tbody><tr><th scope="row"><p>2020</p></th><td colspan="1"><p>12</p></td></tr></tbody></table>'
    "<p>中文 العربية</p>"
)


def test_editor_round_trips_stored_html_unchanged(stand_in, page):
    canonical = ROUND_TRIP.replace(' colspan="1"', "")
    assert clean_html(canonical) == canonical
    stand_in.content = canonical
    stand_in.open()
    assert stand_in.value() == canonical
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#id_content")).to_have_attribute("data-base-version", "8")
    assert stand_in.posts[0]["content"] == [canonical]
    assert stand_in.value() == canonical


def test_editor_word_count_counts_cjk_characters_like_the_server(stand_in, page):
    stand_in.open()
    stand_in.textbox.focus()
    page.keyboard.type("可持续发展 well-being goals, 2030")
    value = stand_in.value()
    assert word_count(value) == 8
    expect(page.locator("[data-word-count]")).to_have_text("8")


def test_editor_keeps_hostile_html_inert(stand_in, page):
    alerts = []
    page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
    stand_in.content = "".join(HOSTILE["xss_html"] + HOSTILE["pdf_fetch"])
    stand_in.open()
    value = stand_in.value()
    assert alerts == []
    assert re.search(r"<script|<iframe|<object|<svg|<style|onerror|onload|javascript:|file:", value, re.I) is None
    assert clean_html(value) == value


def test_editor_offers_to_restore_unsaved_text_after_a_reload(stand_in, page):
    stand_in.content = "<p>Stored text.</p>"
    stand_in.open()
    stand_in.textbox.focus()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Unsaved addition.")
    page.reload()
    notice = page.get_by_role("status").filter(has_text="was kept in this browser")
    expect(notice).to_contain_text("Unsaved text from")
    assert stand_in.value() == "<p>Stored text.</p>"
    notice.get_by_role("button", name="Restore it").click()
    expect(notice).to_have_count(0)
    assert stand_in.value() == "<p>Stored text. Unsaved addition.</p>"
    expect(stand_in.textbox).to_be_focused()


def test_editor_keeps_the_draft_while_the_notice_waits(stand_in, page):
    stand_in.content = "<p>Stored.</p><table><tbody><tr><td><p>1</p></td></tr></tbody></table>"
    stand_in.open()
    stand_in.textbox.focus()
    page.keyboard.press("Control+Home")
    page.keyboard.type("Draft ")
    page.reload()
    stand_in.textbox.click()
    page.keyboard.press("Control+End")
    page.reload()
    page.get_by_role("button", name="Restore it").click()
    assert stand_in.value() == "<p>Draft Stored.</p><table><tbody><tr><td><p>1</p></td></tr></tbody></table>"


def test_editor_discards_unsaved_text_on_request(stand_in, page):
    stand_in.content = "<p>Stored text.</p>"
    stand_in.open()
    stand_in.textbox.focus()
    page.keyboard.type("Draft ")
    page.reload()
    page.get_by_role("button", name="Discard").click()
    expect(page.get_by_role("status")).to_have_count(0)
    assert page.evaluate("localStorage.getItem('section-42')") is None
    page.reload()
    expect(stand_in.textbox).to_be_visible()
    expect(page.get_by_role("button", name="Restore it")).to_have_count(0)
    assert stand_in.value() == "<p>Stored text.</p>"


def test_editor_stores_the_draft_under_the_draft_key(stand_in, page):
    stand_in.open()
    stand_in.textbox.focus()
    page.keyboard.type("Kept")
    draft = json.loads(page.evaluate("localStorage.getItem('section-42')"))
    assert (draft["html"], draft["baseVersion"], draft["submitted"]) == ("<p>Kept</p>", 7, False)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", draft["savedAt"])


def test_editor_clears_the_draft_once_the_save_went_through(stand_in, page):
    stand_in.open()
    stand_in.textbox.focus()
    page.keyboard.type("Saved text")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#id_content")).to_have_attribute("data-base-version", "8")
    expect(stand_in.textbox).to_have_text("Saved text")
    assert stand_in.posts[0]["content"] == ["<p>Saved text</p>"]
    assert page.evaluate("localStorage.getItem('section-42')") is None
    expect(page.get_by_role("status")).to_have_count(0)


def test_editor_keeps_the_draft_when_the_save_never_arrived(stand_in, page):
    stand_in.open()
    stand_in.textbox.focus()
    page.keyboard.type("Lost on the way")
    page.route(f"**{EDIT_PATH}", lambda route: route.abort() if route.request.method == "POST" else route.fallback())
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"^chrome-error:"))
    page.unroute(f"**{EDIT_PATH}")
    page.route(f"**{EDIT_PATH}", stand_in.edit)
    page.goto(EDIT_PATH)
    expect(page.get_by_role("status")).to_contain_text("Unsaved text from")
    page.get_by_role("button", name="Restore it").click()
    assert stand_in.value() == "<p>Lost on the way</p>"


def test_editor_uploads_an_image_with_the_csrf_cookie_and_inserts_it(stand_in, page):
    stand_in.open()
    page.context.add_cookies([{"name": "csrftoken", "value": "cookie-token", "url": page.url}])
    stand_in.textbox.focus()
    stand_in.toolbar_press("Image")
    dialog = page.get_by_role("dialog", name="Image")
    page.get_by_label("Image file").set_input_files({"name": "chart.png", "mimeType": "image/png", "buffer": PNG})
    page.get_by_label("Text alternative").fill("A bar chart")
    page.get_by_label("Text alternative").press("Enter")
    expect(dialog).to_have_count(0)
    assert stand_in.value() == f'<img src="{IMAGE_SRC}" alt="A bar chart">'
    upload = stand_in.uploads[0]
    assert upload["headers"]["x-csrftoken"] == "cookie-token"
    assert b'name="alt_text"\r\n\r\nA bar chart\r\n' in upload["body"]
    assert b'name="image"; filename="chart.png"' in upload["body"]


def test_editor_image_dialog_shows_the_server_error(stand_in, page):
    stand_in.upload_answer = (400, {"errors": {"image": ["Upload a PNG or JPEG image under 5 MB."]}})
    stand_in.open()
    stand_in.textbox.focus()
    stand_in.toolbar_press("Image")
    page.get_by_label("Image file").set_input_files({"name": "chart.png", "mimeType": "image/png", "buffer": PNG})
    page.get_by_label("Text alternative").fill("A bar chart")
    page.get_by_role("button", name="Insert").click()
    error = page.get_by_role("dialog").locator("[aria-live]")
    expect(error).to_have_text("Upload a PNG or JPEG image under 5 MB.")
    expect(page.get_by_label("Image file")).to_have_attribute("aria-invalid", "true")
    assert stand_in.value() == ""


def test_editor_image_dialog_requires_a_file_and_alt_text(stand_in, page):
    stand_in.open()
    stand_in.textbox.focus()
    stand_in.toolbar_press("Image")
    page.get_by_role("button", name="Insert").click()
    error = page.get_by_role("dialog").locator("[aria-live]")
    expect(error).to_have_text("Choose an image file.")
    page.get_by_label("Image file").set_input_files({"name": "chart.png", "mimeType": "image/png", "buffer": PNG})
    page.get_by_role("button", name="Insert").click()
    expect(error).to_have_text("Describe the image.")
    assert stand_in.uploads == []


def test_editor_reads_its_labels_from_the_strings_element(page):
    stand_in = StandInServer(page, strings={"toolbar": "Mise en forme", "bold": "Gras"}, lang="fr")
    stand_in.open()
    expect(page.get_by_role("toolbar", name="Mise en forme")).to_be_visible()
    expect(page.get_by_role("button", name="Gras")).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_role("button", name="Italic")).to_be_visible()


def test_editor_toolbar_arrow_keys_follow_the_reading_direction(page):
    stand_in = StandInServer(page, lang="ar", direction="rtl")
    stand_in.open()
    stand_in.textbox.focus()
    page.keyboard.press("Alt+F10")
    expect(page.get_by_role("button", name="Heading 2")).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_role("button", name="Heading 3")).to_be_focused()
    expect(page.get_by_role("button", name="Heading 3")).to_have_attribute("tabindex", "0")
    page.keyboard.press("End")
    expect(page.get_by_role("button", name="Image")).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_role("button", name="Heading 2")).to_be_focused()


def test_editor_uploads_an_image_on_the_real_section_edit_page(page, login, coordinator, editor, review):
    """The whole path once: Django's CSRF cookie, the upload view's JSON, the saved HTML."""
    section = section_add(actor=coordinator, review=review, title="Highlights")
    buffer = BytesIO()
    PILImage.new("RGB", (4, 3), "teal").save(buffer, format="PNG")
    login(editor)
    page.goto(f"/reviews/{review.pk}/draft/{section.pk}/edit/")
    textbox = page.get_by_role("textbox", name="Text")
    textbox.focus()
    page.get_by_role("button", name="Image").click()
    png = {"name": "chart.png", "mimeType": "image/png", "buffer": buffer.getvalue()}
    page.get_by_label("Image file").set_input_files(png)
    page.get_by_label("Text alternative").fill("Teal rectangle")
    page.get_by_role("button", name="Insert", exact=True).click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_role("img", name="Teal rectangle")).to_be_visible()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved as revision 1.")).to_be_visible()
    image = section.images.get()
    assert Section.objects.get(pk=section.pk).content == (
        f'<img src="/reviews/{review.pk}/sections/{section.pk}/images/{image.pk}/" alt="Teal rectangle">'
    )


def test_editor_runs_under_a_strict_content_security_policy(page):
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    stand_in = StandInServer(page, csp=True)
    stand_in.open()
    stand_in.textbox.focus()
    page.keyboard.type("Water")
    stand_in.toolbar_press("Table")
    stand_in.toolbar_press("Footnote")
    page.get_by_label("Text of the footnote").fill("UN-Water, 2024.")
    stand_in.submit_dialog()
    assert stand_in.value().startswith('<p>Water</p><table><thead><tr><th scope="col"><p><span class="footnote">')
    assert violations == []
