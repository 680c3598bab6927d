"""The one place where user-written rich text becomes safe HTML (nh3, an allow-list).

Stored content is always the output of `clean_html`, so pages, diffs, the PDF and the
Word export can trust it; templates still only mark it safe after this function.
"""

import html as html_module
import re

import lxml.html
import nh3

from indicators.evidence import references as data_references
from vnr_portal.common.text import without_controls

# What the report's editor can produce: structure, emphasis, tables, links, images,
# footnotes and references to goals and targets. Nothing else survives.
ALLOWED_TAGS = {
    "h2",
    "h3",
    "h4",
    "p",
    "br",
    "hr",
    "blockquote",
    "strong",
    "em",
    "u",
    "s",
    "sub",
    "sup",
    "code",
    "ul",
    "ol",
    "li",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "a",
    "img",
    "figure",
    "figcaption",
    "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "*": {"lang", "dir"},
}
# Footnotes are <span class="footnote">…</span>; references to the SDG framework are
# <span class="sdg-ref" data-ref="3.1">…</span>. (nh3 wants classes only here.) Live data
# references are <span data-vnr-data="value|chart|category" data-indicator="3.1.1"
# data-series="…" data-unit="…">label</span> (indicators/evidence/references.py): each
# attribute validated, and a span keeps them only as a whole reference.
ALLOWED_CLASSES = {"span": {"footnote", "sdg-ref"}, "sup": {"footnote-ref"}}
ALLOWED_DATA_ATTRIBUTES = {"span": {"data-ref", *data_references.ATTRIBUTES}}
URL_SCHEMES = {"https", "http", "mailto"}
# Images may only come from the portal itself (a section's uploaded images).
IMAGE_SRC = re.compile(r"^/reviews/\d+/sections/\d+/images/\d+/?$")


# Attributes that size the layout, with the range each may take: WeasyPrint lays out
# what it is given, and a colspan of 100000 or an image 10^9 pixels wide makes it
# allocate gigabytes. Out-of-range values are clamped; anything but ASCII digits is
# dropped. (The allow-list has no `style`, so no CSS can size anything either.)
MAX_SPAN = 1_000
MAX_IMAGE_SIDE = 5_000
MAX_LIST_START = 1_000_000
NUMBER_RANGES = {
    "colspan": (1, MAX_SPAN),
    "rowspan": (1, MAX_SPAN),
    "width": (1, MAX_IMAGE_SIDE),
    "height": (1, MAX_IMAGE_SIDE),
    "start": (0, MAX_LIST_START),
}
# Beyond one slot per cell, the slots all the spans of one table may cover together.
MAX_SPANNED_SLOTS = 100_000
_NUMBER = re.compile(r"[0-9]+")
_LANG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8}){0,4}")


def _clamped_number(value: str, low: int, high: int) -> str | None:
    value = value.strip()
    if not _NUMBER.fullmatch(value):
        return None
    digits = value.lstrip("0") or "0"
    # Never int() a huge string of digits (Python refuses more than 4,300 of them).
    number = high if len(digits) > len(str(high)) else int(digits)
    return str(min(max(number, low), high))


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src" and not IMAGE_SRC.match(value):
        return None
    if attribute == "data-ref" and not re.fullmatch(r"\d{1,2}(\.[0-9a-z]{1,2}){0,2}", value):
        return None
    if attribute in data_references.ATTRIBUTES and not data_references.valid_attribute(attribute, value):
        return None
    if attribute in NUMBER_RANGES:
        return _clamped_number(value, *NUMBER_RANGES[attribute])
    if attribute == "lang" and not _LANG.fullmatch(value):
        return None
    if attribute == "dir" and value.lower() not in {"ltr", "rtl", "auto"}:
        return None
    return value


def _span(cell, name: str) -> int:
    value = cell.get(name)
    return int(value) if value and value.isdigit() else 1


def _set_span(cell, name: str, value: int) -> None:
    if value > 1:
        cell.set(name, str(value))
    elif name in cell.attrib:
        del cell.attrib[name]


def _clamp_table(table, budget: int) -> int:
    """Clamp the spans of `table`'s cells to the table's real size; return what is left
    of `budget` (slots spans may still cover).

    Cells are placed as browsers and WeasyPrint place them: row group by row group, each
    in the first slot not taken by a cell spanning down from above. A colspan stops at
    the table's width (its longest row, in cells) less a column for each cell still to
    come in the row, and at the first taken slot; a rowspan at the end of its row group;
    past `budget` spans are cut back to one slot.
    """
    groups = [child for child in table if child.tag in ("thead", "tbody", "tfoot")]
    groups += [table] if any(child.tag == "tr" for child in table) else []
    group_rows = [[row for row in group if row.tag == "tr"] for group in groups]
    width = max((sum(1 for cell in row if cell.tag in ("td", "th")) for rows in group_rows for row in rows), default=0)
    for rows in group_rows:
        taken = [set() for _ in rows]
        for index, row in enumerate(rows):
            x = 0
            cells = [cell for cell in row if cell.tag in ("td", "th")]
            for position, cell in enumerate(cells):
                while x in taken[index]:
                    x += 1
                wanted_cols, wanted_rows = _span(cell, "colspan"), _span(cell, "rowspan")
                # Leave a column for each cell still to come in the row.
                end = width - (len(cells) - position - 1)
                colspan = 1
                while colspan < wanted_cols and x + colspan < end and x + colspan not in taken[index]:
                    colspan += 1
                rowspan = max(1, min(wanted_rows, len(rows) - index, (budget + colspan) // colspan))
                if colspan * rowspan - 1 > budget:
                    colspan = rowspan = 1
                budget -= colspan * rowspan - 1
                if colspan > 1 or rowspan > 1:
                    for below in range(index, index + rowspan):
                        taken[below].update(range(x, x + colspan))
                _set_span(cell, "colspan", colspan)
                _set_span(cell, "rowspan", rowspan)
                x += colspan
    return budget


def _clamp_tables(html: str) -> str:
    """`html` (sanitized) with every table's spans clamped to the table's real size."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    budget = MAX_SPANNED_SLOTS
    for table in root.iter("table"):
        budget = _clamp_table(table, budget)
    return (root.text or "") + "".join(lxml.html.tostring(child, encoding=str) for child in root)


def _whole_references(html: str) -> str:
    """`html` (sanitized) without reference attributes on spans that are not a whole
    reference (a kind and an indicator): a stray data-series means nothing."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for span in root.iter("span"):
        names = [name for name in data_references.ATTRIBUTES if name in span.attrib]
        if names and data_references.DataReference.from_attributes(span.attrib) is None:
            for name in names:
                del span.attrib[name]
    return html_module.escape(root.text or "", quote=False) + "".join(
        lxml.html.tostring(child, encoding=str) for child in root
    )


# nh3 writes attributes as name="value" with quotes inside values escaped, so ` src="`
# can only be the attribute itself.
_IMG_WITHOUT_SRC = re.compile(r'<img(?![^>]*\ssrc=")[^>]*>')


def clean_html(html: str) -> str:
    """Sanitized HTML: only the editor's tags and attributes, safe links, own images."""
    # Control characters (but tabs and line breaks) are invisible, and XML, so the Word
    # export, cannot hold them: out before parsing, and again after (from "&#1;").
    html = without_controls(html or "")
    attributes = {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}
    for tag, names in ALLOWED_DATA_ATTRIBUTES.items():
        attributes.setdefault(tag, set()).update(names)
    options = {
        "tags": ALLOWED_TAGS,
        "attributes": attributes,
        "allowed_classes": ALLOWED_CLASSES,
        "url_schemes": URL_SCHEMES,
        "link_rel": "noopener noreferrer nofollow",
        "attribute_filter": _filter_attribute,
        "strip_comments": True,
    }
    cleaned = nh3.clean(html, **options)
    if "span=" in cleaned:
        # Spans need the table around them: clamp them on the parsed tree, then let nh3
        # write the result again (it stays the one serializer of stored HTML).
        cleaned = nh3.clean(_clamp_tables(cleaned), **options)
    if "data-" in cleaned and any(f"{name}=" in cleaned for name in data_references.ATTRIBUTES):
        cleaned = nh3.clean(_whole_references(cleaned), **options)
    # An image whose source was refused would show as a broken box: drop it.
    return without_controls(_IMG_WITHOUT_SRC.sub("", cleaned)).strip()


_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t]+")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def plain_text(html: str) -> str:
    """The text of sanitized HTML, block elements separated by line breaks."""
    text = re.sub(r"</(p|h[2-4]|li|tr|caption|figcaption|blockquote)>|<br\s*/?>", "\n", html or "")
    text = _SPACES.sub(" ", html_module.unescape(_TAG.sub(" ", text)))
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def word_count(html: str) -> int:
    """Words in the text; each Chinese or Japanese character counts as a word."""
    text = plain_text(html)
    cjk = len(_CJK.findall(text))
    return cjk + len(_WORD.findall(_CJK.sub(" ", text)))
