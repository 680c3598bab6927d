"""Writes to the SDG framework: loading goals, targets and indicators from the framework file."""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from .models import Goal, Indicator, Target

DEFAULT_FRAMEWORK_PATH = Path(__file__).resolve().parent / "data" / "sdg-framework.json"

# A wholly wrong file would list hundreds of problems; the first ones say enough.
MAX_PROBLEMS = 20

GOAL_CODE = re.compile(r"[1-9][0-9]?")
TARGET_CODE = re.compile(r"(?P<goal>[1-9][0-9]?)\.(?:(?P<number>[1-9][0-9]?)|(?P<letter>[a-z]))")
INDICATOR_CODE = re.compile(r"(?P<target>[1-9][0-9]?\.(?:[1-9][0-9]?|[a-z]))\.(?P<number>[1-9][0-9]?)")
LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
UNSD_CODE = re.compile(r"[A-Za-z0-9._-]*")


class FrameworkError(ValidationError):
    """The framework file cannot be loaded; `messages` says where and why."""


@dataclass
class _Row:
    code: str
    key: tuple
    parent: str
    fields: dict = field(default_factory=dict)


@dataclass
class _Framework:
    goals: list[_Row]
    targets: list[_Row]
    indicators: list[_Row]


class _Problems(list):
    def add(self, where: str, problem: str) -> None:
        self.append(_("%(where)s: %(problem)s") % {"where": where, "problem": problem})

    def raise_any(self) -> None:
        if self:
            shown = self[:MAX_PROBLEMS]
            if len(self) > MAX_PROBLEMS:
                shown.append(_("… and %(count)d more problems.") % {"count": len(self) - MAX_PROBLEMS})
            raise FrameworkError(shown)


@transaction.atomic
def framework_load(*, path: str | Path | None = None) -> dict[str, dict[str, int]]:
    """Create or update the goals, targets and indicators of the framework file at `path`
    (default: the copy kept in indicators/data/).

    Rows are matched by code and updated in place, so running it again changes nothing;
    rows that are no longer in the file are kept (other apps point at them). Titles keep
    every language of the file; `position` follows the natural order of the codes. The
    whole file is checked before anything is written and the load is atomic; a bad file
    raises `FrameworkError` (a ValidationError) listing where and what is wrong.

    About ten queries whatever the size of the file (bulk inserts and updates).

    Returns {"goals"|"targets"|"indicators": {"created": n, "updated": n, "unchanged": n}}.
    """
    framework = _framework_parse(_framework_read(Path(path) if path else DEFAULT_FRAMEWORK_PATH))
    try:
        with transaction.atomic():
            goal_ids, goal_counts = _rows_save(Goal, framework.goals, key="number", parent_field=None, parent_ids={})
            target_ids, target_counts = _rows_save(
                Target, framework.targets, key="code", parent_field="goal", parent_ids=goal_ids
            )
            _indicator_ids, indicator_counts = _rows_save(
                Indicator, framework.indicators, key="code", parent_field="target", parent_ids=target_ids
            )
    except IntegrityError as error:
        # Two loads at once both tried to create the same code.
        raise FrameworkError(_("Another load of the framework ran at the same time; run this one again.")) from error
    return {"goals": goal_counts, "targets": target_counts, "indicators": indicator_counts}


def _rows_save(
    model: type[models.Model], rows: list[_Row], *, key: str, parent_field: str | None, parent_ids: dict
) -> tuple[dict, dict[str, int]]:
    """Insert the new rows and update the changed ones of one level (3 queries at most).

    Returns the ids by code (for the next level) and the counts.
    """
    existing = {getattr(obj, key): obj for obj in model.objects.all()}
    to_create, to_update = [], []
    for row in rows:
        values = dict(row.fields)
        if parent_field:
            values[f"{parent_field}_id"] = parent_ids[row.parent]
        natural = int(row.code) if key == "number" else row.code
        obj = existing.get(natural)
        if obj is None:
            obj = model(**{key: natural}, **values)
            to_create.append(obj)
        elif any(getattr(obj, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(obj, name, value)
            to_update.append(obj)
        else:
            continue
        try:
            # The parent was checked against the file and the codes are unique in it, so
            # skip the per-row queries of FK and unique validation.
            obj.full_clean(
                exclude=[parent_field] if parent_field else None, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            where = _where(model, row.code)
            raise FrameworkError(
                [_("%(where)s: %(problem)s") % {"where": where, "problem": message} for message in error.messages]
            ) from error
    model.objects.bulk_create(to_create)
    if to_update:
        model.objects.bulk_update(to_update, [*rows[0].fields, *([parent_field] if parent_field else [])])
    ids = {getattr(obj, key): obj.pk for obj in [*existing.values(), *to_create]}
    if any(pk is None for pk in ids.values()):  # a database that does not return ids from bulk inserts
        ids = dict(model.objects.values_list(key, "pk"))
    if key == "number":
        ids = {str(number): pk for number, pk in ids.items()}
    unchanged = len(rows) - len(to_create) - len(to_update)
    return ids, {"created": len(to_create), "updated": len(to_update), "unchanged": unchanged}


def _where(model: type[models.Model], code) -> str:
    return _("%(kind)s %(code)s") % {"kind": model._meta.verbose_name, "code": str(code)[:40]}


def _framework_read(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise FrameworkError(_("The framework file %(path)s does not exist.") % {"path": path}) from error
    except UnicodeDecodeError as error:
        raise FrameworkError(_("The framework file %(path)s is not UTF-8 text.") % {"path": path}) from error
    except OSError as error:
        raise FrameworkError(
            _("The framework file %(path)s cannot be read: %(error)s.")
            % {"path": path, "error": error.strerror or error}
        ) from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FrameworkError(
            _("The framework file %(path)s is not valid JSON: %(error)s at line %(line)d, column %(column)d.")
            % {"path": path, "error": error.msg, "line": error.lineno, "column": error.colno}
        ) from error
    if not isinstance(data, dict):
        raise FrameworkError(
            _('The framework file must hold a JSON object with the lists "goals", "targets" and "indicators".')
        )
    return data


def _framework_parse(data: dict) -> _Framework:
    """Check the whole file and return its rows in natural order, or raise FrameworkError."""
    problems = _Problems()
    entries = {}
    for level in ("goals", "targets", "indicators"):
        value = data.get(level)
        if not isinstance(value, list) or not value:
            problems.add(_("The framework file"), _('"%(key)s" must be a non-empty list.') % {"key": level})
        entries[level] = value if isinstance(value, list) else []
    problems.raise_any()

    # Codes as written, so that an entry refused for another reason is not reported
    # again as missing by its children and repeats.
    codes = {
        level: {
            entry.get("code")
            for entry in entries[level]
            if isinstance(entry, dict) and isinstance(entry.get("code"), str)
        }
        for level in entries
    }
    goals = _level_parse(entries["goals"], Goal, GOAL_CODE, problems, parent_key=None, known_parents=set())
    targets = _level_parse(
        entries["targets"], Target, TARGET_CODE, problems, parent_key="goal", known_parents=codes["goals"]
    )
    indicators = _level_parse(
        entries["indicators"], Indicator, INDICATOR_CODE, problems, parent_key="target", known_parents=codes["targets"]
    )
    indicator_codes = codes["indicators"]
    for row in indicators:
        unknown = [code for code in row.fields["repeated_as"] if code not in indicator_codes or code == row.code]
        if unknown:
            problems.add(
                _where(Indicator, row.code),
                _('"repeated_as" names %(codes)s, which are not other indicators of the file.')
                % {"codes": ", ".join(code[:40] for code in unknown)},
            )
    problems.raise_any()
    return _Framework(goals=goals, targets=targets, indicators=indicators)


def _level_parse(
    entries: list, model, pattern: re.Pattern, problems: _Problems, *, parent_key: str | None, known_parents: set
) -> list[_Row]:
    rows: dict[str, _Row] = {}
    kind = model._meta.verbose_name
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.add(_("%(kind)s no. %(index)d") % {"kind": kind, "index": index}, _("must be a JSON object."))
            continue
        code = entry.get("code")
        match = pattern.fullmatch(code) if isinstance(code, str) else None
        if match is None:
            code_problem = {
                Goal: _('the code %(code)s is not a goal number such as "1".'),
                Target: _('the code %(code)s is not a target code such as "1.1" or "1.a".'),
                Indicator: _('the code %(code)s is not an indicator code such as "1.a.1".'),
            }[model]
            problems.add(
                _("%(kind)s no. %(index)d") % {"kind": kind, "index": index},
                code_problem % {"code": json.dumps(code, ensure_ascii=False)[:40]},
            )
            continue
        where = _where(model, code)
        if code in rows:
            problems.add(where, _("the code appears more than once."))
            continue
        parent = ""
        if parent_key:
            parent = entry.get(parent_key)
            expected = match.group(parent_key)
            if parent != expected:
                problems.add(
                    where,
                    _('"%(key)s" is %(value)s but the code says "%(expected)s".')
                    % {"key": parent_key, "value": json.dumps(parent)[:40], "expected": expected},
                )
                continue
            if parent not in known_parents:
                problems.add(
                    where, _('its %(key)s "%(parent)s" is not in the file.') % {"key": parent_key, "parent": parent}
                )
                continue
        fields = {"title": _texts_parse(entry.get("title"), where, "title", problems, required=True)}
        if model is Goal:
            fields["short_title"] = _texts_parse(entry.get("short", {}), where, "short", problems, required=False)
        if model is Indicator:
            unsd_code = entry.get("unsd_code", "")
            if not isinstance(unsd_code, str) or not UNSD_CODE.fullmatch(unsd_code):
                problems.add(where, _('"unsd_code" must be a code of letters, digits, dots, dashes or underscores.'))
            repeated_as = entry.get("repeated_as", [])
            if not isinstance(repeated_as, list) or not all(isinstance(other, str) for other in repeated_as):
                problems.add(where, _('"repeated_as" must be a list of indicator codes.'))
                repeated_as = []
            fields["unsd_code"] = unsd_code
            fields["repeated_as"] = repeated_as
        rows[code] = _Row(code=code, key=_natural_key(match), parent=parent, fields=fields)
    ordered = sorted(rows.values(), key=lambda row: row.key)
    if model is not Goal:
        for position, row in enumerate(ordered, start=1):
            row.fields["position"] = position
    return ordered


def _natural_key(match: re.Match) -> tuple:
    """1.1 < 1.2 < 1.10 < 1.a < 2.1, as the UN lists them."""
    parts = match.group(0).split(".")
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in parts)


def _texts_parse(value, where: str, key: str, problems: _Problems, *, required: bool) -> dict:
    problem = None
    if not isinstance(value, dict):
        problem = _('"%(key)s" must be an object of language codes and texts.')
    elif not all(isinstance(code, str) and LANGUAGE_CODE.fullmatch(code) for code in value):
        problem = _('"%(key)s" has a key that is not a language code such as "en" or "zh-Hans".')
    elif not all(isinstance(text, str) for text in value.values()):
        problem = _('"%(key)s" must map each language code to a text.')
    elif any("\x00" in text for text in value.values()):
        problem = _('"%(key)s" contains a NUL character.')
    elif not all(_is_unicode(text) for text in value.values()):
        problem = _('"%(key)s" contains characters that are not valid Unicode.')
    elif required and not value.get("en", "").strip():
        problem = _('"%(key)s" has no English ("en") text.')
    if problem:
        problems.add(where, problem % {"key": key})
        return {}
    return dict(value)


def _is_unicode(text: str) -> bool:
    # JSON allows lone surrogates ("\\ud800"), which no database can store as text.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
