"""Readers of tables: Open SDG CSV (one file per indicator, the code in the file name), a
long CSV with an indicator column, and the same long table as an Excel workbook."""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile

from django.utils.translation import gettext as _

from indicators.evidence import vocabulary as v

from .base import (
    ColumnPlan,
    ParsedFile,
    Problem,
    clean_text,
    max_bytes,
    max_columns,
    max_rows,
    unescape_spreadsheet_text,
)


def read_csv(name: str, data: bytes) -> ParsedFile:
    parsed = ParsedFile(name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        return parsed.fail(_("the file is not UTF-8 text (it looks like UTF-16): save it as CSV UTF-8."), line=1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return parsed.fail(
            _("the file is not UTF-8 text (byte 0x%(byte)02X): save it as CSV UTF-8.") % {"byte": data[error.start]},
            line=line,
        )
    if "\x00" in text:
        return parsed.fail(_("the file contains a NUL character: it is not a text file."))
    # Refuse a header far too wide before the csv module splits it.
    first_line = text[: text.find("\n")] if "\n" in text else text
    if first_line.count(",") >= max_columns() * 4:
        return parsed.fail(_too_many_columns(first_line.count(",") + 1), line=1)
    reader = csv.reader(io.StringIO(text, newline=""))
    return _read_rows(parsed, _csv_rows(reader, parsed))


def _csv_rows(reader, parsed: ParsedFile):
    """(line where the row starts, cells) for each row; a csv.Error ends the file."""
    line = 1
    try:
        for row in reader:
            yield line, row
            line = reader.line_num + 1
    except csv.Error as error:
        parsed.fail(_("the file is not valid CSV: %(error)s.") % {"error": error}, line=line)


def _too_many_columns(count: int) -> str:
    return _("the file has %(count)d columns; at most %(max)d are read.") % {"count": count, "max": max_columns()}


def _read_rows(parsed: ParsedFile, rows) -> ParsedFile:
    """The shared part of CSV and XLSX: header, roles, then every row."""
    header = None
    for line, row in rows:
        if header is None:
            if not any(clean_text(cell) for cell in row):
                continue  # blank lines before the header
            header = row
            if len(header) > max_columns():
                return parsed.fail(_too_many_columns(len(header)), line=line)
            plan = ColumnPlan(header)
            problem = _header_problem(plan, parsed.name)
            if problem:
                return parsed.fail(problem, line=line)
            indicator = "" if plan.by_role.get(v.INDICATOR) else v.indicator_code_from_file_name(parsed.name)
            continue
        if parsed.fatal:
            return parsed
        cells = [unescape_spreadsheet_text(cell) if cell[:1] == "'" else cell for cell in map(str.strip, row)]
        if not any(cells):
            continue
        if len(parsed.records) + parsed.empty_rows >= max_rows():
            return parsed.fail(_("the file has more than %(max)d rows.") % {"max": max_rows()}, line=line)
        width = len(plan.header)
        extra = [index for index, cell in enumerate(cells[width:], start=width) if cell]
        if extra:
            parsed.problems.append(
                _problem(
                    parsed,
                    line,
                    _("column %(number)d") % {"number": extra[0] + 1},
                    _("a value in a column with no name."),
                )
            )
            continue
        short = len(cells) < width
        cells = (cells + [""] * width)[:width]
        unnamed = [index for index in plan.unnamed if cells[index]]
        if unnamed:
            parsed.problems.append(
                _problem(
                    parsed,
                    line,
                    _("column %(number)d") % {"number": unnamed[0] + 1},
                    _("a value in a column with no name."),
                )
            )
            continue
        value_index = plan.by_role[v.VALUE][0]
        if short and value_index >= len(row):
            parsed.problems.append(
                _problem(
                    parsed,
                    line,
                    plan.header[value_index],
                    _("the row has %(count)d cells where the header has %(width)d: its value is missing.")
                    % {"count": len(row), "width": width},
                )
            )
            continue
        record = plan.record(cells, line, indicator or "")
        if not record.value:
            parsed.empty_rows += 1
            continue
        parsed.records.append(record)
    if header is None and not parsed.fatal:
        return parsed.fail(_("the file is empty: it has no header row."), line=1)
    return parsed


def _problem(parsed: ParsedFile, line: int, column: str, reason: str) -> Problem:
    return Problem(parsed.name, reason, line, column)


def _header_problem(plan: ColumnPlan, name: str) -> str | None:
    if plan.duplicates:
        return _("the column %(column)s appears twice.") % {"column": f'"{plan.duplicates[0][:60]}"'}
    for role, label in ((v.YEAR, "Year"), (v.VALUE, "Value")):
        if not plan.by_role.get(role):
            return _("the column %(column)s is missing.") % {"column": f'"{label}"'}
    if len(plan.by_role[v.YEAR]) > 1 or len(plan.by_role[v.VALUE]) > 1:
        columns = [plan.header[index] for index in plan.by_role[v.YEAR][1:] + plan.by_role[v.VALUE][1:]]
        return _("the column %(column)s repeats the year or the value.") % {"column": f'"{columns[0][:60]}"'}
    if not plan.by_role.get(v.INDICATOR) and not v.indicator_code_from_file_name(name):
        return _(
            'the indicator is not known: name the file after it (indicator_1-2-1.csv) or add an "Indicator" column.'
        )
    return None


# --- Excel ---------------------------------------------------------------------------------

_XML_DECLARATIONS = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def read_xlsx(name: str, data: bytes) -> ParsedFile:
    parsed = ParsedFile(name)
    problem = _unsafe_zip(data)
    if problem:
        return parsed.fail(problem)
    from openpyxl import load_workbook  # imported here: only Excel imports need it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # Not data_only: a formula reads as its text and is refused as a value.
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            sheet = workbook.worksheets[0]
            rows = sheet.iter_rows(values_only=True)
            parsed = _read_rows(
                parsed, ((line, [_cell_text(cell) for cell in row]) for line, row in enumerate(rows, 1))
            )
            workbook.close()
    except Exception as error:  # any malformed workbook is a refusal of that file, never a crash
        return parsed.fail(
            _("the file is not a readable Excel workbook (%(error)s).") % {"error": type(error).__name__}
        )
    return parsed


def _cell_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, int | float):
        return v.format_value(float(cell))
    return str(cell)


def _unsafe_zip(data: bytes) -> str | None:
    """Why a workbook must not be opened (too large once unpacked, XML declarations that
    could expand entities), or None."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return _("the file is not a readable Excel workbook.")
    limit = 4 * max_bytes()
    if sum(member.file_size for member in members) > limit or len(members) > 10_000:
        return _("the workbook unpacks to more than %(mb)d MB.") % {"mb": limit // 1024 // 1024}
    try:
        for member in members:
            if not member.filename.endswith((".xml", ".rels")):
                continue
            with archive.open(member) as stream:
                tail = b""
                read = 0
                while chunk := stream.read(1024 * 1024):
                    read += len(chunk)
                    if read > limit:
                        return _("the workbook unpacks to more than %(mb)d MB.") % {"mb": limit // 1024 // 1024}
                    if _XML_DECLARATIONS.search(tail + chunk):
                        return _("the workbook holds an XML DOCTYPE or ENTITY declaration, which is refused.")
                    tail = chunk[-16:]
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError, EOFError):
        return _("the file is not a readable Excel workbook.")
    return None
