"""Checks for uploaded files, shared by every app that accepts them: the type is judged
by the content (never the name or the browser's claim) and names are made safe to show."""

import csv
import io
import re
import unicodedata
import zipfile
import zlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from vnr_portal.common.office_files import office_package_check

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_OFFICE_MAIN_PARTS = {
    DOCX_TYPE: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX_TYPE: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}


def document_type(upload) -> str:
    """The content type of an uploaded file, judged by its content (never its name or
    the browser's claim): PDF, DOCX, XLSX or CSV (UTF-8 text), at most 10 MB.

    What can be checked cheaply is: a PDF must end as a PDF does (not cut short); a Word
    or Excel file must pass `office_package_check` (no zip bomb, no document type
    declaration in any part) and name its main part. Raises ValidationError."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s MB): at most 10 MB.") % {"size": f"{upload.size / 1024 / 1024:.1f}"}
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    refusal = ValidationError(_("Attach a PDF, Word (.docx), Excel (.xlsx) or CSV file; this file is none of these."))
    if head.startswith(b"%PDF-"):
        _check_pdf_end(upload)
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                # First: a zip bomb or a document type declaration is refused unread.
                office_package_check(archive)
                types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
        except (zipfile.BadZipFile, zlib.error, KeyError, OSError, RuntimeError, ValueError, NotImplementedError):
            raise refusal from None
        finally:
            upload.seek(0)
        for content_type, main_part in _OFFICE_MAIN_PARTS.items():
            if main_part in types:
                return content_type
        raise refusal
    data = upload.read()
    upload.seek(0)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refusal from None
    if "\x00" in text or any(unicodedata.category(ch) == "Cc" and ch not in "\r\n\t" for ch in text):
        raise refusal
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        raise refusal from None
    # Markup is not a table, whatever its name says.
    if not rows or text.lstrip().startswith("<"):
        raise refusal
    return "text/csv"


def _check_pdf_end(upload) -> None:
    """A PDF ends with an end-of-file marker, within its last kilobyte as readers allow:
    without it the file was cut short (or only begins like a PDF)."""
    size = upload.size
    upload.seek(max(0, size - 1024))
    tail = upload.read(1024)
    upload.seek(0)
    if b"%%EOF" not in tail:
        raise ValidationError(
            _("This PDF file is incomplete or damaged: save it again and upload it once more."), code="pdf"
        )


def safe_file_name(name: str, extension: str) -> str:
    """A display name that is safe anywhere: no path, no control or markup characters,
    at most 120 characters, ending with the extension the content was found to be."""
    name = unicodedata.normalize("NFKC", str(name or "")).replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] not in "CZ" or ch == " ")
    name = re.sub(r"[<>:\"|?*`$;&'%{}\[\]]", "_", name)
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name).strip(" .") or _("attachment")
    stem = re.sub(r"\s+", " ", stem)[:110].strip(" .") or "attachment"
    return f"{stem}.{extension}"
