"""The one place where user-written rich text becomes safe HTML (nh3, an allow-list).

Stored content is always the output of `clean_html`, so pages, diffs, the PDF and the
Word export can trust it; templates still only mark it safe after this function.
"""

import html as html_module
import re

import nh3

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
# <span class="sdg-ref" data-ref="3.1">…</span>. (nh3 wants classes only here.)
ALLOWED_CLASSES = {"span": {"footnote", "sdg-ref"}, "sup": {"footnote-ref"}}
ALLOWED_DATA_ATTRIBUTES = {"span": {"data-ref"}}
URL_SCHEMES = {"https", "http", "mailto"}
# Images may only come from the portal itself (a section's uploaded images).
IMAGE_SRC = re.compile(r"^/reviews/\d+/sections/\d+/images/\d+/?$")


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src" and not IMAGE_SRC.match(value):
        return None
    if attribute == "data-ref" and not re.fullmatch(r"\d{1,2}(\.[0-9a-z]{1,2}){0,2}", value):
        return None
    if attribute in {"colspan", "rowspan", "width", "height", "start"} and not value.isdigit():
        return None
    return value


# nh3 writes attributes as name="value" with quotes inside values escaped, so ` src="`
# can only be the attribute itself.
_IMG_WITHOUT_SRC = re.compile(r'<img(?![^>]*\ssrc=")[^>]*>')


def clean_html(html: str) -> str:
    """Sanitized HTML: only the editor's tags and attributes, safe links, own images."""
    html = (html or "").replace("\x00", "")
    attributes = {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}
    for tag, names in ALLOWED_DATA_ATTRIBUTES.items():
        attributes.setdefault(tag, set()).update(names)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=attributes,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        attribute_filter=_filter_attribute,
        strip_comments=True,
    )
    # An image whose source was refused would show as a broken box: drop it.
    return _IMG_WITHOUT_SRC.sub("", cleaned).strip()


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
