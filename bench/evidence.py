"""Importing 100,000 observations (generated Open SDG CSVs: 50 indicators x 2,000 rows, two
series, breakdowns by sex and age, observation status, unit multiplier) through
`evidence_import`, the service behind `import_indicators`.

`bench.run` calls `bench_import` in its own process, on its SQLite database. With a
PostgreSQL DATABASE_URL it also runs this module as a process of its own
(`python -m bench.evidence`), which creates a throwaway test database on that server (as
the test runner does), times the same import there and a PostgreSQL COPY of the same
rows into a table shaped like the observations' (same columns, indexes and unique
constraint), prints one line of JSON, and drops the database.
"""

from __future__ import annotations

import csv
import io
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

INDICATORS = 50
ROWS_PER_FILE = 2000
SERIES = ("Proportion of population below the national poverty line", "Number of people in poverty")
SEXES = ("", "Female", "Male")
AGES = ("", "0-14", "15-24", "25-64", "65+")
COPY_RUNS = 3


def _codes() -> list[str]:
    from indicators.models import Indicator

    return list(Indicator.objects.order_by("position").values_list("code", flat=True)[:INDICATORS])


def generate(folder: Path, codes: list[str]) -> int:
    """Write one Open SDG CSV per code with ROWS_PER_FILE rows; returns the row count."""
    rng = random.Random(2030)
    combinations = [(series, sex, age) for series in SERIES for sex in SEXES for age in AGES]
    years = range(2030 - ROWS_PER_FILE // len(combinations) - 1, 2031)
    total = 0
    for code in codes:
        path = folder / f"indicator_{code.replace('.', '-')}.csv"
        with path.open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file, lineterminator="\r\n")
            writer.writerow(["Year", "Series", "Units", "Unit multiplier", "Sex", "Age", "Observation status", "Value"])
            rows = 0
            for year in years:
                for series, sex, age in combinations:
                    if rows == ROWS_PER_FILE:
                        break
                    unit, multiplier = ("Percentage (%)", "Units") if series == SERIES[0] else ("Number", "Thousands")
                    status = "Estimated value" if year > 2025 else "Normal value"
                    writer.writerow([year, series, unit, multiplier, sex, age, status, round(rng.uniform(0, 100), 4)])
                    rows += 1
            total += rows
    return total


def _time_import(folder: Path) -> tuple[float, dict]:
    from indicators.evidence.services.imports import evidence_import, files_from_paths

    files = files_from_paths([folder])
    started, cpu = time.perf_counter(), time.process_time()
    summary = evidence_import(country="BEN", files=files)
    return time.perf_counter() - started, {**summary.as_dict(), "cpu_s": time.process_time() - cpu}


def bench_import(bench_dir: Path) -> list[tuple[str, str]]:
    """The import on the current database (bench.run's SQLite); the framework is loaded."""
    folder = bench_dir / "evidence"
    folder.mkdir(parents=True, exist_ok=True)
    rows = generate(folder, _codes())
    seconds, summary = _time_import(folder)
    again, _summary = _time_import(folder)
    label = f"import_indicators, {rows:,} observations in {INDICATORS} Open SDG CSVs, SQLite"
    return [
        (
            label,
            f"{seconds:.2f} s, {rows / seconds:,.0f} rows/s, {summary['cpu_s']:.2f} s CPU "
            f"({summary['observations_total']:,} stored)",
        ),
        ("import_indicators, the same files again (no change)", f"{again:.2f} s, {_summary['cpu_s']:.2f} s CPU"),
    ]


def _copy_rows() -> tuple[io.StringIO, list[str]]:
    """The observations the import wrote, as COPY text (tab-separated), outside the clock."""
    from indicators.evidence.models import Observation

    buffer = io.StringIO()
    fields = ["version_id", "period", "year", "value", "disaggregation", "key", "sdmx", "status", "status_code"]
    fields += ["footnote", "attributes"]
    for row in Observation.objects.values_list(*fields).iterator(chunk_size=10_000):
        cells = [json.dumps(cell) if isinstance(cell, dict) else str(cell) for cell in row]
        buffer.write("\t".join(cell.replace("\\", "\\\\").replace("\t", "\\t") for cell in cells) + "\n")
    buffer.seek(0)
    return buffer, fields


def main() -> None:
    """PostgreSQL: the import and a COPY of the same rows, in a throwaway database."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        print(json.dumps({"error": "DATABASE_URL is not PostgreSQL"}))
        return
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        call_command("load_sdg_framework", stdout=io.StringIO())
        with tempfile.TemporaryDirectory() as folder:
            rows = generate(Path(folder), _codes())
            import_seconds, summary = _time_import(Path(folder))
        buffer, fields = _copy_rows()
        # The median of COPY_RUNS copies, each into a new table: one COPY of 100,000 rows
        # takes under a second and varies by a third from run to run on a busy machine.
        copies = []
        with connection.cursor() as cursor:
            for run in range(COPY_RUNS):
                table = f"bench_observation_copy_{run}"
                cursor.execute(f"CREATE TABLE {table} (LIKE indicators_observation INCLUDING ALL)")
                buffer.seek(0)
                started = time.perf_counter()
                cursor.cursor.copy_expert(f"COPY {table} ({', '.join(fields)}) FROM STDIN", buffer)
                copies.append(time.perf_counter() - started)
            cursor.execute(f"SELECT count(*) FROM {table}")
            copied = cursor.fetchone()[0]
        copy_seconds = statistics.median(copies)
        print(
            json.dumps(
                {
                    "rows": rows,
                    "stored": summary["observations_total"],
                    "import_s": import_seconds,
                    "import_cpu_s": summary["cpu_s"],
                    "copy_s": copy_seconds,
                    "copied": copied,
                }
            )
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
