"""Open SDG metadata: one `meta/<code>.md` per indicator (`meta/1-2-1.md`), whose YAML front
matter names the source, the definition, the method, release dates and contact.

No YAML library is a dependency, so this reads the small part of YAML that Open SDG writes in
front matter: `key: value` lines (plain or quoted scalars), folded and literal blocks
(`key: >-` / `key: |` and their indented lines), plain scalars continued on indented lines,
lists (`- item`) and comments. Nothing is evaluated: no tags, anchors or aliases, values
stay text. Bytes to a dict of Series fields, no database (the service writes them).
"""

from __future__ import annotations

import datetime
import html
import re
from dataclasses import dataclass, field

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from indicators.evidence import vocabulary as v
from vnr_portal.common.text import one_line

from .base import Problem

MAX_META_BYTES = 1024 * 1024
# The file name of an Open SDG metadata file: the indicator code with dashes (1-2-1.md, 8-3-1-1.md).
_META_NAME = re.compile(r"(?:^|/)(\d{1,2}(?:-[0-9a-z]{1,3}){2,3})\.md$", re.IGNORECASE)
_KEY = re.compile(r"^([A-Za-z_][\w.-]*)\s*:(?:\s+(.*))?$")
_BLOCK = re.compile(r"^([|>])([+-]?)\d?\s*$")
_INACTIVE = {"false", "no", "0", "off"}
_EMPTY = {"", "none", "null", "~", "n/a", "na"}

PERIODICITIES = {
    "annual": "annual",
    "annually": "annual",
    "yearly": "annual",
    "biennial": "biennial",
    "every two years": "biennial",
    "quarterly": "quarterly",
    "monthly": "monthly",
    "irregular": "irregular",
    "ad hoc": "irregular",
}
TEXT_LIMITS = {"source_organisation": 300, "contact": 300}


def is_meta_file(name: str) -> bool:
    """Whether `name` is an Open SDG metadata file (`meta/1-2-1.md`, `1-a-2.md`)."""
    return bool(_META_NAME.search(str(name).replace("\\", "/")))


def front_matter(text: str) -> dict | None:
    """The front matter of a Markdown file as {key: str or list of str}; None without one."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        return None
    values: dict = {}
    body = lines[1:end]
    i = 0
    while i < len(body):
        line = body[i]
        i += 1
        if not line.strip() or line.lstrip().startswith("#") or line[:1] in (" ", "\t", "-"):
            continue
        match = _KEY.match(line.rstrip())
        if not match:
            continue
        key, value = match.group(1), (match.group(2) or "").strip()
        block = _BLOCK.match(value)
        following = []
        while i < len(body) and (not body[i].strip() or body[i][:1] in (" ", "\t") or body[i].startswith("- ")):
            following.append(body[i])
            i += 1
        if block:
            parts = [part.strip() for part in following]
            if block.group(1) == "|":
                values[key] = "\n".join(parts).strip()
            else:
                values[key] = re.sub(r"[ \t]*\n[ \t]*(?!\n)", " ", "\n".join(parts)).strip()
        elif not value and any(part.strip().startswith("- ") for part in following):
            values[key] = [_scalar(part.strip()[2:]) for part in following if part.strip().startswith("- ")]
        else:
            continued = " ".join(part.strip() for part in following if part.strip())
            values[key] = _scalar(f"{value} {continued}".strip() if continued else value)
    return values


def _scalar(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        inner = text[1:-1]
        return inner.replace("''", "'") if text[0] == "'" else inner.replace('\\"', '"')
    if " #" in text:
        text = text.split(" #", 1)[0].rstrip()
    return text


def _text(value) -> str:
    if isinstance(value, list):
        value = "; ".join(value)
    text = html.unescape(strip_tags(str(value or ""))).strip()
    text = re.sub(r"[ \t]+", " ", text)
    return "" if text.lower() in _EMPTY else text


def _date(text: str) -> datetime.date | None:
    text = text.strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d %B %Y", "%B %Y", "%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).replace(tzinfo=datetime.UTC).date()
        except ValueError:
            continue
    return None


@dataclass
class Metadata:
    """What one metadata file says of its indicator's series (only the fields it gives)."""

    code: str | None
    fields: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def read_meta(name: str, data: bytes) -> Metadata:
    """The indicator code and the Series fields an Open SDG metadata file gives."""
    if len(data) > MAX_META_BYTES:
        return Metadata(None, problems=[Problem(name, _("the metadata file is larger than %(kb)d kB.") % {"kb": 1024})])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Metadata(None, problems=[Problem(name, _("the metadata file is not UTF-8 text."))])
    values = front_matter(text)
    if values is None:
        return Metadata(None, problems=[Problem(name, _("the file has no front matter between --- lines."))])
    found = _META_NAME.search(name.replace("\\", "/"))
    raw_code = str(values.get("indicator_number") or "").strip() or (found.group(1).replace("-", ".") if found else "")
    code = v.indicator_code(raw_code)
    if code is None:
        return Metadata(None, problems=[Problem(name, _("the file names no indicator code such as 1.2.1."))])
    return Metadata(code, fields=_fields(values))


def _sources(values: dict) -> list[int]:
    numbers = sorted({int(match.group(1)) for key in values if (match := re.fullmatch(r"source_\w+?_(\d{1,2})", key))})
    active = [n for n in numbers if str(values.get(f"source_active_{n}", "true")).strip().lower() not in _INACTIVE]
    return [n for n in active if any(_text(values.get(f"source_{kind}_{n}")) for kind in ("organisation", "contact"))]


def _fields(values: dict) -> dict:
    fields: dict = {}
    sources = _sources(values)
    organisations = [_text(values.get(f"source_organisation_{n}")) for n in sources]
    organisations = list(dict.fromkeys(filter(None, organisations)))
    if organisations:
        fields["source_organisation"] = "; ".join(organisations)
    definition = [_text(values.get("national_indicator_description")), _text(values.get("computation_definitions"))]
    definition = [part for part in definition if part]
    if definition:
        fields["definition"] = "\n\n".join(definition)
    method = [_text(values.get("computation_calculations"))]
    units = _text(values.get("computation_units"))
    if units:
        method.append(f"Computation units: {units}")
    method = [part for part in method if part]
    if method:
        fields["method"] = "\n\n".join(method)
    for n in sources[:1]:
        contact = _text(values.get(f"source_contact_{n}"))
        if contact:
            fields["contact"] = contact
        periodicity = PERIODICITIES.get(_text(values.get(f"source_periodicity_{n}")).lower())
        if periodicity:
            fields["periodicity"] = periodicity
        for key, target in (("source_release_date", "last_release"), ("source_next_release", "next_release")):
            day = _date(_text(values.get(f"{key}_{n}")))
            if day is not None:
                fields[target] = day
        classification = _text(values.get(f"source_statistical_classification_{n}")).lower()
        if classification.startswith("official"):
            fields["source_type"] = "official"
        elif classification:
            fields["source_type"] = "alternative"
    for name, limit in TEXT_LIMITS.items():
        if name in fields:
            fields[name] = one_line(fields[name]).strip()[:limit]
    return fields
