"""Preset texts a review starts with (milestones, the checklist, the progress report's
questions): stored as written in the source (their English msgid, marked with
gettext_noop) and shown translated into the reader's language while nobody has changed
them. A text someone edited is theirs, and shows as they wrote it.

Why not create them in the review's language: people of one review read it in several
interface languages (an Arabic and an English coordinator), and the report's language is
often not one of the interface's; translating on display serves each reader.
"""

from django.utils.translation import gettext


def preset_shown(text: str, presets: frozenset[str]) -> str:
    """`text` in the active language when it is one of `presets` unchanged, else as is."""
    return gettext(text) if text in presets else text
