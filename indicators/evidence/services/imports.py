"""Importing a country's indicator data from files: Open SDG CSV, long CSV or XLSX, SDMX-ML.

`evidence_import(country=..., files=[...])` is the one entry point; the management command
`import_indicators` and (later) the statistician's page through a Celery task call it.
Each file is read and checked whole before anything of it is written, then written in one
transaction: a file with a bad row writes nothing unless `skip_invalid_rows` is set, in
which case its good rows are written and every bad one reported. A series present in a file
replaces that series' data (a new version; see models.py), so importing twice never
duplicates and importing the same figures again writes nothing.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.evidence import vocabulary as v
from indicators.evidence.importers import EXTENSIONS, ParsedFile, Problem, Record, read_file
from indicators.evidence.importers.base import MAX_FOOTNOTE, MAX_TEXT, max_bytes
from indicators.evidence.importers.opensdg_meta import is_meta_file
from indicators.evidence.models import (
    NationalIndicator,
    NationalIndicatorKind,
    Observation,
    Series,
    SeriesVersion,
    SnapshotVersion,
    country_code_validator,
    disaggregation_key,
)
from indicators.evidence.services.metadata import metadata_import_one
from indicators.evidence.signals import send_series_changed
from indicators.models import Indicator, Target

BATCH_SIZE = 2000
MAX_NAME = 100
# What a progress callback receives: (files done, files in all, the file just done).
Progress = Callable[[int, int, str], None]


@dataclass
class ImportFile:
    """A file to import: `name` is what messages call it; the bytes come from `data` or are
    read from `path` (after its size is checked, so a huge file is never read)."""

    name: str
    data: bytes | None = None
    path: Path | None = None

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        size = self.path.stat().st_size
        if size > max_bytes():
            # read_file refuses it by its size; hand it a stand-in of that length cheaply.
            raise _TooLarge(size)
        return self.path.read_bytes()


class _TooLarge(Exception):
    def __init__(self, size: int):
        self.size = size


def files_from_paths(paths: Iterable[str | Path]) -> list[ImportFile]:
    """The files to import from paths of files or folders (folders are searched
    recursively for .csv, .xlsx and .xml files, in name order, then Open SDG metadata
    files such as meta/1-2-1.md)."""
    files = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in EXTENSIONS)
            found += sorted(p for p in path.rglob("*.md") if p.is_file() and is_meta_file(p.name))
            files += [ImportFile(name=str(p.relative_to(path.parent)), path=p) for p in found]
        else:
            files.append(ImportFile(name=path.name, path=path))
    return files


@dataclass
class FileResult:
    name: str
    written: bool = False
    observations: int = 0
    series_written: int = 0
    series_unchanged: int = 0
    rows_rejected: int = 0
    duplicates_dropped: int = 0
    rows_empty: int = 0


@dataclass
class ImportSummary:
    country: str
    files: int = 0
    files_rejected: int = 0
    observations_imported: int = 0
    observations_total: int = 0
    rows_rejected: int = 0
    duplicates_dropped: int = 0
    rows_empty: int = 0
    series_written: int = 0
    series_unchanged: int = 0
    indicators: int = 0
    national_indicators: list[str] = field(default_factory=list)
    # Open SDG metadata files (meta/1-2-1.md) applied to their series.
    metadata_files: int = 0
    errors: list[Problem] = field(default_factory=list)
    results: list[FileResult] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "country": self.country,
            "files": self.files,
            "files_rejected": self.files_rejected,
            "observations_imported": self.observations_imported,
            "observations_total": self.observations_total,
            "rows_rejected": self.rows_rejected,
            "duplicates_dropped": self.duplicates_dropped,
            "rows_empty": self.rows_empty,
            "series_written": self.series_written,
            "series_unchanged": self.series_unchanged,
            "indicators": self.indicators,
            "national_indicators": self.national_indicators,
            "metadata_files": self.metadata_files,
            "errors": [problem.as_dict() for problem in self.errors],
        }


def evidence_import(
    *,
    country: str,
    files: list[ImportFile],
    skip_invalid_rows: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import `files` as the data of `country` (ISO 3166 alpha-3) and return the summary.

    Every file is its own unit: it is read and validated whole, then written in one
    transaction, so a run can write some files and refuse others (listed in
    `summary.errors` with file, line, column and reason). Never raises for bad input;
    raises ValidationError only for a bad country code. `progress(done, total, name)` is
    called after each file. Queries: a handful per file plus one insert per
    BATCH_SIZE observations.
    """
    country_code_validator(country)
    # Open SDG metadata files are applied after the data, to the series it wrote.
    meta_files = [import_file for import_file in files if is_meta_file(import_file.name)]
    files = [import_file for import_file in files if not is_meta_file(import_file.name)]
    total = len(files) + len(meta_files)
    summary = ImportSummary(country=country, files=len(files))
    national_codes: set[str] = set()
    for done, import_file in enumerate(files, start=1):
        result = FileResult(import_file.name)
        summary.results.append(result)
        problems = _import_one(import_file, country, skip_invalid_rows, result, national_codes)
        summary.errors += problems
        if not result.written and problems:
            summary.files_rejected += 1
        for name in ("rows_rejected", "duplicates_dropped", "rows_empty", "series_written", "series_unchanged"):
            setattr(summary, name, getattr(summary, name) + getattr(result, name))
        summary.observations_imported += result.observations
        if progress:
            progress(done, total, import_file.name)
    for done, import_file in enumerate(meta_files, start=len(files) + 1):
        applied, problems = metadata_import_one(import_file, country)
        summary.metadata_files += applied
        summary.errors += problems
        if progress:
            progress(done, total, import_file.name)
    summary.national_indicators = sorted(national_codes, key=v.indicator_sort_key)
    current = Series.objects.filter(country=country, current_version__isnull=False)
    summary.observations_total = Observation.objects.filter(version__in=current.values("current_version")).count()
    summary.indicators = current.values("indicator_code").distinct().count()
    return summary


def _import_one(import_file: ImportFile, country: str, skip_invalid: bool, result: FileResult, national: set) -> list:
    try:
        data = import_file.read()
    except _TooLarge as error:
        return [
            Problem(
                import_file.name,
                _("the file is larger than %(mb)d MB (%(size).1f MB).")
                % {"mb": max_bytes() // 1024 // 1024, "size": error.size / 1024 / 1024},
            )
        ]
    except OSError as error:
        return [Problem(import_file.name, _("the file cannot be read: %(error)s.") % {"error": error.strerror})]
    parsed = read_file(import_file.name, data)
    del data
    result.rows_empty = parsed.empty_rows
    if parsed.fatal:
        return parsed.problems
    _settle_ref_area(parsed.records, country)
    rows, problems, bad_rows, duplicates = _validate(parsed)
    problems = parsed.problems + problems
    result.duplicates_dropped = duplicates
    result.rows_rejected = bad_rows + len([p for p in parsed.problems if p.line is not None])
    if problems and not skip_invalid:
        return problems
    if not rows:
        return problems
    changed: list[tuple[int, str]] = []
    try:
        with transaction.atomic():
            _commit_without_waiting_for_disk()
            written, unchanged, new_national = _write(rows, country, import_file.name, changed=changed)
            send_series_changed(country=country, changed=changed)
    except IntegrityError:
        return problems + [
            Problem(
                import_file.name,
                _("another import of the same series ran at the same time; nothing of this file was written."),
            )
        ]
    national.update(new_national)
    result.written = True
    result.observations = len(rows)
    result.series_written = written
    result.series_unchanged = unchanged
    return problems


def _commit_without_waiting_for_disk() -> None:
    """PostgreSQL: this file's transaction does not wait for its commit to reach the disk.

    An import commits once per file, and waiting for each flush cost a tenth of a
    100,000-row import. Nothing can be half-written: a server crash within a fraction of a
    second can lose only whole files, and the next ordinary commit (the import job's own,
    on the page) flushes them all, since the log is written in order. Every other
    transaction keeps the server's setting."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _settle_ref_area(records: list[Record], country: str) -> None:
    """REF_AREA is the reporting country in most SDMX files: when a file has one area, or a
    row names the country itself, it is an attribute, not a breakdown."""
    names = {name for record in records for name in record.disaggregation}
    names = {name for name in names if v.normalise_name(name) == v.REF_AREA}
    for name in names:
        areas = {record.disaggregation.get(name) for record in records} - {None}
        for record in records:
            area = record.disaggregation.get(name)
            if area is not None and (len(areas) == 1 or area.upper() == country):
                record.attributes[name] = record.disaggregation.pop(name)


@dataclass(slots=True)
class _Row:
    line: int | None
    indicator: str
    series_key: tuple  # (code, unit, unit multiplier)
    period: str
    year: int
    value: float
    disaggregation: dict
    key: str
    sdmx: dict
    status: str
    status_code: str
    footnote: str
    attributes: dict

    def content(self) -> tuple:
        return (self.value, self.status, self.footnote, sorted(self.attributes.items()))


def _validate(parsed: ParsedFile) -> tuple[list[_Row], list[Problem], int, int]:
    """The file's good rows, its problems, the number of bad rows and of exact duplicates."""
    rows: dict[tuple, _Row] = {}
    conflicted: set[tuple] = set()
    problems: list[Problem] = []
    bad_rows = duplicates = 0
    check = _Checker(parsed.name)
    for record in parsed.records:
        row, row_problems = check(record)
        if row_problems:
            problems += row_problems
            bad_rows += 1
            continue
        identity = (row.indicator, row.series_key, row.period, row.key)
        earlier = rows.get(identity)
        if earlier is None:
            if identity in conflicted:
                problems.append(_conflict(parsed.name, record, None))
                bad_rows += 1
                continue
            rows[identity] = row
        elif earlier.content() == row.content():
            duplicates += 1
        else:
            problems.append(_conflict(parsed.name, record, earlier.line))
            # Which of the two is right cannot be told: neither is imported.
            del rows[identity]
            conflicted.add(identity)
            bad_rows += 2
    return list(rows.values()), problems, bad_rows, duplicates


def _conflict(file: str, record: Record, earlier_line: int | None) -> Problem:
    if earlier_line is not None:
        reason = _(
            "the same period and breakdown as line %(line)d with another value or status; neither row is imported."
        ) % {"line": earlier_line}
    else:
        reason = _("the same period and breakdown as another row with another value or status; none is imported.")
    if record.where:
        reason = f"{record.where}: {reason}"
    return Problem(file, reason, record.line, record.columns.get(v.VALUE, "Value"))


def _cached(cache: dict, function, text: str):
    """function(text), remembered per file; a Refusal is remembered as the exception."""
    try:
        result = cache[text]
    except KeyError:
        try:
            result = cache[text] = function(text)
        except v.Refusal as error:
            result = cache[text] = error
    return result


class _Checker:
    """Checks records into rows. Periods, codes, multipliers and breakdowns repeat from row
    to row, so each distinct one is worked out once per file."""

    def __init__(self, file: str):
        self.file = file
        self.codes: dict = {}
        self.periods: dict = {}
        self.multipliers: dict = {}
        self.breakdowns: dict = {}
        self.statuses: dict = {}

    def __call__(self, record: Record) -> tuple[_Row | None, list[Problem]]:
        problems = []

        def refuse(role: str, reason: str, default_column: str):
            if record.where:
                reason = f"{record.where}: {reason}"
            problems.append(Problem(self.file, reason, record.line, record.columns.get(role, default_column)))

        code = self.codes.get(record.indicator, False)
        if code is False:
            code = self.codes[record.indicator] = v.indicator_code(record.indicator)
        if code is None:
            refuse(
                v.INDICATOR,
                _("%(code)s is not an indicator code such as 1.2.1 or 8.3.1.1.")
                % {"code": f'"{record.indicator[:40]}"'},
                "Indicator",
            )
        period = _cached(self.periods, v.parse_period, record.period)
        if isinstance(period, v.Refusal):
            refuse(v.YEAR, str(period), "Year")
        try:
            value = v.parse_value(record.value)
        except v.Refusal as error:
            refuse(v.VALUE, str(error), "Value")
        multiplier = _cached(self.multipliers, v.parse_unit_multiplier, record.unit_multiplier)
        if isinstance(multiplier, v.Refusal):
            refuse(v.UNIT_MULTIPLIER, str(multiplier), "Unit multiplier")
        if (
            len(record.series) > 200
            or len(record.unit) > 200
            or len(record.status) > 100
            or len(record.footnote) > MAX_FOOTNOTE
            or (
                record.disaggregation
                and any(len(name) > MAX_NAME or len(text) > MAX_TEXT for name, text in record.disaggregation.items())
            )
            or (
                record.attributes
                and any(len(name) > MAX_NAME or len(text) > MAX_FOOTNOTE for name, text in record.attributes.items())
            )
        ):
            self._too_long(record, refuse)
        if problems:
            return None, problems
        breakdown = tuple(sorted(record.disaggregation.items()))
        known = self.breakdowns.get(breakdown)
        if known is None:
            disaggregation = dict(breakdown)
            known = self.breakdowns[breakdown] = (
                disaggregation,
                disaggregation_key(disaggregation),
                v.sdmx_codes(disaggregation),
            )
        status_code = self.statuses.get(record.status)
        if status_code is None:
            status_code = self.statuses[record.status] = v.status_code(record.status)
        return (
            _Row(
                line=record.line,
                indicator=code,
                series_key=(record.series, record.unit, multiplier),
                period=period[0],
                year=period[1],
                value=value,
                disaggregation=known[0],
                key=known[1],
                sdmx=known[2],
                status=record.status,
                status_code=status_code,
                footnote=record.footnote,
                attributes=dict(sorted(record.attributes.items())) if len(record.attributes) > 1 else record.attributes,
            ),
            [],
        )

    @staticmethod
    def _too_long(record: Record, refuse) -> None:
        texts = [
            (v.SERIES, "Series", record.series, 200),
            (v.UNIT, "Units", record.unit, 200),
            (v.STATUS, "Observation status", record.status, 100),
            (v.FOOTNOTE, "Footnote", record.footnote, MAX_FOOTNOTE),
        ]
        for values, limit in ((record.disaggregation, MAX_TEXT), (record.attributes, MAX_FOOTNOTE)):
            texts += [(name, name, name, MAX_NAME) for name in values]
            texts += [(name, name, text, limit) for name, text in values.items()]
        for role, column, text, limit in texts:
            if len(text) > limit:
                refuse(role, _("the text is longer than %(max)d characters.") % {"max": limit}, column)


# --- Writing ---------------------------------------------------------------------------------


def _write(rows: list[_Row], country: str, source_file: str, changed: list | None = None) -> tuple[int, int, set[str]]:
    """Write the rows of one file (inside its transaction). Returns the number of series
    written and left unchanged, and the national indicator codes the file used; appends
    (series id, indicator code) of every series written to `changed`."""
    codes = {row.indicator for row in rows}
    global_ids = dict(Indicator.objects.filter(code__in=codes).values_list("code", "pk"))
    national_ids, national_codes = _national_indicators(country, codes - set(global_ids))

    by_series: dict[tuple, list[_Row]] = {}
    for row in rows:
        by_series.setdefault((row.indicator, *row.series_key), []).append(row)
    series = _series_for(country, by_series, global_ids, national_ids)

    now = timezone.now()
    last_numbers = dict(
        SeriesVersion.objects.filter(series__in=list(series.values()))
        .values("series")
        .annotate(last=Max("number"))
        .values_list("series", "last")
    )
    versions, superseded, unchanged = [], [], 0
    for identity, series_rows in by_series.items():
        one = series[identity]
        series_rows.sort(key=lambda row: (row.year, row.period, row.key))
        encoded = _encoded(series_rows)
        content_hash = _content_hash(encoded)
        current = one.current_version
        if current is not None and current.content_hash == content_hash:
            unchanged += 1
            continue
        if current is not None:
            superseded.append(current.pk)
        versions.append(
            (
                one,
                SeriesVersion(
                    series=one,
                    number=last_numbers.get(one.pk, 0) + 1,
                    imported_at=now,
                    source_file=source_file[:255],
                    content_hash=content_hash,
                    observation_count=len(series_rows),
                ),
                encoded,
            )
        )
    if not versions:
        return 0, unchanged, national_codes
    created = SeriesVersion.objects.bulk_create([version for _one, version, _rows in versions])
    if any(version.pk is None for version in created):  # a database that returns no ids
        numbers = {(version.series_id, version.number): version for version in created}
        for pk, series_id, number in SeriesVersion.objects.filter(
            series__in=[one for one, _version, _rows in versions]
        ).values_list("pk", "series_id", "number"):
            if (series_id, number) in numbers:
                numbers[series_id, number].pk = pk
    _observations_insert([(version, encoded) for _one, version, encoded in versions])
    for one, version, _rows in versions:
        one.current_version = version
    Series.objects.bulk_update([one for one, _version, _rows in versions], ["current_version", "updated_at"])
    if changed is not None:
        changed.extend((one.pk, one.indicator_code) for one, _version, _rows in versions)
    if superseded:
        SeriesVersion.objects.filter(pk__in=superseded).exclude(
            pk__in=SnapshotVersion.objects.filter(version__in=superseded).values("version")
        ).delete()
    return len(versions), unchanged, national_codes


OBSERVATION_COLUMNS = (
    "version_id",
    "period",
    "year",
    "value",
    "disaggregation",
    "key",
    "sdmx",
    "status",
    "status_code",
    "footnote",
    "attributes",
)


class _Json:
    """JSON text of the dicts of many rows: breakdown dicts are shared between rows (one
    object per distinct breakdown), so each is written once. As JSONField writes it."""

    def __init__(self):
        self.known: dict[int, str] = {}

    def __call__(self, value: dict) -> str:
        if not value:
            return "{}"
        text = self.known.get(id(value))
        if text is None:
            text = self.known[id(value)] = json.dumps(value, ensure_ascii=False)
        return text


def _encoded(rows: list[_Row]) -> list[tuple]:
    """The rows as the observation columns after version_id, JSON written out."""
    dumps = _Json()
    return [
        (
            row.period,
            row.year,
            row.value,
            dumps(row.disaggregation),
            row.key,
            dumps(row.sdmx),
            row.status,
            row.status_code,
            row.footnote,
            json.dumps(row.attributes, ensure_ascii=False) if row.attributes else "{}",
        )
        for row in rows
    ]


def _content_hash(encoded: list[tuple]) -> str:
    digest = hashlib.sha256()
    for period, year, value, disaggregation, _key, _sdmx, status, _code, footnote, attributes in encoded:
        fields = (period, str(year), value.hex(), disaggregation, status, footnote, attributes)
        digest.update(("\x1f".join(fields) + "\x1e").encode())
    return digest.hexdigest()


def _observations_insert(versions) -> None:
    """Insert the observations of the new versions: COPY on PostgreSQL (several times
    faster than INSERTs), batched INSERTs elsewhere. Raw SQL: model instances for 100,000
    rows would cost more than the database does."""
    table = connection.ops.quote_name(Observation._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(column) for column in OBSERVATION_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = io.StringIO()
            for version, encoded in versions:
                prefix = f"{version.pk}\t"
                for period, year, value, *texts in encoded:
                    line = "\t".join(texts)
                    if "\\" in line or "\n" in line or "\r" in line or line.count("\t") != len(texts) - 1:
                        line = "\t".join(text.translate(_COPY_ESCAPES) for text in texts)
                    buffer.write(f"{prefix}{period.translate(_COPY_ESCAPES)}\t{year}\t{value!r}\t{line}\n")
            buffer.seek(0)
            cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(OBSERVATION_COLUMNS))})"
        batch = []
        for version, encoded in versions:
            for row in encoded:
                batch.append((version.pk, *row))
                if len(batch) >= BATCH_SIZE:
                    cursor.executemany(sql, batch)
                    batch = []
        if batch:
            cursor.executemany(sql, batch)


# PostgreSQL's COPY text format: these four characters are written escaped.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _national_indicators(country: str, codes: set[str]) -> tuple[dict[str, int], set[str]]:
    """The national indicators of `codes` (created as needed): {code: id}."""
    if not codes:
        return {}, set()
    existing = dict(NationalIndicator.objects.filter(country=country, code__in=codes).values_list("code", "pk"))
    missing = codes - set(existing)
    if missing:
        parents = {code: ".".join(code.split(".")[:3]) for code in missing}
        globals_ = dict(Indicator.objects.filter(code__in=set(parents.values())).values_list("code", "pk"))
        targets = dict(
            Target.objects.filter(code__in={".".join(code.split(".")[:2]) for code in missing}).values_list(
                "code", "pk"
            )
        )
        NationalIndicator.objects.bulk_create(
            [
                NationalIndicator(
                    country=country,
                    code=code,
                    kind=NationalIndicatorKind.PROXY if parents[code] in globals_ else NationalIndicatorKind.NATIONAL,
                    global_indicator_id=globals_.get(parents[code]) if parents[code] != code else None,
                    target_id=targets.get(".".join(code.split(".")[:2])),
                    sort_key=v.indicator_sort_key(code),
                )
                for code in sorted(missing)
            ]
        )
        existing = dict(NationalIndicator.objects.filter(country=country, code__in=codes).values_list("code", "pk"))
    return existing, codes


def _series_for(country: str, by_series: dict, global_ids: dict, national_ids: dict) -> dict[tuple, Series]:
    """The Series rows of the file's series keys, created as needed and locked."""

    def lookup():
        found = {}
        queryset = (
            Series.objects.select_for_update(of=("self",))
            .filter(country=country, indicator_code__in={identity[0] for identity in by_series})
            .select_related("current_version")
            .order_by("pk")
        )
        for one in queryset:
            identity = (one.indicator_code, one.code, one.unit, one.unit_multiplier)
            if identity in by_series:
                found[identity] = one
        return found

    series = lookup()
    missing = [identity for identity in by_series if identity not in series]
    if missing:
        new = []
        for code, series_code, unit, multiplier in missing:
            one = Series(
                country=country,
                indicator_id=global_ids.get(code),
                national_indicator_id=None if code in global_ids else national_ids[code],
                indicator_code=code,
                indicator_sort_key=v.indicator_sort_key(code),
                code=series_code,
                unit=unit,
                unit_code=v.unit_code(unit),
                unit_multiplier=multiplier,
            )
            new.append(one)
        Series.objects.bulk_create(new)
        series = lookup()
    return series
