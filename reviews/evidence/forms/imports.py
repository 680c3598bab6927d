"""Forms of the import page: the upload (checked before anything is stored) and recording
the data the review uses."""

from __future__ import annotations

import re
import zipfile
import zlib

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from indicators.evidence.importers.base import max_bytes
from reviews.evidence.services.imports import (
    MAX_UPLOADS,
    UPLOAD_EXTENSIONS,
    check_zip,
    extension_of,
)
from vnr_portal.common.fields import MultipleFileField
from vnr_portal.common.office_files import office_package_check

# A document type declaration may only come before the root element: the start is enough.
_XML_HEAD_BYTES = 64 * 1024
_XML_DECLARATIONS = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def megabytes(size: int) -> int:
    return size // 1024 // 1024


def _read_head(upload, size: int) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def check_upload(upload) -> None:
    """Refuse a file the import cannot take, judged by its name's type and its content
    (before anything is stored): wrong type, empty, too big, a damaged or unsafe zip, an
    XML with a document type declaration, a text file that is binary."""
    name = upload.name
    extension = extension_of(name)
    if extension not in UPLOAD_EXTENSIONS:
        raise ValidationError(
            _("%(file)s: choose Open SDG or long CSV (.csv), Excel (.xlsx), SDMX-ML (.xml) or a .zip of them.")
            % {"file": name},
            code="type",
        )
    if upload.size == 0:
        raise ValidationError(_("%(file)s is empty.") % {"file": name}, code="empty")
    if upload.size > max_bytes():
        raise ValidationError(
            _("%(file)s is %(size).1f MB: a file can be at most %(max)d MB.")
            % {"file": name, "size": upload.size / 1024 / 1024, "max": megabytes(max_bytes())},
            code="size",
        )
    head = _read_head(upload, _XML_HEAD_BYTES)
    if extension in (".zip", ".xlsx") and not head.startswith(b"PK\x03\x04"):
        raise ValidationError(
            _("%(file)s is not a zip or Excel file, whatever its name says.") % {"file": name}, code="type"
        )
    if extension == ".zip":
        try:
            check_zip(upload)
        except ValidationError as error:
            raise ValidationError(f"{name}: {' '.join(error.messages)}", code=error.code) from None
    elif extension == ".xlsx":
        try:
            with zipfile.ZipFile(upload) as archive:
                office_package_check(archive)
        except ValidationError as error:
            raise ValidationError(f"{name}: {' '.join(error.messages)}", code=error.code) from None
        except (zipfile.BadZipFile, zlib.error, OSError, RuntimeError, ValueError):
            raise ValidationError(
                _("%(file)s is damaged and cannot be read.") % {"file": name}, code="damaged"
            ) from None
        finally:
            upload.seek(0)
    elif extension == ".xml":
        if _XML_DECLARATIONS.search(head):
            raise ValidationError(
                _("%(file)s has a document type declaration (DOCTYPE or ENTITY), which is refused.") % {"file": name},
                code="doctype",
            )
        if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            raise ValidationError(_("%(file)s is not an XML file.") % {"file": name}, code="type")
    elif b"\x00" in head:
        raise ValidationError(_("%(file)s is not a text (CSV) file.") % {"file": name}, code="type")


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=_("Files"),
        help_text=_(
            "Open SDG CSV (indicator_1-2-1.csv), a long CSV or Excel file with an Indicator column, "
            "SDMX-ML 2.1, or a .zip of an Open SDG data/ and meta/ folder. Several files may be chosen."
        ),
        error_messages={"required": _("Choose at least one file.")},
    )
    skip_invalid_rows = forms.BooleanField(
        label=_("Import the good rows and report the bad ones"),
        required=False,
        help_text=_("Without it, a file with a bad row writes nothing of that file."),
    )

    def clean_files(self):
        uploads = self.cleaned_data["files"]
        if len(uploads) > MAX_UPLOADS:
            raise ValidationError(
                _("Choose at most %(max)d files at once, or put them in a zip.") % {"max": MAX_UPLOADS}, code="count"
            )
        errors = []
        for upload in uploads:
            try:
                check_upload(upload)
            except ValidationError as error:
                errors += error.error_list
        if errors:
            raise ValidationError(errors)
        total = sum(upload.size for upload in uploads)
        if total > max_bytes():
            raise ValidationError(
                _("The files add up to %(size).1f MB: at most %(max)d MB at once.")
                % {"size": total / 1024 / 1024, "max": megabytes(max_bytes())},
                code="size",
            )
        return uploads


class SnapshotForm(forms.Form):
    label = forms.CharField(label=_("Name of the record"), max_length=200)
    replace = forms.BooleanField(
        label=_("Replace the data recorded before"),
        required=False,
    )

    def __init__(self, *args, has_snapshot: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_snapshot = has_snapshot
        if not has_snapshot:
            del self.fields["replace"]

    def clean(self):
        cleaned = super().clean()
        if self.has_snapshot and not cleaned.get("replace"):
            self.add_error("replace", _("Tick the box to replace the data recorded before."))
        return cleaned
