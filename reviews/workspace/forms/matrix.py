"""Forms of the role matrix: the grid editor (one select per cell) and the CSV import."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from html import escape

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from reviews.workspace.models import GoalRole, Ministry
from reviews.workspace.selectors.matrix import Cell, Matrix, MatrixColumn
from vnr_portal.common.caching import page_cache, page_key

MAX_IMPORT_BYTES = 1024 * 1024
# Beyond this many, the remaining problems of a file are counted, not listed.
MAX_LISTED_ERRORS = 50
IMPORT_HEADER = ("ministry", "goal", "role")
ROLE_ALIASES = {
    "lead": GoalRole.LEAD,
    "co-lead": GoalRole.CO_LEAD,
    "co_lead": GoalRole.CO_LEAD,
    "co lead": GoalRole.CO_LEAD,
    "associate": GoalRole.ASSOCIATE,
}
CELL_NAME = re.compile(r"^cell_(\d{1,18})_(\d{1,18})$", re.ASCII)
GOAL_ERROR_KEY = re.compile(r"^goal_(\d+)$")


def cell_name(ministry_id: int, goal_number: int) -> str:
    return f"cell_{ministry_id}_{goal_number}"


def _shown(value: str, limit: int = 60) -> str:
    """A user's value quoted back in a message, cut short."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


INITIAL_PREFIX = "initial-"
SELECT_CLASS = "form-select form-select-sm w-auto"
# The editor's body in the page cache: bump the version when its markup changes.
BODY_VERSION = "1"
BODY_SECONDS = 24 * 60 * 60


class MatrixForm:
    """The grid editor: one select per (ministry, goal) cell for `ministries` (all of the
    matrix's rows by default), named `cell_<ministry id>_<goal number>`.

    A big country's matrix has a thousand cells, so this is not a Django form with a
    thousand fields: it renders plain selects (the same markup Django would) and checks the
    posted values itself, with Django's message for a value that is not a role. Each select
    carries the value the user saw (a hidden `initial-…` input), so `cells()` returns only
    what this user changed: a save never reverts a cell someone else changed since the page
    was opened, nor touches the rows of other pages. `matrix_apply` validates the rest.
    """

    def __init__(self, data=None, *, matrix: Matrix, ministries: list | None = None):
        self.data = data if data is not None else {}
        self.is_bound = data is not None
        self.matrix = matrix
        self.ministries = matrix.ministries if ministries is None else list(ministries)
        self.goals_with_two_leads: set[int] = set()
        self.errors: dict[str, list[str]] = {}
        self._invalid_leads: set[str] = set()
        self._changed: dict[Cell, str | None] | None = None
        self._choices = [("", _("No role")), *GoalRole.choices]
        self._roles = {value for value, _label in GoalRole.choices}

    def _initial(self, ministry_id: int, number: int) -> str:
        return self.matrix.role(ministry_id, number) or ""

    def _value(self, name: str, initial: str) -> str:
        if not self.is_bound:
            return initial
        value = self.data.get(name)
        return "" if value is None else str(value)

    def _seen(self, name: str, initial: str) -> str:
        """The value the user saw: the hidden initial as posted, else the matrix's."""
        if self.is_bound and INITIAL_PREFIX + name in self.data:
            return str(self.data.get(INITIAL_PREFIX + name) or "")
        return initial

    def is_valid(self) -> bool:
        if not self.is_bound:
            return False
        if self._changed is None:
            self._clean()
        return not self.errors

    def _clean(self) -> None:
        invalid = str(forms.ChoiceField.default_error_messages["invalid_choice"])
        changed: dict[Cell, str | None] = {}
        for ministry in self.ministries:
            for goal in self.matrix.goals:
                name = cell_name(ministry.pk, goal.number)
                value = self._value(name, "")
                if value and value not in self._roles:
                    self.errors[name] = [invalid % {"value": value}]
                    continue
                if value != self._seen(name, ""):
                    changed[(ministry.pk, goal.number)] = value or None
        shown = {cell_name(ministry.pk, goal.number) for ministry in self.ministries for goal in self.matrix.goals}
        strays = [
            match
            for key, value in self.data.items()
            if key not in shown and (match := CELL_NAME.match(key)) and value != self.data.get(INITIAL_PREFIX + key)
        ]
        for match in strays[:MAX_LISTED_ERRORS]:
            changed[(int(match[1]), int(match[2]))] = self.data[match[0]]
        self._changed = changed

    @property
    def has_cell_errors(self) -> bool:
        return any(name != NON_FIELD_ERRORS for name in self.errors)

    def non_field_errors(self) -> list[str]:
        return self.errors.get(NON_FIELD_ERRORS, [])

    def add_error(self, field: str | None, error) -> None:
        messages = error.messages if isinstance(error, ValidationError) else list(error)
        self.errors.setdefault(field or NON_FIELD_ERRORS, []).extend(str(message) for message in messages)

    def cells(self) -> dict[Cell, str | None]:
        """The cells this user changed, with their new role (None: no role).

        A changed cell the form does not show (a ministry removed meanwhile, or of another
        review; an unknown goal) is passed on as posted, for `matrix_apply` to refuse.
        """
        if self._changed is None:
            self._clean()
        return dict(self._changed)

    def rows(self):
        """[(ministry, the html of each of its row's cells)] in the matrix's order.

        Rendered here, not by a template per cell: the options of each possible value are
        made once, each cell is then a few string joins.
        """
        options = {
            selected: format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((value, " selected" if value == selected else "", label) for value, label in self._choices),
            )
            for selected, _label in self._choices
        }
        # A refused post shows a value that is not a role: no option selected.
        unselected = format_html_join("", '<option value="{}">{}</option>', self._choices)
        # Escaped once: escaping the parts gives what escaping the whole label would.
        label_text = escape(_("%(ministry)s — Goal %(number)s"))
        plain = f'class="{SELECT_CLASS}"'
        roles = self.matrix.roles
        seen_html = {role: escape(role) for role in {"", *roles.values()}}
        numbers = [goal.number for goal in self.matrix.goals]
        rows = []
        for ministry in self.ministries:
            ministry_name = escape(ministry.name)
            pk = ministry.pk
            cells = []
            for number in numbers:
                # Names and ids are digits; every text from the database or the post is escaped.
                name = f"cell_{pk}_{number}"
                initial = roles.get((pk, number)) or ""
                value = self._value(name, initial) if self.is_bound else initial
                attrs = plain
                feedback = ""
                if self.errors or self._invalid_leads:
                    errors = self.errors.get(name)
                    if name in self._invalid_leads:
                        attrs = (
                            f'class="{SELECT_CLASS} is-invalid" aria-invalid="true" '
                            f'aria-describedby="goal-{number}-errors"'
                        )
                    elif errors:
                        attrs = (
                            f'class="{SELECT_CLASS} is-invalid" aria-invalid="true" aria-describedby="id_{name}_error"'
                        )
                        feedback = (
                            f'<div class="invalid-feedback d-block" id="id_{name}_error">'
                            f"{escape(' '.join(errors))}</div>"
                        )
                label = label_text % {"ministry": ministry_name, "number": number}
                seen = escape(self._seen(name, initial)) if self.is_bound else seen_html[initial]
                cells.append(
                    f'<td><label class="visually-hidden" for="id_{name}">{label}</label>'
                    f'<select name="{name}" {attrs} id="id_{name}">{options.get(value) or unselected}</select>'
                    f'<input type="hidden" name="{INITIAL_PREFIX}{name}" value="{seen}">'
                    f"{feedback}</td>"
                )
            rows.append((ministry, cells))  # every text in them escaped above
        return rows

    def head_html(self):
        """The table's head with this form's errors at each goal (see `matrix_head_html`)."""
        return matrix_head_html(self.columns())

    def body_html(self):
        """The table's body rows (see `matrix_body_html`). Unbound (a thousand cells showing
        the matrix as stored), cached under a digest of everything they show."""
        if self.is_bound:
            return matrix_body_html(self.rows())
        key = page_key(
            "matrix-body",
            BODY_VERSION,
            get_language(),
            sorted(self.matrix.roles.items()),
            [(m.pk, m.name, m.acronym, getattr(m, "depth", 0)) for m in self.ministries],
            [goal.number for goal in self.matrix.goals],
        )
        return mark_safe(page_cache.get_or_set(key, lambda: str(matrix_body_html(self.rows())), BODY_SECONDS))

    def columns(self) -> list[MatrixColumn]:
        """The matrix's columns with this form's errors at each goal."""
        return [
            replace(column, errors=(_("Two leads: keep one."),))
            if column.goal.number in self.goals_with_two_leads
            else column
            for column in self.matrix.columns
        ]

    def add_service_error(self, error: ValidationError) -> None:
        """Show a refusal of `matrix_apply` in the summary above the table (non-field errors);
        a goal's refusal is also flagged, briefly, at its column and its lead cells.
        """
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, messages in error.message_dict.items():
            match = GOAL_ERROR_KEY.match(key)
            if match:
                self.goals_with_two_leads.add(int(match[1]))
                self._mark_leads(int(match[1]))
            self.add_error(None, messages)

    def _mark_leads(self, number: int) -> None:
        for ministry in self.ministries:
            name = cell_name(ministry.pk, number)
            if self._value(name, self._initial(ministry.pk, number)) == GoalRole.LEAD:
                self._invalid_leads.add(name)


def matrix_head_html(columns: list[MatrixColumn]) -> str:
    """The matrix table's head (the goal columns), as the template that made it wrote it."""
    abbr = escape(_("Goal %(number)s"))
    no_lead = f'<span class="badge text-bg-danger">{escape(_("no lead"))}</span>'
    parts = [f'\n<thead>\n  <tr>\n    <th scope="col">{escape(_("Ministry"))}</th>\n    ']
    for column in columns:
        goal, number = column.goal, column.goal.number
        errors = ""
        if column.errors:
            listed = "".join(f'<p class="mb-0">{escape(str(error))}</p>' for error in column.errors)
            errors = (
                f'\n      <div id="goal-{number}-errors" class="text-danger small fw-normal">\n        {listed}'
                "\n      </div>\n      "
            )
        missing = "" if column.has_lead else " goal-missing-lead"
        lang = ' lang="en"' if goal.title_is_fallback else ""
        badge = "" if column.has_lead else no_lead
        parts.append(
            f'\n    <th scope="col" id="goal-{number}" class="text-center matrix-goal{missing}"'
            f'\n        abbr="{abbr % {"number": number}}">'
            f'\n      <span class="d-block">{number}</span>'
            f'\n      <span class="d-block small fw-normal"{lang}>{escape(goal.short_title_localized)}</span>'
            f"\n      {badge}\n      {errors}\n    </th>\n    "
        )
    parts.append("\n  </tr>\n</thead>\n")
    return mark_safe("".join(parts))  # every text escaped above


def matrix_body_html(rows) -> str:
    """The rows of the matrix table's body, from [(ministry, the html of each of its cells)]
    (escaped): made here for the sixty ministries of a big country, as the template's
    spaceless loop would, and joined once (the editor's body is 400 KB)."""
    division = escape(_("Division:"))
    parts = []
    for ministry, cells in rows:
        name = escape(ministry.name)
        if ministry.acronym:
            name += f' <span class="text-body-secondary">({escape(ministry.acronym)})</span>'
        if getattr(ministry, "depth", 0):
            parts.append(
                f'<tr class="division"><th scope="row"><span class="visually-hidden">{division} </span>'
                f"<bdi>{name}</bdi></th>"
            )
        else:
            parts.append(f'<tr><th scope="row"><bdi>{name}</bdi></th>')
        parts.extend(cells)
        parts.append("</tr>")
    return mark_safe("".join(parts))  # every text from the database escaped above


class MatrixImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "UTF-8 text, comma-separated, with the header ministry,goal,role; at most 1 MB. "
            "It replaces the whole matrix."
        ),
        error_messages={
            "required": gettext_lazy("Choose a CSV file to upload."),
            "empty": gettext_lazy("The file is empty."),
        },
    )

    def __init__(self, *args, ministries: list[Ministry], goal_numbers: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.ministries = ministries
        self.goal_numbers = goal_numbers
        self.filename = ""

    def clean_file(self) -> dict[Cell, str]:
        """The file's rows as cells; every bad row is reported with its line number."""
        upload = self.cleaned_data["file"]
        # Kept for the audit log, without control characters (which PostgreSQL's JSON refuses).
        self.filename = "".join(ch for ch in upload.name or "" if ch.isprintable())[:200]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(_("The file is too large: at most 1 MB."))
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                _("The file is not UTF-8 text. Save it as “CSV UTF-8 (comma-delimited)” and upload it again.")
            ) from None
        if not text.strip():
            raise ValidationError(_("The file is empty."))
        if "\x00" in text:
            raise ValidationError(_("This is not a CSV file: it contains binary data."))
        try:
            cells, errors = self._parse(text)
        except csv.Error as error:
            raise ValidationError(_("This is not a valid CSV file: %(reason)s.") % {"reason": error}) from None
        if errors:
            listed = errors[:MAX_LISTED_ERRORS]
            if len(errors) > len(listed):
                rest = len(errors) - len(listed)
                listed.append(
                    ngettext("…and %(count)s more problem.", "…and %(count)s more problems.", rest) % {"count": rest}
                )
            raise ValidationError(listed)
        return cells

    def _parse(self, text: str) -> tuple[dict[Cell, str], list[str]]:
        reader = csv.reader(io.StringIO(text, newline=""))
        columns = self._read_header(reader)
        by_name = {ministry.name: ministry for ministry in self.ministries}
        by_acronym: dict[str, list[Ministry]] = {}
        for ministry in self.ministries:
            if ministry.acronym:
                by_acronym.setdefault(ministry.acronym, []).append(ministry)

        cells: dict[Cell, str] = {}
        errors: list[str] = []
        first_line: dict[Cell, int] = {}
        lead_line: dict[int, tuple[int, str]] = {}
        line = reader.line_num
        for row in reader:
            line, start = reader.line_num, line + 1
            if not any(value.strip() for value in row):
                continue
            values = {name: (row[index].strip() if index < len(row) else "") for name, index in columns.items()}
            problems: list[str] = []
            ministry = self._ministry(values["ministry"], by_name, by_acronym, problems)
            number = self._goal(values["goal"], problems)
            role = self._role(values["role"], problems)
            cell = (ministry.pk, number) if ministry is not None and number is not None else None
            if cell in first_line:
                problems.append(
                    _("%(ministry)s already has a role for goal %(number)s on line %(line)s.")
                    % {"ministry": ministry.name, "number": number, "line": first_line[cell]}
                )
            elif cell is not None:
                first_line[cell] = start
                if role == GoalRole.LEAD and number in lead_line:
                    problems.append(
                        _("Goal %(number)s already has a lead on line %(line)s (%(ministry)s); a goal has one lead.")
                        % {"number": number, "line": lead_line[number][0], "ministry": lead_line[number][1]}
                    )
                elif role == GoalRole.LEAD:
                    lead_line[number] = (start, ministry.name)
                if role is not None:
                    cells[cell] = role
            errors.extend(_("Line %(line)s: %(problem)s") % {"line": start, "problem": p} for p in problems)
        if not first_line and not errors:
            raise ValidationError(
                _("The file has no rows under its header. To clear the matrix, use the editor instead.")
            )
        return cells, errors

    @staticmethod
    def _read_header(reader) -> dict[str, int]:
        for row in reader:
            if not any(value.strip() for value in row):
                continue
            names = [value.strip().lower() for value in row]
            if all(name in names for name in IMPORT_HEADER):
                return {name: names.index(name) for name in IMPORT_HEADER}
            found = _shown(",".join(row))
            hint = ""
            if len(row) == 1 and (";" in row[0] or "\t" in row[0]):
                hint = " " + _("Separate the columns with commas, not semicolons or tabs.")
            raise ValidationError(
                _("The first line must be the header “ministry,goal,role”; found “%(found)s”.") % {"found": found}
                + hint
            )
        raise ValidationError(_("The file is empty."))

    @staticmethod
    def _ministry(value: str, by_name: dict, by_acronym: dict, errors: list[str]) -> Ministry | None:
        if not value:
            errors.append(_("the ministry is empty."))
            return None
        # Our own export prefixes names that look like formulas with an apostrophe.
        candidates = [value, value[1:]] if value.startswith("'") else [value]
        for candidate in candidates:
            if candidate in by_name:
                return by_name[candidate]
            matches = by_acronym.get(candidate, [])
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                errors.append(
                    _("the acronym “%(acronym)s” is shared by several ministries; use the full name.")
                    % {"acronym": _shown(candidate)}
                )
                return None
        errors.append(
            _("there is no ministry “%(ministry)s” in this review (use its exact name or acronym).")
            % {"ministry": _shown(value)}
        )
        return None

    def _goal(self, value: str, errors: list[str]) -> int | None:
        if not value:
            errors.append(_("the goal is empty."))
            return None
        if value.isascii() and value.isdigit() and int(value) in self.goal_numbers:
            return int(value)
        errors.append(_("“%(goal)s” is not a goal: use a number from 1 to 17.") % {"goal": _shown(value)})
        return None

    @staticmethod
    def _role(value: str, errors: list[str]) -> str | None:
        if not value:
            errors.append(_("the role is empty."))
            return None
        role = ROLE_ALIASES.get(value.lower())
        if role is None:
            errors.append(_("“%(role)s” is not a role: use lead, co-lead or associate.") % {"role": _shown(value)})
        return role
