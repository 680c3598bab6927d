"""The Word export: the assembled chapters, in order, with their text."""

import io

import docx
import pytest

from reviews.drafting.services.outline import section_add
from reviews.drafting.services.sections import section_save
from reviews.publishing.assembly import Assembly, Chapter, assemble
from reviews.publishing.docx_export import export_docx

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def _document(assembly) -> docx.Document:
    return docx.Document(io.BytesIO(export_docx(assembly)))


def _headings(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


def _assembly(html: str) -> Assembly:
    return Assembly(
        html="",
        title="Second VNR",
        language="en",
        content_hash="0" * 64,
        is_final=False,
        chapters=[Chapter(number="1", title="Chapter", level=1, html=html, anchor="c")],
    )


def test_export_docx_has_chapters_in_outline_order(review, coordinator):
    intro = section_add(actor=coordinator, review=review, title="Introduction")
    policies = section_add(actor=coordinator, review=review, title="Policies")
    health = section_add(actor=coordinator, review=review, title="Health", parent=policies)
    section_save(actor=coordinator, section=health, content="<p>Clinics opened.</p>", base_version=health.version)
    section_save(actor=coordinator, section=intro, content="<p>Why.</p>", base_version=intro.version)
    document = _document(assemble(review))
    assert _headings(document) == ["1 Introduction", "2 Policies", "2.1 Health"]


def test_export_docx_title_page_names_report_and_kind(review):
    document = _document(assemble(review))
    assert [p.text for p in document.paragraphs[:2]] == [review.title, "Draft — not approved by the council"]


def test_export_docx_paragraph_text_and_footnote_as_bracketed_note():
    document = _document(
        _assembly(
            "<p>Coverage rose <strong>12%</strong>"
            '<span class="footnote">Survey of <em>2025</em>.</span> in two years.</p>'
        )
    )
    assert [p.text for p in document.paragraphs if p.style.name == "Normal"][
        -1
    ] == "Coverage rose 12% [Survey of 2025.] in two years."


def test_export_docx_lists_keep_their_kind():
    document = _document(_assembly("<ul><li>one</li></ul><ol><li>first</li></ol>"))
    assert [(p.style.name, p.text) for p in document.paragraphs[-2:]] == [
        ("List Bullet", "one"),
        ("List Number", "first"),
    ]


def test_export_docx_table_cells_and_caption():
    document = _document(
        _assembly(
            "<table><caption>Budget</caption>"
            "<thead><tr><th scope='col'>Goal</th><th scope='col'>Amount</th></tr></thead>"
            "<tbody><tr><td>3</td><td>10</td></tr></tbody></table>"
        )
    )
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert (rows, document.paragraphs[-1].text) == ([["Goal", "Amount"], ["3", "10"]], "Budget")


def test_export_docx_images_become_their_description_not_fetched():
    document = _document(_assembly('<p><img src="http://169.254.169.254/latest" alt="Map of clinics"></p>'))
    assert document.paragraphs[-1].text == "[Image: Map of clinics]"


def test_export_docx_inner_headings_below_chapter():
    document = _document(_assembly("<h2>Context</h2><p>x</p>"))
    assert [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")] == [
        ("Heading 1", "1 Chapter"),
        ("Heading 2", "Context"),
    ]


def test_export_docx_of_a_section_with_control_characters(review, coordinator):
    """XML (so Word) cannot hold control characters: the sanitizer keeps them out of the text."""
    section = section_add(actor=coordinator, review=review, title="Controls")
    content = "<p>Clinics\x01 opened\x0b in\x1f 2025&#1;.\x7f</p>"
    section_save(actor=coordinator, section=section, content=content, base_version=section.version)
    document = _document(assemble(review))
    assert [p.text for p in document.paragraphs if p.style.name == "Normal"][-1] == "Clinics opened in 2025."


def _numbering_id(paragraph) -> str | None:
    found = paragraph._p.xpath("./w:pPr/w:numPr/w:numId/@w:val")
    return found[0] if found else None


def test_export_docx_list_items_written_as_paragraphs_keep_bullets_and_numbers():
    # The editor writes each list item's text in a <p>: it must stay a bullet or a number.
    document = _document(
        _assembly("<ul><li><p>one</p></li><li><p>two</p><p>more on two</p></li></ul><ol><li><p>first</p></li></ol>")
    )
    assert [(p.style.name, p.text) for p in document.paragraphs[-4:]] == [
        ("List Bullet", "one"),
        ("List Bullet", "two"),
        ("List Continue", "more on two"),
        ("List Number", "first"),
    ]


def test_export_docx_nested_lists_and_each_numbered_list_counts_from_its_start():
    document = _document(
        _assembly(
            "<ol><li><p>a</p><ul><li><p>inner</p></li></ul></li><li><p>b</p></li></ol>"
            "<p>Between.</p><ol start='4'><li><p>d</p></li></ol>"
        )
    )
    paragraphs = {p.text: p for p in document.paragraphs}
    assert [paragraphs[text].style.name for text in ("a", "inner", "b", "d")] == [
        "List Number",
        "List Bullet 2",
        "List Number",
        "List Number",
    ]
    # Items of one list share a numbering instance; the second list has its own, from 4.
    first, second = _numbering_id(paragraphs["a"]), _numbering_id(paragraphs["d"])
    assert first == _numbering_id(paragraphs["b"]) and first != second
    numbering = document.part.numbering_part.element
    starts = numbering.xpath(f"./w:num[@w:numId='{second}']/w:lvlOverride/w:startOverride/@w:val")
    assert starts == ["4"]


def test_export_docx_links_become_hyperlinks():
    document = _document(
        _assembly(
            '<p>See <a href="https://sdgs.un.org/vnrs">the <strong>VNR</strong> database</a> and '
            '<a href="#intro">the introduction</a>.</p>'
        )
    )
    paragraph = document.paragraphs[-1]
    assert paragraph.text == "See the VNR database and the introduction."
    links = paragraph.hyperlinks
    assert [(link.text, link.address) for link in links] == [("the VNR database", "https://sdgs.un.org/vnrs")]
    assert all(run.style.name == "Hyperlink" for run in links[0].runs)
    assert [run.bold for run in links[0].runs] == [None, True, None]
