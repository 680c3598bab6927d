"""What every reader hands to the import service: records and problems, no database."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from indicators.evidence import vocabulary as v

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_COLUMNS = 200
DEFAULT_MAX_ROWS = 500_000
MAX_TEXT = 500
MAX_FOOTNOTE = 4000


def max_bytes() -> int:
    return getattr(settings, "EVIDENCE_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_columns() -> int:
    return getattr(settings, "EVIDENCE_IMPORT_MAX_COLUMNS", DEFAULT_MAX_COLUMNS)


def max_rows() -> int:
    return getattr(settings, "EVIDENCE_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


@dataclass
class Problem:
    """Something wrong in a file: `line` (1 = the header) and `column` when known."""

    file: str
    reason: str
    line: int | None = None
    column: str = ""

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "column": self.column, "reason": self.reason}

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.reason}"


@dataclass
class Record:
    """One observation as a file writes it, its cells sorted into roles (text, unparsed)."""

    line: int | None
    indicator: str
    period: str
    value: str
    series: str = ""
    unit: str = ""
    unit_multiplier: str = ""
    status: str = ""
    footnote: str = ""
    disaggregation: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, str] = field(default_factory=dict)
    # For messages: where the record is when it has no line (an SDMX series key) and the
    # names of the columns each role came from.
    where: str = ""
    columns: dict[str, str] = field(default_factory=dict)


@dataclass
class ParsedFile:
    name: str
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # A problem with the whole file (encoding, a missing column): no record is usable.
    fatal: bool = False
    # Rows without a value (placeholders, "Missing value"): not observations, not errors.
    empty_rows: int = 0

    def fail(self, reason: str, *, line: int | None = None, column: str = "") -> ParsedFile:
        self.problems.append(Problem(self.name, reason, line, column))
        self.fatal = True
        self.records = []
        return self


def unescape_spreadsheet_text(text: str) -> str:
    """Undo `spreadsheet_safe`: our exports write '=x as text; it reads back as =x."""
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return text[1:]
    return text


def clean_text(text) -> str:
    return unescape_spreadsheet_text(str(text if text is not None else "").strip())


class ColumnPlan:
    """The roles of a table's columns (Open SDG CSV, long CSV, XLSX), worked out from its
    header once, then applied to every row."""

    def __init__(self, header: list[str]):
        self.header = [clean_text(name) for name in header]
        self.by_role: dict[str, list[int]] = {}
        self.duplicates: list[str] = []
        self.disaggregations: list[int] = []
        self.attributes: list[int] = []
        seen: dict[str, int] = {}
        for index, name in enumerate(self.header):
            if not name:
                continue
            normal = v.normalise_name(name)
            if normal in seen:
                self.duplicates.append(name)
                continue
            seen[normal] = index
            role = v.role_of(name)
            if role == v.DISAGGREGATION:
                self.disaggregations.append(index)
            elif role == v.ATTRIBUTE:
                self.attributes.append(index)
            else:
                self.by_role.setdefault(role, []).append(index)
        for indexes in self.by_role.values():
            indexes.sort(key=lambda index: v.ROLE_PRIORITY[v.normalise_name(self.header[index])])
        self.unnamed = [index for index, name in enumerate(self.header) if not name]

    def column(self, role: str) -> str:
        indexes = self.by_role.get(role)
        return self.header[indexes[0]] if indexes else ""

    def _prepare(self) -> None:
        """What `record` needs, worked out once: for each role the first column and the
        alias columns after it; the names of the columns each role came from."""
        self._first = {role: indexes[0] for role, indexes in self.by_role.items()}
        self._aliases = [(role, indexes[0], indexes[1:]) for role, indexes in self.by_role.items() if len(indexes) > 1]
        self._columns = {role: self.column(role) for role in self.by_role}
        self._attributes = [(index, self.header[index]) for index in self.attributes]
        self._disaggregations = [(index, self.header[index]) for index in self.disaggregations]

    def record(self, cells: list[str], line: int, indicator: str) -> Record:
        """The row's record. Of several columns of one role (Units and UNIT_MEASURE) the
        first non-empty wins; the others, when they say something else, are kept as
        attributes under their own names. (Called for every row: kept lean.)"""
        if not hasattr(self, "_first"):
            self._prepare()
        first = self._first
        values = {role: cells[index] for role, index in first.items()}
        attributes = {name: cells[index] for index, name in self._attributes if cells[index]}
        for role, index, others in self._aliases:
            chosen = cells[index]
            for other in others:
                text = cells[other]
                if not chosen:
                    chosen = values[role] = text
                elif text and text != chosen:
                    attributes[self.header[other]] = text
        get = values.get
        return Record(
            line=line,
            indicator=get(v.INDICATOR) or indicator,
            period=get(v.YEAR, ""),
            value=get(v.VALUE, ""),
            series=get(v.SERIES, ""),
            unit=get(v.UNIT, ""),
            unit_multiplier=get(v.UNIT_MULTIPLIER, ""),
            status=get(v.STATUS, ""),
            footnote=get(v.FOOTNOTE, ""),
            disaggregation={
                name: cells[index] for index, name in self._disaggregations if cells[index] not in v.TOTAL_CODES
            },
            attributes=attributes,
            columns=self._columns,
        )
