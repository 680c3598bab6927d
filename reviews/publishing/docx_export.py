"""The assembled report as a Word document (python-docx), from the same chapters as the PDF.

The chapters' HTML is already sanitized (reviews.core.sanitize), so only its handful of tags
are mapped: headings, paragraphs, emphasis, lists (Word's bullet and number styles, each
numbered list counting from its own start), tables, footnotes (written as bracketed notes
where they stand), links (Word hyperlinks; a link within the page keeps its text only) and
images (their description: nothing is ever fetched). The cover picture is read from the review's own stored file.
"""

from __future__ import annotations

import io
from html.parser import HTMLParser

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, RGBColor

from reviews.core.models import Review
from vnr_portal.common.site import absolute_url

MAX_HEADING_LEVEL = 9
INLINE_FORMATS = {
    "strong": "bold",
    "b": "bold",
    "em": "italic",
    "i": "italic",
    "u": "underline",
    "s": "strike",
    "sub": "subscript",
    "sup": "superscript",
    "code": "code",
}
HEADINGS = {"h2": 1, "h3": 2, "h4": 3}
MAX_LIST_DEPTH = 3  # Word's default styles go to "List Bullet 3" / "List Number 3"
LINK_SCHEMES = ("https://", "http://", "mailto:")
HYPERLINK_STYLE = "Hyperlink"


def export_docx(assembly) -> bytes:
    """The report of `assembly` as .docx bytes: title page, numbered headings, the text."""
    document = Document()
    properties = document.core_properties
    properties.title = assembly.title[:255]
    properties.language = assembly.language
    with translation.override(assembly.language):
        _title_page(document, assembly)
        for chapter in assembly.chapters:
            heading = f"{chapter.number} {chapter.title}" if chapter.number else chapter.title
            document.add_heading(heading, level=min(max(chapter.level, 1), MAX_HEADING_LEVEL))
            _HtmlToDocx(document, base_level=chapter.level).convert(chapter.html)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _title_page(document, assembly) -> None:
    document.add_heading(assembly.title, level=0)
    _cover_picture(document, assembly)
    kind = _("Final edition") if assembly.is_final else _("Draft — not approved by the council")
    document.add_paragraph(kind)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _cover_picture(document, assembly) -> None:
    """The review's cover picture (re-encoded PNG/JPEG when uploaded) with its text alternative."""
    review = Review.objects.filter(pk=assembly.review_id).only("cover_image", "cover_image_alt").first()
    if review is None or not review.cover_image:
        return
    try:
        with review.cover_image.open("rb") as picture:
            data = picture.read()
    except OSError:  # the file went missing: the title page goes without it
        return
    shape = document.add_picture(io.BytesIO(data), width=Cm(12))
    shape._inline.docPr.set("descr", review.cover_image_alt)


class _HtmlToDocx(HTMLParser):
    """Walks sanitized HTML once, writing paragraphs and tables into `document`."""

    def __init__(self, document, *, base_level: int):
        super().__init__(convert_charrefs=True)
        self.document = document
        self.base_level = base_level
        self.paragraph = None
        self.paragraph_style = None
        self.formats: list[str] = []
        self.lists: list[dict] = []  # per open <ul>/<ol>: its style and Word numbering
        self.items: list[dict] = []  # per open <li>: its list, whether its first paragraph is written
        self.link: str | None = None  # the address of the open <a>, if Word can link to it
        self.link_element = None  # the <w:hyperlink> the current link's runs go into
        self.table: list[list[str]] | None = None
        self.caption: list[str] | None = None
        self.cell: list[str] | None = None
        self.footnote_depth = 0
        self.footnote: list[str] = []
        self.spans: list[bool] = []  # True for a footnote's span, to know which </span> ends it
        # A chart (inline SVG from a trusted annex or a Goal chapter's opening): Word gets
        # its title as text, not the labels of its axes.
        self.svg_depth = 0
        self.svg_title: list[str] = []
        self.in_svg_title = False

    def convert(self, html: str) -> None:
        self.feed(html or "")
        self.close()
        self._end_paragraph()

    # Paragraphs -----------------------------------------------------------------------

    def _start_paragraph(self, style: str | None = None) -> None:
        self._end_paragraph()
        self.paragraph_style = style

    def _end_paragraph(self) -> None:
        self.paragraph = None
        self.paragraph_style = None

    def _current_paragraph(self):
        if self.paragraph is None:
            style, numbering = self.paragraph_style, None
            if style is None and self.items:
                # A list item's first paragraph carries its bullet or number; any further
                # paragraph of the item (after a nested list, or a second <p>) is indented
                # under it without one.
                item = self.items[-1]
                depth = min(len(self.lists), MAX_LIST_DEPTH)
                if item["used"]:
                    style = _numbered("List Continue", depth)
                else:
                    style, numbering = item["list"]["style"], item["list"]["num_id"]
                    item["used"] = True
            self.paragraph = self.document.add_paragraph(style=style)
            if numbering is not None:
                _set_numbering(self.paragraph, numbering)
            self.link_element = None
        return self.paragraph

    def _write(self, text: str) -> None:
        if not text:
            return
        if self.footnote_depth:
            self.footnote.append(text)
        elif self.caption is not None:
            self.caption.append(text)
        elif self.cell is not None:
            self.cell.append(text)
        else:
            if self.paragraph is None and not text.strip():
                return
            paragraph = self._current_paragraph()
            run = paragraph.add_run(text)
            if self.link:
                self._into_link(paragraph, run)
            for name in self.formats:
                if name == "code":
                    run.font.name = "Courier New"
                else:
                    setattr(run.font, name, True)

    # Parser callbacks -----------------------------------------------------------------

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "svg" or self.svg_depth:
            if tag == "svg":
                self.svg_depth += 1
            elif tag == "title" and not self.svg_title:
                self.in_svg_title = True
            return
        if tag == "span":
            is_footnote = "footnote" in (attributes.get("class") or "").split()
            self.spans.append(is_footnote)
            if is_footnote:
                self.footnote_depth += 1
                if self.footnote_depth == 1:
                    self.footnote = []
        elif tag in HEADINGS:
            self._end_paragraph()
            self.paragraph = self.document.add_heading(
                "", level=min(self.base_level + HEADINGS[tag], MAX_HEADING_LEVEL)
            )
        elif tag in ("p", "blockquote", "figure"):
            self._start_paragraph("Quote" if tag == "blockquote" else None)
        elif tag in ("ul", "ol"):
            self._end_paragraph()
            depth = min(len(self.lists) + 1, MAX_LIST_DEPTH)
            style = _numbered("List Number" if tag == "ol" else "List Bullet", depth)
            num_id = None
            if tag == "ol":
                start = attributes.get("start") or ""
                num_id = _restart_numbering(self.document, style, int(start) if start.isdigit() else 1)
            self.lists.append({"style": style, "num_id": num_id})
        elif tag == "li":
            self._end_paragraph()
            if self.lists:
                self.items.append({"list": self.lists[-1], "used": False})
        elif tag == "a":
            self.link = _link_address(attributes.get("href") or "")
            self.link_element = None
        elif tag == "table":
            self._end_paragraph()
            self.table = []
        elif tag == "caption" and self.table is not None:
            self.caption = []
        elif tag == "tr" and self.table is not None:
            self.table.append([])
        elif tag in ("td", "th") and self.table is not None:
            self.cell = []
        elif tag == "br":
            if self.cell is not None:
                self.cell.append("\n")
            elif not self.footnote_depth:
                self._current_paragraph().add_run().add_break()
        elif tag == "img":
            description = attributes.get("alt") or _("image")
            self._write(f"[{_('Image')}: {description}]")
        elif tag == "hr":
            self._start_paragraph()
            self._write("* * *")
            self._end_paragraph()
        elif tag in INLINE_FORMATS:
            self.formats.append(INLINE_FORMATS[tag])

    def handle_endtag(self, tag):
        if self.svg_depth:
            self.in_svg_title = False
            if tag == "svg":
                self.svg_depth -= 1
                if not self.svg_depth:
                    title = " ".join("".join(self.svg_title).split())
                    self.svg_title = []
                    self._write(f"[{_('Chart')}: {title}]" if title else f"[{_('Chart')}]")
                    if self.cell is None and self.caption is None and not self.footnote_depth:
                        self._end_paragraph()  # its caption follows on a line of its own
            return
        if tag == "span":
            if self.spans and self.spans.pop():
                self.footnote_depth -= 1
                if self.footnote_depth == 0:
                    note = " ".join("".join(self.footnote).split())
                    if note:
                        self._write(f" [{note}]")
        elif tag in HEADINGS or tag in ("p", "blockquote", "figure"):
            self._end_paragraph()
        elif tag == "li":
            self._end_paragraph()
            if self.items:
                self.items.pop()
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self._end_paragraph()
        elif tag == "a":
            self.link = None
            self.link_element = None
        elif tag == "caption" and self.caption is not None:
            text = "".join(self.caption).strip()
            self.caption = None
            if text:
                self.document.add_paragraph(text, style="Caption")
        elif tag in ("td", "th") and self.cell is not None and self.table is not None:
            if not self.table:
                self.table.append([])
            self.table[-1].append("".join(self.cell).strip())
            self.cell = None
        elif tag == "table" and self.table is not None:
            self._write_table(self.table)
            self.table = None
        elif tag in INLINE_FORMATS and INLINE_FORMATS[tag] in self.formats:
            self.formats.reverse()
            self.formats.remove(INLINE_FORMATS[tag])
            self.formats.reverse()

    def handle_data(self, data):
        if self.svg_depth:
            if self.in_svg_title:
                self.svg_title.append(data)
            return
        self._write(data)

    def _into_link(self, paragraph, run) -> None:
        """Move `run` into the paragraph's hyperlink to the open <a>'s address (one
        hyperlink for all the runs of one link), styled as a link."""
        if self.link_element is None or self.link_element.getparent() is not paragraph._p:
            relation = paragraph.part.relate_to(self.link, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
            self.link_element = OxmlElement("w:hyperlink")
            self.link_element.set(qn("r:id"), relation)
            paragraph._p.append(self.link_element)
        run.style = _hyperlink_style(self.document)
        self.link_element.append(run._r)

    def _write_table(self, rows: list[list[str]]) -> None:
        rows = [row for row in rows if row]
        if not rows:
            return
        columns = max(len(row) for row in rows)
        table = self.document.add_table(rows=len(rows), cols=columns)
        table.style = "Table Grid"
        for row_index, row in enumerate(rows):
            for column_index, text in enumerate(row):
                table.cell(row_index, column_index).text = text


def _numbered(style: str, depth: int) -> str:
    return style if depth <= 1 else f"{style} {depth}"


def _link_address(href: str) -> str | None:
    """Where a Word hyperlink may point: the web and e-mail (sanitized HTML allows no
    other scheme), and pages of the portal made absolute; a link within the page, none."""
    href = href.strip()
    if href.lower().startswith(LINK_SCHEMES):
        return href
    if href.startswith("/") and not href.startswith("//"):
        return absolute_url(href)
    return None


def _hyperlink_style(document):
    """Word's "Hyperlink" character style (blue, underlined), added once if the template lacks it."""
    styles = document.styles
    try:
        return styles[HYPERLINK_STYLE]
    except KeyError:
        style = styles.add_style(HYPERLINK_STYLE, WD_STYLE_TYPE.CHARACTER)
        style.font.underline = True
        style.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
        return style


def _restart_numbering(document, style_name: str, start: int) -> int:
    """A new Word numbering instance for one numbered list: the same number format as
    `style_name`'s, counting from `start`, so that each list starts again at its own
    number instead of continuing the previous list. Returns its numId."""
    style = document.styles[style_name]
    style_numbering = style.element.pPr.numPr
    numbering = document.part.numbering_part.element
    abstract_id = None
    for num in numbering.findall(qn("w:num")):
        if num.get(qn("w:numId")) == style_numbering.numId.get(qn("w:val")):
            abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    level = style_numbering.ilvl.get(qn("w:val")) if style_numbering.ilvl is not None else "0"
    num_id = max((int(num.get(qn("w:numId"))) for num in numbering.findall(qn("w:num"))), default=0) + 1
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    abstract = OxmlElement("w:abstractNumId")
    abstract.set(qn("w:val"), abstract_id)
    num.append(abstract)
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), level)
    start_override = OxmlElement("w:startOverride")
    start_override.set(qn("w:val"), str(start))
    override.append(start_override)
    num.append(override)
    numbering.append(num)
    return num_id


def _set_numbering(paragraph, num_id: int) -> None:
    """Number `paragraph` with the numbering instance `num_id` (its style gives the level)."""
    properties = paragraph._p.get_or_add_pPr()
    number = properties.get_or_add_numPr()
    number.get_or_add_numId().val = num_id
