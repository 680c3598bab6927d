"""Readers of indicator files: each turns a file's bytes into records and problems,
without touching the database (`indicators.evidence.services.imports` writes)."""

from django.utils.translation import gettext as _

from .base import ParsedFile, Problem, Record, max_bytes
from .sdmx_ml import read_sdmx
from .tables import read_csv, read_xlsx

READERS = {".csv": read_csv, ".xlsx": read_xlsx, ".xml": read_sdmx}
EXTENSIONS = tuple(READERS)


def read_file(name: str, data: bytes) -> ParsedFile:
    """The records of the file `name` holding `data`, chosen by its extension."""
    parsed = ParsedFile(name)
    if len(data) > max_bytes():
        return parsed.fail(
            _("the file is larger than %(mb)d MB (%(size).1f MB).")
            % {"mb": max_bytes() // 1024 // 1024, "size": len(data) / 1024 / 1024}
        )
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    reader = READERS.get(suffix)
    if reader is None:
        return parsed.fail(_("only .csv, .xlsx and .xml (SDMX-ML) files are read."))
    return reader(name, data)


__all__ = ["EXTENSIONS", "ParsedFile", "Problem", "Record", "read_file"]
