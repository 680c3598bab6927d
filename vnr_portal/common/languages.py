"""Content in several languages: which one to show, and how to mark it.

Every place where a text exists per language (a round's documents, a section's
translations, an SDG goal's titles, a report's editions) picks what to show through
`pick_language`: the language asked for, else the source language (the one the content
was written in), else English, else any language that has the content. The answer says
whether it is a fallback, so the page can show "Shown in <language>: no translation in
your language yet" and put `lang`/`dir` on the block. Works for any language code
(`settings.LANGUAGES` or a report language); codes are compared case-insensitively
("zh-Hans" is "zh-hans"), then by their base ("fr-ca" finds "fr", but "zh-hans" never finds "zh-hant"). Imports no app.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

FALLBACK_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "dv", "yi", "ckb", "sd", "ug"})


@dataclass(frozen=True)
class Picked:
    """What `pick_language` chose: the value, the code it was stored under, and whether it
    is not in the language asked for."""

    value: Any
    language: str
    requested: str
    is_fallback: bool

    @property
    def direction(self) -> str:
        return direction(self.language)


def _present(value) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    try:
        return len(value) > 0
    except TypeError:
        return True


def _base(code: str) -> str:
    return code.lower().replace("_", "-").split("-")[0]


def _find(by_lower: dict[str, str], wanted: str | None) -> str | None:
    """The stored code matching `wanted`: same code, else same base language."""
    if not wanted:
        return None
    wanted = wanted.lower().replace("_", "-")
    if wanted in by_lower:
        return by_lower[wanted]
    return by_lower.get(_base(wanted))


def same_language(one: str | None, other: str | None) -> bool:
    """Whether two codes name the same language ("zh-Hans" and "zh-hans")."""
    return bool(one and other) and one.lower().replace("_", "-") == other.lower().replace("_", "-")


def pick_language(
    available: Mapping[str, Any],
    requested: str | None = None,
    source: str | None = None,
    *,
    present: Callable[[Any], bool] = _present,
) -> Picked | None:
    """The best value of `available` ({language code: value}) for `requested` (default:
    the active language): requested → `source` → English → the first other language that
    has one. Empty values (blank text, empty lists) count as missing. None when no
    language has anything."""
    requested = requested or get_language() or FALLBACK_LANGUAGE
    by_lower = {code.lower().replace("_", "-"): code for code, value in available.items() if present(value)}
    if not by_lower:
        return None
    exact = _find(by_lower, requested)
    if exact is not None:
        return Picked(available[exact], exact, requested, False)
    for wanted in (source, FALLBACK_LANGUAGE):
        code = _find(by_lower, wanted)
        if code is not None:
            return Picked(available[code], code, requested, True)
    code = next(iter(by_lower.values()))
    return Picked(available[code], code, requested, True)


def has_language(available: Mapping[str, Any], requested: str | None = None) -> bool:
    """Whether `available` has a value of its own in `requested` (default: active)."""
    picked = pick_language(available, requested)
    return picked is not None and not picked.is_fallback


def is_rtl(language: str | None) -> bool:
    return bool(language) and _base(language) in RTL_LANGUAGES


def direction(language: str | None) -> str:
    """ "rtl" or "ltr": the direction text in `language` runs."""
    return "rtl" if is_rtl(language) else "ltr"


def language_name(code: str | None) -> str:
    """The name of `code` in the active language: the interface's own name for it
    (settings.LANGUAGES), else Django's, else the code itself."""
    if not code:
        return ""
    for value, label in settings.LANGUAGES:
        if same_language(value, code):
            return str(_(label))
    try:
        return str(get_language_info(code.lower())["name_translated"])
    except KeyError:
        return code
