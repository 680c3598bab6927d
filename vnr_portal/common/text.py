"""Text that is safe to store, show and put in an e-mail header: no control characters.

A one-line field (a title, a name, a subject) holds no line break of any kind: a CR or LF
in a section title reached the subject of the notification e-mails, and Django refuses
to send a header with a newline in it (BadHeaderError). `one_line` makes such text one
line; `connect_one_line_fields` (called from each app's `AppConfig.ready()`) applies it
to every `CharField` of the app's models before each save, whatever saves them: forms,
services, imports, the admin. Multi-line text keeps its tabs and line breaks but loses
the other control characters (`without_controls`), which XML, and so the Word export,
cannot hold.
"""

import re

from django.db import models
from django.db.models.signals import pre_save

# Characters that break a line or separate text: each run becomes one space.
_BREAKS = "\t\n\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029"
_BREAK_RUNS = re.compile(f"[{_BREAKS}]+")
_BREAKS_AT_ENDS = re.compile(f"^[{_BREAKS}]+|[{_BREAKS}]+$")
# Every other C0 and C1 control character, DEL, and the two non-characters XML refuses.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ufffe\uffff]")
_CONTROLS_BUT_LINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def one_line(text: str) -> str:
    """`text` on one line: control characters removed, line breaks and tabs (CR, LF,
    U+2028, U+2029, …) turned into a space, none left at either end."""
    text = _CONTROLS.sub("", text)
    return _BREAK_RUNS.sub(" ", _BREAKS_AT_ENDS.sub("", text))


def without_controls(text: str) -> str:
    """`text` without control characters, except tabs and line breaks (CR, LF)."""
    return _CONTROLS_BUT_LINES.sub("", text)


def clean_one_line_fields(instance: models.Model) -> None:
    """Make every CharField of `instance` (EmailField, SlugField, … too; not TextField)
    one line, in place. For rows written without save(), e.g. by bulk_create."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.CharField) and field.name != "password":
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                cleaned = one_line(value)
                if cleaned != value:
                    setattr(instance, field.attname, cleaned)


def _clean_before_save(sender, instance, **kwargs) -> None:
    clean_one_line_fields(instance)


def connect_one_line_fields(*models_: type[models.Model]) -> None:
    """Clean the one-line fields of each of `models_` before every save (pre_save)."""
    for model in models_:
        pre_save.connect(_clean_before_save, sender=model, dispatch_uid=f"one-line:{model._meta.label}")
