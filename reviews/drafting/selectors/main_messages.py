"""Reads of the main messages: the section itself, and the draft taken from the report."""

import html as html_module
import re

from django.utils.html import escape

from reviews.core.models import Review
from reviews.core.sanitize import clean_html, word_count
from reviews.drafting.models import Section, SectionKind

WORD_LIMIT = 700
# The report's parts the draft is taken from, in this order.
SOURCE_KINDS = [SectionKind.HIGHLIGHTS, SectionKind.OPENING]

_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def _trim(inner_html: str, words: int) -> str:
    """The first `words` words of a paragraph as plain text (characters for CJK text)."""
    text = " ".join(html_module.unescape(_TAG.sub("", inner_html)).split())
    tokens = text.split(" ")
    if len(tokens) >= words and word_count(escape(" ".join(tokens[:words]))) <= words:
        return " ".join(tokens[:words])
    return text[:words]


def main_messages_get(*, review: Review) -> Section | None:
    """The review's main messages with their translations loaded, or None."""
    return (
        Section.objects.filter(review=review, kind=SectionKind.MAIN_MESSAGES)
        .select_related("review")
        .prefetch_related("translations", "editors")
        .first()
    )


def main_messages_get_draft(*, review: Review, word_limit: int = WORD_LIMIT) -> str:
    """HTML paragraphs taken from the highlights, then the opening statement, in order,
    cut at about `word_limit` words (the last paragraph trimmed, with an ellipsis)."""
    sections = Section.objects.filter(review=review, kind__in=SOURCE_KINDS).order_by("position", "pk")
    ordered = sorted(sections, key=lambda section: SOURCE_KINDS.index(section.kind))
    paragraphs, remaining = [], word_limit
    for section in ordered:
        for inner in _PARAGRAPH.findall(section.content or ""):
            words = word_count(inner)
            if not words or remaining <= 0:
                continue
            if words <= remaining:
                paragraphs.append(f"<p>{inner.strip()}</p>")
            else:
                paragraphs.append(f"<p>{escape(_trim(inner, remaining))} …</p>")
            remaining -= min(words, remaining)
    return clean_html("\n".join(paragraphs))
