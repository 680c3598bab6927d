"""Imports from the import page: the upload is stored privately, an `ImportJob` is queued,
and the Celery task runs it through `indicators.evidence.services.imports.evidence_import`,
writing its progress for the bar and its summary for the job page.

`import_job_create` (the page) and `import_job_run` (the task) are the two writes. The run
is not one transaction: `evidence_import` commits each file on its own (a file is all or
nothing), and the progress rows must be seen by the page while the import runs; the job's
claim and its end (with the audit entry) are each atomic.
"""

from __future__ import annotations

import logging
import secrets
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.evidence.importers.base import max_bytes
from indicators.evidence.importers.opensdg_meta import is_meta_file
from indicators.evidence.services.imports import ImportFile, evidence_import
from reviews.core.audit import audit_record
from reviews.core.models import Review
from reviews.evidence.models import ImportJob, ImportJobStatus
from vnr_portal.common.office_files import office_package_check
from vnr_portal.common.uploads import safe_file_name

logger = logging.getLogger("reviews.tasks")

# Uploads are kept here (under MEDIA_ROOT, which is never served as plain media) until
# their job has finished.
STORAGE_FOLDER = "evidence-imports"
DATA_EXTENSIONS = (".csv", ".xlsx", ".xml")
META_EXTENSIONS = (".md",)
UPLOAD_EXTENSIONS = (*DATA_EXTENSIONS, ".zip")
MAX_UPLOADS = 100
MAX_ZIP_MEMBERS = 2000
# Progress rows are written at most this often (and after the last file).
PROGRESS_EVERY_SECONDS = 0.5


def max_unpacked_bytes() -> int:
    """The most a zip may unpack to: four times the largest file read."""
    return 4 * max_bytes()


def extension_of(name: str) -> str:
    suffix = PurePosixPath(str(name).lower()).suffix
    return suffix if suffix in UPLOAD_EXTENSIONS + META_EXTENSIONS else ""


# --- Zip archives ------------------------------------------------------------------------


def _unsafe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        "\\" in name
        or "\x00" in name
        or name.startswith("/")
        or ".." in path.parts
        or (path.parts and ":" in path.parts[0])
    )


def zip_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The members of an uploaded zip to import (data files and Open SDG metadata), in name
    order, after the archive is checked: not too many members, not too big unpacked, no
    member over the size limit, no unsafe path, no XML with a document type declaration.
    Folders, hidden files, `__MACOSX/` and other kinds of files are left out. Raises
    ValidationError."""
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_MEMBERS:
        raise ValidationError(
            _("The zip holds %(count)d files: at most %(max)d.") % {"count": len(entries), "max": MAX_ZIP_MEMBERS},
            code="zip_members",
        )
    unsafe = next((entry.filename for entry in entries if _unsafe_member(entry.filename)), None)
    if unsafe is not None:
        raise ValidationError(
            _("The zip holds a file with an unsafe path (%(path)s): nothing of it is imported.")
            % {"path": unsafe[:100]},
            code="zip_path",
        )
    office_package_check(
        archive,
        max_parts=MAX_ZIP_MEMBERS,
        max_unpacked_bytes=max_unpacked_bytes(),
        messages={
            "unpacked": _("The zip unpacks to more than %(max)d MB.") % {"max": max_unpacked_bytes() // 1024 // 1024},
            "doctype": _(
                "An XML file in the zip has a document type declaration (DOCTYPE), which is refused: "
                "nothing of the zip is imported."
            ),
            "damaged": _("The zip is damaged and cannot be read."),
        },
    )
    members = []
    for entry in entries:
        path = PurePosixPath(entry.filename)
        if entry.is_dir() or path.parts[0] == "__MACOSX" or path.name.startswith("."):
            continue
        if path.suffix.lower() not in DATA_EXTENSIONS and not is_meta_file(entry.filename):
            continue
        if entry.file_size > max_bytes():
            raise ValidationError(
                _("%(file)s in the zip is larger than %(mb)d MB.")
                % {"file": entry.filename[:100], "mb": max_bytes() // 1024 // 1024},
                code="zip_member_size",
            )
        members.append(entry)
    if not any(PurePosixPath(entry.filename).suffix.lower() in DATA_EXTENSIONS for entry in members):
        raise ValidationError(
            _("The zip holds no .csv, .xlsx or .xml file to import."),
            code="zip_empty",
        )
    return sorted(members, key=lambda entry: entry.filename)


def check_zip(fileobj) -> list[str]:
    """The names of the files an uploaded zip would import; raises ValidationError when the
    zip is refused (see `zip_members`)."""
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            return [entry.filename for entry in zip_members(archive)]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError):
        raise ValidationError(_("The zip is damaged and cannot be read."), code="zip_damaged") from None
    finally:
        fileobj.seek(0)


@dataclass
class _ZipMember(ImportFile):
    """A file inside a stored zip, read only when the import reaches it."""

    archive: Path | None = None
    member: str = ""

    def read(self) -> bytes:
        try:
            with zipfile.ZipFile(self.archive) as archive:
                return archive.read(self.member)
        except (zipfile.BadZipFile, zlib.error, KeyError, RuntimeError, EOFError) as error:
            raise OSError(0, _("the file in the zip cannot be unpacked")) from error


# --- Creating a job ----------------------------------------------------------------------


@transaction.atomic
def import_job_create(*, actor, review: Review, uploads: list, skip_invalid_rows: bool = False) -> ImportJob:
    """Store the uploaded files privately, record the job, audit it and queue its task once
    the transaction commits. `uploads` are the form's checked files."""
    if not uploads:
        raise ValidationError({"files": _("Choose at least one file.")})
    folder = f"{STORAGE_FOLDER}/{review.pk}/{secrets.token_hex(8)}"
    stored = []
    for number, upload in enumerate(uploads, start=1):
        extension = extension_of(upload.name).lstrip(".")
        name = safe_file_name(upload.name, extension)
        upload.seek(0)
        path = default_storage.save(f"{folder}/{number:03d}-{name}", upload)
        stored.append({"name": name, "path": path, "size": upload.size})
    job = ImportJob.objects.create(
        review=review,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        files=stored,
        skip_invalid_rows=skip_invalid_rows,
        files_total=len(stored),
    )
    audit_record(
        review=review,
        actor=actor,
        action="evidence.import_queued",
        summary=_("Uploaded %(count)d file(s) of indicator data to import: %(names)s.")
        % {"count": len(stored), "names": ", ".join(item["name"] for item in stored)[:300]},
        data={"job": job.pk, "files": [item["name"] for item in stored], "skip_invalid_rows": skip_invalid_rows},
    )
    _queue(job.pk)
    return job


def _queue(job_id: int) -> None:
    from reviews.evidence.tasks import task_import_evidence

    transaction.on_commit(lambda: task_import_evidence.delay(job_id=job_id))


# --- Running a job -----------------------------------------------------------------------


def import_files_of(job: ImportJob) -> list[ImportFile]:
    """The files the job imports, zips opened into their members (read lazily)."""
    files: list[ImportFile] = []
    for item in job.files:
        path = Path(default_storage.path(item["path"]))
        if extension_of(item["name"]) == ".zip":
            with zipfile.ZipFile(path) as archive:
                members = zip_members(archive)
            files += [_ZipMember(name=member.filename, archive=path, member=member.filename) for member in members]
        else:
            files.append(ImportFile(name=item["name"], path=path))
    return files


def _claim(job_id: int) -> ImportJob | None:
    """Mark the job running; None when it has finished or another worker runs it."""
    now = timezone.now()
    with transaction.atomic():
        claimed = ImportJob.objects.filter(
            Q(status=ImportJobStatus.QUEUED)
            | Q(status=ImportJobStatus.RUNNING, updated_at__lt=now - ImportJob.STALE_AFTER),
            pk=job_id,
        ).update(status=ImportJobStatus.RUNNING, started_at=now, updated_at=now, files_done=0, current_file="")
    if not claimed:
        return None
    return ImportJob.objects.select_related("review__country", "created_by").get(pk=job_id)


class _Progress:
    """The callback handed to evidence_import: writes the job's progress, at most every
    PROGRESS_EVERY_SECONDS (and always for the last file)."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.last = 0.0

    def __call__(self, done: int, total: int, name: str) -> None:
        now = time.monotonic()
        if done < total and now - self.last < PROGRESS_EVERY_SECONDS:
            return
        self.last = now
        ImportJob.objects.filter(pk=self.job_id).update(
            files_done=done, files_total=total, current_file=str(name)[:255], updated_at=timezone.now()
        )


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Run the queued job `job_id`: import its files, record the summary, audit and remove
    the stored upload. Safe to call twice: a finished job (or one another worker is
    running) is left alone and None returned. A refused zip or an unexpected error marks
    the job failed with a readable reason (files imported before it stay imported)."""
    job = _claim(job_id)
    if job is None:
        return None
    try:
        files = import_files_of(job)
        ImportJob.objects.filter(pk=job.pk).update(files_total=len(files))
        summary = evidence_import(
            country=job.review.country.iso3,
            files=files,
            skip_invalid_rows=job.skip_invalid_rows,
            progress=_Progress(job.pk),
        )
    except ValidationError as error:
        return _finish_failed(job, " ".join(error.messages))
    except Exception:
        logger.exception("Evidence import %s failed.", job.pk)
        return _finish_failed(
            job,
            _(
                "The import stopped on an unexpected error. Files imported before it stay imported; "
                "the others were not written. Try again, or ask an administrator to look at the server log."
            ),
        )
    return _finish_done(job, summary.as_dict(), files=len(files))


@transaction.atomic
def _finish_done(job: ImportJob, summary: dict, *, files: int) -> ImportJob:
    errors = summary.get("errors", [])
    summary["errors_total"] = len(errors)
    summary["errors"] = errors[: ImportJob.MAX_STORED_ERRORS]
    job.status = ImportJobStatus.DONE
    job.summary = summary
    job.files_done = job.files_total = files
    job.current_file = ""
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "summary", "files_done", "files_total", "current_file", "finished_at"])
    audit_record(
        review=job.review,
        actor=job.created_by,
        action="evidence.import",
        summary=_(
            "Imported indicator data: %(files)d file(s), %(imported)d observations imported, "
            "%(rejected)d row(s) rejected."
        )
        % {
            "files": summary.get("files", 0),
            "imported": summary.get("observations_imported", 0),
            "rejected": summary.get("rows_rejected", 0),
        },
        data={
            "job": job.pk,
            "files": job.file_names,
            **{
                name: summary.get(name)
                for name in (
                    "files_rejected",
                    "observations_imported",
                    "observations_total",
                    "rows_rejected",
                    "indicators",
                    "national_indicators",
                    "errors_total",
                )
            },
        },
    )
    _remove_upload(job)
    return job


@transaction.atomic
def _finish_failed(job: ImportJob, reason: str) -> ImportJob:
    job.status = ImportJobStatus.FAILED
    job.error = reason
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    audit_record(
        review=job.review,
        actor=job.created_by,
        action="evidence.import_failed",
        summary=_("An import of indicator data failed: %(reason)s") % {"reason": reason},
        data={"job": job.pk, "files": job.file_names},
    )
    _remove_upload(job)
    return job


def _remove_upload(job: ImportJob) -> None:
    paths = [item["path"] for item in job.files]

    def remove():
        for path in paths:
            try:
                default_storage.delete(path)
            except OSError:  # already gone: a second run, or cleaned by hand
                logger.warning("Could not remove the stored upload %s.", path)

    transaction.on_commit(remove)
