"""Forms of the role matrix: the grid editor (one select per cell) and the CSV import."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from reviews.workspace.models import GoalRole, Ministry
from reviews.workspace.selectors.matrix import Cell, Matrix, MatrixColumn

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


# The editor shows hundreds of cells: Django's template-based widgets take seconds to
# render that many, these two render the same markup directly.


class CellSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        value = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((choice, " selected" if str(choice) == value else "", label) for choice, label in self.choices),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options
        )


class CellInitial(forms.HiddenInput):
    def render(self, name, value, attrs=None, renderer=None):
        return format_html('<input type="hidden" name="{}" value="{}">', name, "" if value is None else value)


class CellField(forms.ChoiceField):
    hidden_widget = CellInitial


class MatrixForm(forms.Form):
    """One select per (ministry, goal) cell for `ministries` (all of the matrix's rows by default).

    Each select carries the value the user saw (hidden initial), so `cells()` returns
    only what this user changed: a save never reverts a cell someone else changed since
    the page was opened, nor touches the rows of other pages.
    """

    def __init__(self, *args, matrix: Matrix, ministries: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.matrix = matrix
        self.ministries = matrix.ministries if ministries is None else list(ministries)
        self.goals_with_two_leads: set[int] = set()
        self._cells: dict[str, Cell] = {}
        choices = [("", _("No role")), *GoalRole.choices]
        for ministry in self.ministries:
            for goal in matrix.goals:
                name = cell_name(ministry.pk, goal.number)
                self._cells[name] = (ministry.pk, goal.number)
                self.fields[name] = CellField(
                    label=_("%(ministry)s — Goal %(number)s") % {"ministry": ministry.name, "number": goal.number},
                    choices=choices,
                    required=False,
                    initial=matrix.role(ministry.pk, goal.number) or "",
                    show_hidden_initial=True,
                    widget=CellSelect(attrs={"class": "form-select form-select-sm w-auto"}),
                )

    @property
    def has_cell_errors(self) -> bool:
        return any(name != NON_FIELD_ERRORS for name in self.errors)

    def cells(self) -> dict[Cell, str | None]:
        """The cells this user changed, with their new role (None: no role).

        A changed cell the form does not show (a ministry removed meanwhile, or of another
        review; an unknown goal) is passed on as posted, for `matrix_apply` to refuse.
        """
        cells = {self._cells[name]: self.cleaned_data[name] or None for name in self.changed_data}
        strays = [
            match
            for key, value in self.data.items()
            if key not in self.fields
            and (match := CELL_NAME.match(key))
            and value != self.data.get(self.add_initial_prefix(key))
        ]
        for match in strays[:MAX_LISTED_ERRORS]:
            cells[(int(match[1]), int(match[2]))] = self.data[match[0]]
        return cells

    def rows(self):
        """[(ministry, [bound field per goal])] in the matrix's order, for the template."""
        return [
            (ministry, [self[cell_name(ministry.pk, goal.number)] for goal in self.matrix.goals])
            for ministry in self.ministries
        ]

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
            if self[name].value() == GoalRole.LEAD:
                attrs = self.fields[name].widget.attrs
                attrs.update({"aria-invalid": "true", "aria-describedby": f"goal-{number}-errors"})
                attrs["class"] += " is-invalid"


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
