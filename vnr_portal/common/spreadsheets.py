"""CSV and Excel exports that a spreadsheet opens as data, never as formulas."""

import csv
import io

from django.http import HttpResponse
from django.utils.http import content_disposition_header

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Spreadsheets evaluate a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    """`value` as text a spreadsheet shows as text, never evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_response(filename: str) -> tuple[HttpResponse, "csv._writer"]:
    """An attachment response named `filename` and a CSV writer into it. Cells written
    through it are not made safe here: pass user text through `spreadsheet_safe`."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response, csv.writer(response)


def xlsx_bytes(rows, *, title: str) -> bytes:
    """One sheet named `title` holding `rows` as values, the first row frozen as the
    header; characters Excel cannot store are dropped."""
    from openpyxl import Workbook  # imported here: only exports need it
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value for value in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
