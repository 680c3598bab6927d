"""CSV and Excel exports that a spreadsheet opens as data, never as formulas; the rows
of an uploaded CSV or Excel table, read as text (a formula stays its text, never run)."""

import csv
import io
import zipfile

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from vnr_portal.common.office_files import office_package_check

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


def table_rows(data: bytes, name: str, *, max_rows: int) -> list[list[str]]:
    """The first `max_rows` rows of an uploaded CSV (UTF-8) or Excel (.xlsx) table, each a
    list of text: an Excel formula is read as its text, never evaluated; the Office package
    checks (zip bomb, document type declaration) come first. ValidationError when the file
    is neither."""
    if name.lower().endswith(".xlsx") or data[:2] == b"PK":
        from openpyxl import load_workbook  # imported here: only imports need it

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                office_package_check(archive)
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            try:
                rows = [
                    ["" if value is None else str(value) for value in row]
                    for row in workbook.worksheets[0].iter_rows(values_only=True, max_row=max_rows)
                ]
            finally:
                workbook.close()
        except ValidationError:
            raise
        except Exception:  # openpyxl and zipfile raise many kinds on a damaged package
            raise ValidationError(_("The file is damaged or is not an Excel (.xlsx) workbook.")) from None
        return rows
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The file is not UTF-8 text: save it as CSV UTF-8 or as an Excel workbook.")) from None
    if "\x00" in text:
        raise ValidationError(_("The file is not a CSV file."))
    try:
        return list(csv.reader(io.StringIO(text)))[:max_rows]
    except csv.Error:
        raise ValidationError(_("The file is not a CSV file.")) from None
