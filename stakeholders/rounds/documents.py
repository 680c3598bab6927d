"""The frozen copy of a section, split into the paragraphs people comment on."""

from __future__ import annotations

import html as html_module

import lxml.html
from lxml import etree

# Blocks that stand on their own at the top level of a section's (sanitized) HTML.
BLOCK_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "table",
    "blockquote",
    "figure",
    "hr",
    "pre",
    "div",
}


def _serialize(element) -> str:
    return etree.tostring(element, encoding="unicode", method="html", with_tail=False)


def paragraphs(html: str) -> list[str]:
    """The top-level blocks of `html`, in order, each as an HTML string.

    Paragraph numbers in contributions are indexes into this list (0-based), so the
    splitting must stay stable for a frozen copy: it depends on the HTML only. Loose
    text and inline elements between blocks are gathered into one <p>. Empty blocks
    (whitespace only, no image or rule) are left out.
    """
    if not html or not html.strip():
        return []
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return [f"<p>{html_module.escape(html)}</p>"]
    blocks: list[str] = []
    loose: list[str] = []

    def flush():
        text = "".join(loose)
        loose.clear()
        if text.strip():
            blocks.append(f"<p>{text.strip()}</p>")

    if root.text:
        loose.append(html_module.escape(root.text))
    for child in root:
        if not isinstance(child.tag, str):  # comments, processing instructions
            pass
        elif child.tag.lower() in BLOCK_TAGS:
            flush()
            has_content = (
                (child.text_content() or "").strip() or child.tag.lower() == "hr" or child.find(".//img") is not None
            )
            if has_content:
                blocks.append(_serialize(child))
        else:
            loose.append(_serialize(child))
        if child.tail:
            loose.append(html_module.escape(child.tail))
    flush()
    return blocks


def frozen_paragraphs(content: str) -> list[str]:
    """What `RoundDocument.paragraphs` holds: `content` sanitized again (`clean_html`, so
    that nothing but the allow-list can reach the page, whatever path wrote the copy) and
    split into paragraphs. Made once, when the copy is frozen: a frozen copy never changes."""
    from reviews.core.sanitize import clean_html

    return paragraphs(clean_html(content or ""))


def document_paragraphs(document) -> list[str]:
    """The paragraphs of a round's frozen document as the public sees them: the ones made
    when it was frozen (`RoundDocument.paragraphs`); for a copy made by another path and
    never frozen by the services, made now. Contributions number paragraphs by this list."""
    stored = document.paragraphs
    if isinstance(stored, list):
        return stored
    return frozen_paragraphs(document.content)
