"""In the browser: an editor inserts a live value into a section through the editor's
"Insert data" dialog and saves; the data changes (an import); the section page shows the
flag and the new value; the PDF rendered from the publish page shows the new value."""

import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from indicators.evidence.services.imports import ImportFile, evidence_import
from reviews.drafting.services.outline import section_add
from reviews.models import Section

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e, pytest.mark.usefixtures("media")]

# axe-core from the project's accessibility tests (vnr_portal/tests/test_accessibility_e2e.py).
AXE = Path(__file__).resolve().parents[3] / "vnr_portal" / "tests" / "assets" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]});
  return result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", ")}`);
}"""
BIRTHS = "Year,Units,Value\n2015,%,90\n2020,%,95\n2023,%,97.4\n"
MMR = "Year,Series,Units,Value\n2015,Maternal mortality ratio,per 100000 live births,70\n"


def import_data(births_extra=""):
    summary = evidence_import(
        country="AUR",
        files=[
            ImportFile(name="indicator_3-1-1.csv", data=MMR.encode()),
            ImportFile(name="indicator_3-1-2.csv", data=(BIRTHS + births_extra).encode()),
        ],
    )
    assert not summary.errors


def test_live_value_inserted_flagged_after_an_import_and_new_in_the_pdf(
    page, login, review, coordinator, editor, tmp_path
):
    import_data()
    section = section_add(actor=coordinator, review=review, title="Health")
    login(editor)
    page.goto(f"/reviews/{review.pk}/draft/{section.pk}/edit/")
    page.get_by_role("textbox", name="Text").click()
    page.keyboard.type("Births attended by skilled staff: ")

    # The dialog, by keyboard and label only.
    page.get_by_role("button", name="Insert data").click()
    dialog = page.get_by_role("dialog", name="Insert live data")
    expect(dialog).to_be_visible()
    search = dialog.get_by_label("Find an indicator")
    expect(search).to_be_focused()
    expect(dialog.get_by_label("Indicator and series").locator("option")).to_have_count(2)
    search.fill("3.1.2")
    expect(dialog.get_by_text("1 series match.")).to_be_visible()
    dialog.get_by_label("Indicator and series").select_option(label="3.1.2 — %")
    dialog.get_by_label("Show").select_option("value")
    dialog.get_by_role("button", name="Insert", exact=True).click()
    expect(dialog).to_be_hidden()
    chip = page.locator(".rich-editor-content [data-vnr-data]")
    expect(chip).to_have_text("3.1.2 latest value")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved as revision 1.")).to_be_visible()
    stored = Section.objects.get(pk=section.pk).content
    assert '<span data-vnr-data="value" data-indicator="3.1.2" data-series="" data-unit="%">' in stored
    expect(page.locator("article.section-content")).to_contain_text("Births attended by skilled staff: 97.4 % (2023)")

    # The data changes: the section is flagged for its editors, and shows the new value.
    import_data("2024,%,98.1\n")
    page.reload()
    flag = page.locator("#section-data-flag")
    expect(flag).to_contain_text("The data behind this section changed on")
    expect(flag).to_contain_text("3.1.2")
    expect(page.locator("article.section-content")).to_contain_text("98.1 % (2024)")
    page.get_by_role("button", name="Checked against the new data").click()
    expect(page.get_by_text("Marked as checked against the new data.")).to_be_visible()
    expect(page.locator("#section-data-flag")).to_have_count(0)

    # The PDF, rendered from the publish page, shows the new value.
    page.context.clear_cookies()
    login(coordinator)
    page.goto(f"/reviews/{review.pk}/publish/")
    page.get_by_role("button", name="Render PDF").click()
    expect(page.locator(".edition-status-value")).to_have_text("Done")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF file").click()
    path = tmp_path / "report.pdf"
    download_info.value.save_as(path)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    assert re.search(r"Births attended by skilled staff: 98\.1 % \(2024\)", text)


def test_references_survive_the_editor_unchanged(page, login, review, coordinator, editor):
    import_data()
    section = section_add(actor=coordinator, review=review, title="Health")
    content = (
        '<p>Rate: <span data-vnr-data="value" data-indicator="3.1.1" data-series="Maternal mortality ratio" '
        'data-unit="per 100000 live births">3.1.1 latest value</span>.</p>'
        '<p><span data-vnr-data="chart" data-indicator="3.1.2">3.1.2 chart</span></p>'
    )
    Section.objects.filter(pk=section.pk).update(content=content, version=1)
    login(editor)
    page.goto(f"/reviews/{review.pk}/draft/{section.pk}/edit/")
    chips = page.locator(".rich-editor-content [data-vnr-data]")
    expect(chips).to_have_count(2)
    expect(chips.first).to_have_text("3.1.1 latest value")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Nothing had changed: no new revision was made.")).to_be_visible()
    assert Section.objects.get(pk=section.pk).content == content
    # The page shows the value and the chart, with its text alternative.
    expect(page.locator("article.section-content")).to_contain_text("Rate: 70 per 100000 live births (2015).")
    expect(page.get_by_role("img", name=re.compile(r"^3\.1\.2"))).to_be_visible()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_pages_with_data_and_the_dialog_have_no_axe_violations(page, login, live_server, review, editor, language):
    from django.utils import timezone

    import_data()
    section = Section.objects.create(review=review, title="Health", version=1)
    Section.objects.filter(pk=section.pk).update(
        data_changed_at=timezone.now(),
        data_changed_codes=["3.1.2"],
        content=(
            '<p>Rate: <span data-vnr-data="value" data-indicator="3.1.2">v</span>, '
            '<span data-vnr-data="category" data-indicator="3.1.2">c</span>, '
            '<span data-vnr-data="value" data-indicator="9.9.9">m</span></p>'
            '<p><span data-vnr-data="chart" data-indicator="3.1.2">c</span>'
            '<span data-vnr-data="chart" data-indicator="3.1.1">c</span></p>'
        ),
    )
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    login(editor)

    def violations():
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
        return page.evaluate(RUN_AXE)

    page.goto(f"/reviews/{review.pk}/draft/{section.pk}/")
    expect(page.locator("#section-data-flag")).to_be_visible()
    assert violations() == []
    page.goto(f"/reviews/{review.pk}/draft/{section.pk}/edit/")
    page.locator("[data-command=insertData]").click()
    expect(page.locator("dialog select").first.locator("option")).to_have_count(2)
    assert violations() == []
