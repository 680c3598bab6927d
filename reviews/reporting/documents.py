"""Progress reports as Word and Excel files, to fill offline, and reading them back.

The .docx marks each answer area with a two-row table: row 1 carries the question's key
in brackets ("[progress] Progress since …", shaded, not to be edited), row 2 is the
answer. Table questions are one table: the marker row, the column headings, then the
data rows. Word and LibreOffice keep tables and their first cells through any editing,
so the key survives where bookmarks or content controls might not. The document's core
property `identifier` says which report and template version it was made for.

The .xlsx has one sheet per table question; the key is in the hidden cell A1 of a
hidden first row, the column headings in row 2.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
import zlib
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from reviews.reporting.models import ProgressReport, QuestionType, TemplateQuestion
from vnr_portal.common.office_files import office_package_check

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_TABLE_ROWS = 500
MAX_CELL_CHARS = 5000
EMPTY_TABLE_ROWS = 5
MARKER = re.compile(r"^\s*\[([a-z0-9_-]{1,50})\]", re.IGNORECASE)
IDENTIFIER = re.compile(r"vnr-report:\d+:\d+:\d+")
SHADE = "D9D9D9"


def identifier_for(report: ProgressReport) -> str:
    return f"vnr-report:{report.review_id}:{report.pk}:{report.template.version}"


def _title(report: ProgressReport) -> str:
    return _("Progress report on Goal %(goal)s") % {"goal": report.goal}


# --- HTML <-> Word paragraphs -----------------------------------------------------------


class _Paragraphs(HTMLParser):
    """Sanitized HTML as paragraphs of (text, bold, italic) runs, with a list flag."""

    BLOCKS = {"p", "li", "h2", "h3", "h4", "blockquote", "tr", "caption", "figcaption"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[tuple[str | None, list[tuple[str, bool, bool]]]] = []
        self.current: list[tuple[str, bool, bool]] = []
        self.kind: str | None = None
        self.lists: list[str] = []
        self.bold = 0
        self.italic = 0

    def _flush(self):
        if any(text.strip() for text, _b, _i in self.current):
            self.paragraphs.append((self.kind, self.current))
        self.current = []
        self.kind = None

    def handle_starttag(self, tag, attrs):
        if tag in ("ul", "ol"):
            self._flush()
            self.lists.append(tag)
        elif tag in self.BLOCKS:
            self._flush()
            if tag == "li" and self.lists:
                self.kind = self.lists[-1]
        elif tag == "br":
            self.current.append(("\n", False, False))
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag in ("td", "th"):
            self.current.append(("\t", False, False))

    def handle_endtag(self, tag):
        if tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
        elif tag in self.BLOCKS:
            self._flush()
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)

    def handle_data(self, data):
        self.current.append((data, self.bold > 0, self.italic > 0))

    def close(self):
        super().close()
        self._flush()


def html_paragraphs(value: str):
    parser = _Paragraphs()
    parser.feed(value or "")
    parser.close()
    return parser.paragraphs


def _is_list_paragraph(paragraph) -> str | None:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style.lower().startswith("list number"):
        return "ol"
    if style.lower().startswith("list"):
        return "ul"
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None:
        return "ul"
    return None


def paragraphs_html(paragraphs) -> str:
    """Word paragraphs as HTML: <p>, <strong>/<em>, lists as <ul>/<ol> (not yet sanitized)."""
    parts: list[str] = []
    open_list: str | None = None
    for paragraph in paragraphs:
        runs = []
        for run in paragraph.runs:
            text = html.escape(run.text or "").replace("\n", "<br>")
            if not text:
                continue
            if run.italic:
                text = f"<em>{text}</em>"
            if run.bold:
                text = f"<strong>{text}</strong>"
            runs.append(text)
        content = "".join(runs)
        if not content.strip():
            # Text in hyperlinks or fields is not in .runs: fall back to the paragraph's text.
            content = html.escape(paragraph.text or "")
        kind = _is_list_paragraph(paragraph)
        if kind != open_list and open_list:
            parts.append(f"</{open_list}>")
            open_list = None
        if not content.strip():
            continue
        if kind:
            if open_list != kind:
                parts.append(f"<{kind}>")
                open_list = kind
            parts.append(f"<li>{content}</li>")
        else:
            parts.append(f"<p>{content}</p>")
    if open_list:
        parts.append(f"</{open_list}>")
    return "".join(parts)


# --- Writing ------------------------------------------------------------------------------


def _shade(cell) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), SHADE)
    cell._tc.get_or_add_tcPr().append(shading)


def _marker_row(table, question: TemplateQuestion) -> None:
    row = table.rows[0]
    cell = row.cells[0].merge(row.cells[-1]) if len(row.cells) > 1 else row.cells[0]
    cell.text = ""
    run = cell.paragraphs[0].add_run(f"[{question.key}] {question.text_shown}")
    run.bold = True
    note = cell.add_paragraph().add_run(
        _("Do not edit or delete this row: it tells the portal which question this is.")
    )
    note.italic = True
    _shade(cell)


def _text_value(question: TemplateQuestion, value) -> str:
    if question.type == QuestionType.INDICATORS:
        return ", ".join(str(code) for code in (value or []))
    return "" if value is None or isinstance(value, list) else str(value)


def _hint(question: TemplateQuestion) -> str:
    if question.type == QuestionType.NUMBER:
        return _("Write a number only.")
    if question.type == QuestionType.CHOICE:
        return _("Write one of: %(options)s.") % {"options": "; ".join(str(o) for o in question.options)}
    if question.type == QuestionType.INDICATORS:
        return _("Write indicator codes separated by commas, e.g. 3.1.1, 3.2.1.")
    if question.type == QuestionType.SHORT_TEXT:
        return _("One line of text.")
    if question.type == QuestionType.TABLE:
        return _("Add rows to the table as needed; keep the column headings.")
    if question.type == QuestionType.FILE:
        return _("Attach files on the portal: they cannot be uploaded in this document.")
    if question.word_limit:
        return _("At most %(limit)s words.") % {"limit": question.word_limit}
    return ""


def _fill_rich(cell, value: str) -> None:
    paragraphs = html_paragraphs(value)
    first = True
    for kind, runs in paragraphs:
        style = {"ul": "List Bullet", "ol": "List Number"}.get(kind or "")
        if first:
            paragraph = cell.paragraphs[0]
            if style:
                paragraph.style = style
            first = False
        else:
            paragraph = cell.add_paragraph(style=style)
        for text, bold, italic in runs:
            run = paragraph.add_run(text)
            run.bold = bold or None
            run.italic = italic or None


def build_docx(*, report: ProgressReport, questions, answers: dict) -> bytes:
    """The report as a Word document to fill offline (answers so far filled in)."""
    from docx import Document

    document = Document()
    properties = document.core_properties
    properties.identifier = identifier_for(report)
    properties.title = _title(report)
    properties.subject = str(report.ministry)
    properties.keywords = f"vnr-template:{report.template_id}:v{report.template.version}"
    document.add_heading(_title(report), level=0)
    document.add_paragraph(
        _("Ministry: %(ministry)s · Round: %(round)s · Deadline: %(deadline)s")
        % {"ministry": report.ministry, "round": report.round, "deadline": report.deadline.isoformat()}
    )
    document.add_paragraph(
        _(
            "Write each answer in the white cell under its question. Do not edit or delete the grey rows "
            "and do not remove tables: the portal uses them to put each answer in its place. "
            "Then upload this file on the report's page (“Upload a filled document”)."
        )
    )
    for question in questions:
        document.add_heading(question.text_shown, level=2)
        if question.guidance:
            document.add_paragraph().add_run(question.guidance_shown).italic = True
        hint = _hint(question)
        if hint:
            document.add_paragraph().add_run(hint).italic = True
        value = answers.get(question.key)
        if question.type == QuestionType.TABLE:
            columns = [str(column) for column in question.options] or [_("Value")]
            rows = value if isinstance(value, list) else []
            table = document.add_table(rows=2 + len(rows) + EMPTY_TABLE_ROWS, cols=len(columns))
            table.style = "Table Grid"
            _marker_row(table, question)
            for index, column in enumerate(columns):
                table.rows[1].cells[index].text = column
                table.rows[1].cells[index].paragraphs[0].runs[0].bold = True
            for row_index, row in enumerate(rows, start=2):
                for index in range(len(columns)):
                    table.rows[row_index].cells[index].text = str(row[index]) if index < len(row) else ""
        else:
            table = document.add_table(rows=2, cols=1)
            table.style = "Table Grid"
            _marker_row(table, question)
            answer_cell = table.rows[1].cells[0]
            if question.type == QuestionType.RICH_TEXT:
                _fill_rich(answer_cell, value or "")
            elif question.type != QuestionType.FILE:
                answer_cell.text = _text_value(question, value)
    # Also in the text: an editor that drops the core properties on saving keeps this.
    reference = document.add_paragraph().add_run(
        _("Reference of this document (do not edit): %(identifier)s") % {"identifier": identifier_for(report)}
    )
    reference.italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _identifier_in_text(document) -> str | None:
    for paragraph in reversed(document.paragraphs):
        match = IDENTIFIER.search(paragraph.text)
        if match:
            return match.group(0)
    return None


def build_xlsx(*, report: ProgressReport, questions, answers: dict) -> bytes:
    """The report's table questions as a workbook: one sheet each."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.identifier = identifier_for(report)
    workbook.properties.title = _title(report)
    tables = [question for question in questions if question.type == QuestionType.TABLE]
    for number, question in enumerate(tables, start=1):
        sheet = workbook.create_sheet(title=f"{number}. {question.key}"[:31])
        sheet["A1"] = f"[{question.key}]"
        sheet.row_dimensions[1].hidden = True
        columns = [str(column) for column in question.options] or [_("Value")]
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row=2, column=index, value=column)
            cell.font = Font(bold=True)
        rows = answers.get(question.key)
        for row_index, row in enumerate(rows if isinstance(rows, list) else [], start=3):
            for index, value in enumerate(row[: len(columns)], start=1):
                # Stored as text: a value starting with "=" must not become a formula.
                cell = sheet.cell(row=row_index, column=index, value=str(value))
                cell.data_type = "s"
    if not tables:
        sheet = workbook.create_sheet(title=_("No tables")[:31])
        sheet["A1"] = _("This report has no table questions.")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Reading ------------------------------------------------------------------------------


def _error(message: str) -> ValidationError:
    return ValidationError(message, code="document")


def check_archive(data: bytes, *, kind: str) -> None:
    """Refuse what is not a plain Office Open XML file: not a zip, broken, a zip bomb,
    with a document type declaration in any part, or with macros."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise _error(_("The file is too big: at most %(max)s MB.") % {"max": MAX_UPLOAD_BYTES // (1024 * 1024)})
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # Before any part is read: a zip bomb, or a part declaring a document type.
            office_package_check(
                archive,
                max_parts=MAX_ZIP_ENTRIES,
                max_unpacked_bytes=MAX_UNCOMPRESSED_BYTES,
                messages={
                    "parts": _("The file holds too many parts to be a report."),
                    "unpacked": _("The file unpacks to more than 20 MB: it cannot be a filled report."),
                },
            )
            names = {entry.filename.lower() for entry in archive.infolist()}
            if "[content_types].xml" not in names:
                raise _error(_("This is not a Word (.docx) or Excel (.xlsx) file."))
            content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace").lower()
            if any("vbaproject" in name for name in names) or "macroenabled" in content_types:
                raise _error(_("The file contains macros. Save it as a plain .docx or .xlsx file and upload it again."))
            main = "word/document.xml" if kind == "docx" else "xl/workbook.xml"
            if main not in names:
                expected = _("a Word (.docx)") if kind == "docx" else _("an Excel (.xlsx)")
                raise _error(_("This is not %(kind)s document.") % {"kind": expected})
            bad = archive.testzip()
            if bad is not None:
                raise _error(_("The file is damaged and cannot be read."))
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        OSError,
        RuntimeError,  # an encrypted part
        NotImplementedError,
        KeyError,
    ):
        raise _error(_("The file is damaged or is not a Word (.docx) or Excel (.xlsx) file.")) from None


def _check_identifier(found: str | None, report: ProgressReport) -> None:
    expected = identifier_for(report)
    if found == expected:
        return
    parts = (found or "").split(":")
    if len(parts) == 4 and parts[0] == "vnr-report":
        if parts[2] == str(report.pk):
            raise _error(
                _(
                    "This document was made for version %(found)s of the template; the report now uses version "
                    "%(expected)s. Download the document again and copy your answers into it."
                )
                % {"found": parts[3], "expected": report.template.version}
            )
        raise _error(_("This document belongs to another report. Download this report's document and use it."))
    raise _error(_("This is not a document downloaded from this report. Download the report's document and fill it."))


def _cell_text(cell) -> str:
    return "\n".join(paragraph.text for paragraph in cell.paragraphs).strip()


def _unique_cells(row) -> list:
    """The cells of a row, merged cells once."""
    cells, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        cells.append(cell)
    return cells


def _text_answer(question: TemplateQuestion, text: str):
    text = text.strip()
    if len(text) > MAX_CELL_CHARS:
        raise ValidationError(_("“%(question)s”: the answer is too long.") % {"question": question.text_shown})
    if question.type == QuestionType.NUMBER:
        if not text:
            return ""
        normalized = text.replace(" ", "").replace("\u00a0", "")
        try:
            number = Decimal(normalized)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise ValidationError(
                _("“%(question)s”: “%(value)s” is not a number.")
                % {"question": question.text_shown, "value": text[:40]}
            )
        return str(number)
    if question.type == QuestionType.CHOICE:
        if not text:
            return ""
        options = {str(option).strip().lower(): str(option) for option in question.options}
        if text.lower() not in options:
            raise ValidationError(
                _("“%(question)s”: “%(value)s” is not one of the options (%(options)s).")
                % {"question": question.text_shown, "value": text[:40], "options": "; ".join(options.values())}
            )
        return options[text.lower()]
    if question.type == QuestionType.INDICATORS:
        codes = [code.strip() for code in re.split(r"[,;\n]+", text) if code.strip()]
        wrong = [code for code in codes if not re.fullmatch(r"\d{1,2}\.[0-9a-z]{1,2}\.\d{1,2}", code, re.I)]
        if wrong:
            raise ValidationError(
                _("“%(question)s”: “%(value)s” is not an indicator code such as 3.1.1.")
                % {"question": question.text_shown, "value": wrong[0][:40]}
            )
        return codes
    return " ".join(text.split())


def _table_rows(question: TemplateQuestion, rows: list[list[str]]) -> list[list[str]]:
    width = max(len(question.options), 1)
    kept = []
    for row in rows:
        cells = [(value or "").strip()[:MAX_CELL_CHARS] for value in row[:width]]
        cells += [""] * (width - len(cells))
        if any(cells):
            kept.append(cells)
    if len(kept) > MAX_TABLE_ROWS:
        raise ValidationError(
            _("“%(question)s”: at most %(max)s rows.") % {"question": question.text_shown, "max": MAX_TABLE_ROWS}
        )
    return kept


def _check_keys(found: dict, questions, errors: list) -> None:
    expected = {question.key for question in questions}
    for question in questions:
        if question.key not in found:
            errors.append(
                _("The question “%(question)s” is missing: its grey row was removed or changed.")
                % {"question": question.text_shown}
            )
    for key in found:
        if key not in expected:
            errors.append(_("The document has a question “[%(key)s]” that this report does not ask.") % {"key": key})


def read_docx(data: bytes, *, report: ProgressReport, questions) -> dict:
    """The answers written in a .docx made by `build_docx` for `report`: {key: value}.

    Raises ValidationError (a list of readable messages) when the file is not such a
    document or an answer is malformed. Rich text comes back unsanitized HTML: the caller
    cleans it. File questions are not read.
    """
    from docx import Document

    check_archive(data, kind="docx")
    try:
        document = Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds on a malformed package
        raise _error(_("The file is damaged or is not a Word (.docx) document.")) from None
    _check_identifier(document.core_properties.identifier or _identifier_in_text(document), report)
    by_key = {question.key: question for question in questions}
    found: dict[str, object] = {}
    errors: list = []
    for table in document.tables:
        if len(table.rows) < 1:
            continue
        match = MARKER.match(_cell_text(table.rows[0].cells[0]))
        if not match:
            continue
        key = match.group(1).lower()
        if key in found:
            errors.append(_("The question “[%(key)s]” appears twice in the document.") % {"key": key})
            continue
        question = by_key.get(key)
        if question is None:
            found[key] = None
            continue
        try:
            if question.type == QuestionType.TABLE:
                rows = [[_cell_text(cell) for cell in _unique_cells(row)] for row in table.rows[2:]]
                found[key] = _table_rows(question, rows)
            elif len(table.rows) < 2:
                found[key] = None if question.type == QuestionType.FILE else ""
            elif question.type == QuestionType.RICH_TEXT:
                found[key] = paragraphs_html(table.rows[1].cells[0].paragraphs)
            elif question.type == QuestionType.FILE:
                found[key] = None
            else:
                found[key] = _text_answer(question, _cell_text(table.rows[1].cells[0]))
        except ValidationError as error:
            found[key] = None
            errors.extend(error.messages)
    _check_keys(found, questions, errors)
    if errors:
        raise ValidationError(errors)
    return {key: value for key, value in found.items() if value is not None and key in by_key}


def read_xlsx(data: bytes, *, report: ProgressReport, questions) -> dict:
    """The table answers of a workbook made by `build_xlsx`: {key: rows}. Only the
    report's table questions are expected; other answers are left as they are."""
    from openpyxl import load_workbook

    check_archive(data, kind="xlsx")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a malformed package
        raise _error(_("The file is damaged or is not an Excel (.xlsx) workbook.")) from None
    try:
        values = _xlsx_tables(workbook, report=report, questions=questions)
    except ValidationError:
        raise
    except Exception:  # openpyxl reads each sheet only now, and raises many kinds on bad XML
        raise _error(_("The file is damaged or is not an Excel (.xlsx) workbook.")) from None
    finally:
        workbook.close()
    return values


def _xlsx_tables(workbook, *, report: ProgressReport, questions) -> dict:
    """The answers of the workbook's table sheets; openpyxl parses each sheet here."""
    _check_identifier(workbook.properties.identifier, report)
    tables = [question for question in questions if question.type == QuestionType.TABLE]
    by_key = {question.key: question for question in tables}
    found: dict[str, object] = {}
    errors: list = []
    for sheet in workbook.worksheets:
        rows = sheet.iter_rows(values_only=True, max_row=MAX_TABLE_ROWS + 3)
        first = next(rows, None)
        match = MARKER.match(str(first[0])) if first and first[0] is not None else None
        if not match:
            continue
        key = match.group(1).lower()
        question = by_key.get(key)
        if question is None:
            found[key] = None
            continue
        next(rows, None)  # the column headings
        values = [["" if value is None else _xlsx_text(value) for value in row] for row in rows]
        try:
            found[key] = _table_rows(question, values)
        except ValidationError as error:
            found[key] = None
            errors.extend(error.messages)
    _check_keys(found, tables, errors)
    if errors:
        raise ValidationError(errors)
    return {key: value for key, value in found.items() if value is not None}


def _xlsx_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
