"""Language helpers every feature uses: the name of a language code, the language the
draft is written in, and a round's question in a given language."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language_info

from reviews.models import REPORT_LANGUAGES
from vnr_portal.common.languages import pick_language


def language_label(code: str) -> str:
    """The name of a language code in the current language: one of the report languages
    (codes compared case-insensitively), else Django's name for it, else the code."""
    if not code:
        return code
    for value, label in REPORT_LANGUAGES:
        if value.lower() == code.lower():
            return str(label)
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


def source_language(review) -> str:
    """The language the draft is written in: the report's first language."""
    return (list(review.languages or []) or [settings.LANGUAGE_CODE])[0]


def question_text(question, language: str) -> str:
    """A round question in `language` when translated (codes compared case-insensitively),
    else as written."""
    translations = {str(code): text for code, text in (question.translations or {}).items() if isinstance(text, str)}
    picked = pick_language(translations, language or "en")
    return picked.value if picked is not None and not picked.is_fallback else question.text
