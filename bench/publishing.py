"""The report-rendering benchmark: through the Celery worker vs WeasyPrint alone.

What is measured, on one generated review of about 150 pages (bench/report_data.py):

* End to end through Celery: a real worker process started as `make run` starts it
  (`celery -A vnr_portal worker --pool solo`, kombu's filesystem broker polling every
  0.05 s, the same SQLite database and media folder), and the clock runs from calling
  the service behind the "Render PDF" button (`edition_request`: assembles the report
  for its content hash, saves the job, sends the task on commit) until the edition's row
  says "done" (polled every 10 ms). So it includes both assemblies, the broker, the
  claim, the fetcher's checks, writing the file and its SHA-256.
* WeasyPrint alone: the same assembled HTML and stylesheet, the same PDF variant, in a
  process of its own without Django, with a fetcher that hands out the same files.

Each side renders ROUNDS times; the first is cold (fonts, caches), the figures compare
the median of the others. The worker's peak memory is its VmHWM from /proc after all rounds.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROUNDS = 3
# Also measure a naive split of the report into one document per chapter (the moonshot's
# starting point); `BENCH_SPLIT=0` leaves it out.
SPLIT = os.environ.get("BENCH_SPLIT", "1") != "0"
POLL = 0.01
TIMEOUT = 900


def _kib(path_or_pid) -> int:
    status = Path(f"/proc/{path_or_pid}/status").read_text()
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(match[1]) if match else 0


def _process_tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            children = []
        todo += [int(child) for child in children]
    return pids


def _arrange(bench_dir: Path):
    from django.contrib.auth import get_user_model

    from reviews.models import Country
    from reviews.publishing.assembly import assemble
    from reviews.workspace.services.reviews import review_create

    from .report_data import fill_review

    user = get_user_model().objects.create_user("bench-editor", "editor@example.org", "bench")
    review = review_create(
        actor=user,
        country=Country.objects.create(name="Aurelia", iso3="AUR"),
        title="Second Voluntary National Review of Aurelia",
        hlpf_year=2027,
        languages=["en"],
    )
    counts = fill_review(review, user)
    assembly = assemble(review)
    return user, review, assembly, counts


def _fetch_map(assembly, bench_dir: Path) -> Path:
    """{url: file} for every picture in the report, resolved once by the real fetcher."""
    from reviews.publishing.fetcher import REPORT_BASE_URL, ReportURLFetcher

    fetcher = ReportURLFetcher(review_id=assembly.review_id)
    files = {"__base_url__": REPORT_BASE_URL}
    for src in sorted(set(re.findall(r'<img src="([^"]+)"', assembly.html))):
        url = REPORT_BASE_URL + src.lstrip("/")
        files[url] = str(fetcher.resolve(url))
    path = bench_dir / "report-files.json"
    path.write_text(json.dumps(files), encoding="utf-8")
    return path


def _start_alone(assembly, bench_dir: Path) -> subprocess.Popen:
    html_path = bench_dir / "report.html"
    html_path.write_text(assembly.html, encoding="utf-8")
    files_path = _fetch_map(assembly, bench_dir)
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    return subprocess.Popen(
        [sys.executable, "-m", "bench.weasyprint_alone", str(html_path), str(files_path)],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def _render_alone(process: subprocess.Popen) -> dict:
    process.stdin.write("render\n")
    process.stdin.flush()
    line = process.stdout.readline()
    if not line:
        raise RuntimeError("WeasyPrint alone stopped without an answer.")
    return json.loads(line)


def _split(process: subprocess.Popen, whole: dict) -> list[tuple[str, str]]:
    process.stdin.write("parts\n")
    process.stdin.flush()
    parts = json.loads(process.stdout.readline())["parts"]
    cpu = [part["cpu_seconds"] for part in parts]
    pages = sum(part["pages"] for part in parts)
    # Two workers, longest part first to the less busy one (what a queue would roughly do).
    workers = [0.0, 0.0]
    for seconds in sorted(cpu, reverse=True):
        workers[workers.index(min(workers))] += seconds
    chapters = cpu[1:]
    return [
        (
            f"Naive split: {len(parts)} documents (cover + contents, one per chapter)",
            f"CPU {sum(cpu):.2f} s in all vs {whole['cpu_seconds']:.2f} s whole; "
            f"{pages} pages vs {whole['pages']} (each part starts a new page and numbers from 1)",
        ),
        (
            "Naive split: one chapter re-laid out",
            f"CPU median {statistics.median(chapters):.2f} s, largest {max(chapters):.2f} s, "
            f"cover + contents {cpu[0]:.2f} s ({statistics.median(chapters) / whole['cpu_seconds'] * 100:.0f}% / "
            f"{max(chapters) / whole['cpu_seconds'] * 100:.0f}% of a whole render)",
        ),
        (
            "Naive split: two workers, longest part first",
            f"{max(workers):.2f} s CPU on the busier one (before merging)",
        ),
    ]


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def _start_worker(bench_dir: Path) -> tuple[subprocess.Popen, Path]:
    log_path = bench_dir / "render-worker.log"
    log = open(log_path, "wb")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "vnr_portal", "worker", "--pool", "solo", "--loglevel", "info"],
        cwd=Path(__file__).resolve().parent.parent,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    worker._bench_log = log  # type: ignore[attr-defined]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if b" ready." in log_path.read_bytes():
            return worker, log_path
        if worker.poll() is not None:
            break
        time.sleep(0.05)
    worker.kill()
    raise RuntimeError(f"The Celery worker did not start; see {log_path}")


def _stop_worker(worker: subprocess.Popen) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=60)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
    worker._bench_log.close()  # type: ignore[attr-defined]


def _through_celery(user, review, worker_pid: int) -> dict:
    from reviews.publishing.editions import edition_request
    from reviews.publishing.models import Edition, EditionStatus

    cpu = _cpu_seconds(_process_tree(worker_pid))
    started = time.perf_counter()
    edition = edition_request(actor=user, review=review, format="pdf")
    requested = time.perf_counter() - started
    deadline = time.monotonic() + TIMEOUT
    while True:
        status = Edition.objects.filter(pk=edition.pk).values_list("status", flat=True).first()
        if status in (EditionStatus.DONE, EditionStatus.FAILED):
            break
        if time.monotonic() > deadline:
            raise RuntimeError(f"Edition {edition.pk} did not finish in {TIMEOUT} s (status {status}).")
        time.sleep(POLL)
    total = time.perf_counter() - started
    cpu = _cpu_seconds(_process_tree(worker_pid)) - cpu
    edition.refresh_from_db()
    if edition.status != EditionStatus.DONE:
        raise RuntimeError(f"Edition {edition.pk} failed: {edition.error}")
    return {
        "total": total,
        "cpu_seconds": cpu,
        "request": requested,
        "queue_wait": (edition.started_at - edition.requested_at).total_seconds(),
        "worker": (edition.finished_at - edition.started_at).total_seconds(),
        "pages": edition.page_count,
        "size": edition.size,
    }


def bench_publishing(bench_dir: Path) -> list[tuple[str, str]]:
    arranged = time.perf_counter()
    user, review, assembly, counts = _arrange(bench_dir)
    arranged = time.perf_counter() - arranged
    from reviews.publishing.assembly import assemble

    assembly_times = []
    for _ in range(5):
        started = time.perf_counter()
        assemble(review)
        assembly_times.append(time.perf_counter() - started)

    alone_process = _start_alone(assembly, bench_dir)
    worker, _log = _start_worker(bench_dir)
    alone, runs = [], []
    try:
        # Alternating, so that whatever else runs on the machine weighs on both sides alike.
        for _ in range(ROUNDS):
            alone.append(_render_alone(alone_process))
            runs.append(_through_celery(user, review, worker.pid))
        worker_rss = sum(_kib(pid) for pid in _process_tree(worker.pid))
        split = _split(alone_process, alone[-1]) if SPLIT else None
    finally:
        _stop_worker(worker)
        alone_process.stdin.close()
        alone_process.wait(timeout=60)

    warm_alone_runs = alone[1:] or alone
    warm_runs = runs[1:] or runs
    warm_alone = statistics.median(run["seconds"] for run in warm_alone_runs)
    warm_layout = statistics.median(run["layout_seconds"] for run in warm_alone_runs)
    warm_alone_cpu = statistics.median(run["cpu_seconds"] for run in warm_alone_runs)
    warm_total = statistics.median(run["total"] for run in warm_runs)
    warm_cpu = statistics.median(run["cpu_seconds"] for run in warm_runs)
    pages, size = runs[-1]["pages"], runs[-1]["size"]
    ratio = warm_total / warm_alone
    load = os.getloadavg()[0]
    return [
        (
            "Report: generated review",
            f"{counts['sections']} sections (17 goal chapters), {counts['tables']} tables, "
            f"{counts['charts']} PNG charts, cover picture; {len(assembly.html) // 1024} KiB of HTML; "
            f"built in {arranged:.1f} s",
        ),
        ("Report: PDF", f"{pages} pages, {size / 1024 / 1024:.1f} MiB"),
        ("Report: assembly alone (median of 5)", f"{statistics.median(assembly_times) * 1000:.0f} ms"),
        (
            f"Report: WeasyPrint alone, median of {len(warm_alone_runs)} warm",
            f"{warm_alone:.2f} s (CPU {warm_alone_cpu:.2f} s; layout {warm_layout:.2f} s, writing "
            f"{warm_alone - warm_layout:.2f} s; cold first {alone[0]['seconds']:.2f} s), "
            f"{pages / warm_alone:.1f} pages/s, peak RSS {alone[-1]['peak_rss_kib'] / 1024:.0f} MiB",
        ),
        (
            f"Report: through Celery end to end, median of {len(warm_runs)} warm",
            f"{warm_total:.2f} s (worker CPU {warm_cpu:.2f} s; cold first {runs[0]['total']:.2f} s), "
            f"{pages / warm_total:.1f} pages/s; "
            f"request {statistics.median(r['request'] for r in warm_runs) * 1000:.0f} ms, "
            f"queue wait {statistics.median(r['queue_wait'] for r in warm_runs) * 1000:.0f} ms, "
            f"worker {statistics.median(r['worker'] for r in warm_runs):.2f} s",
        ),
        (
            "Report: Celery / WeasyPrint alone",
            f"{ratio:.3f}x wall, {warm_cpu / warm_alone_cpu:.3f}x CPU (goal <= 1.15x; load average {load:.1f})",
        ),
        ("Report: worker peak RSS (VmHWM)", f"{worker_rss / 1024:.0f} MiB"),
        *(split or []),
    ]
