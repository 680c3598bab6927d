"""The PDF renderer is warmed when a Celery worker starts (reviews/publishing/warmup.py), and
the worker's processes are bounded (CELERY_WORKER_MAX_*_PER_CHILD)."""

import logging
import os
import re
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest
from celery import signals
from django.conf import settings

from reviews.publishing import warmup
from vnr_portal.celery import app as celery_app

pytestmark = [pytest.mark.integration]

DEADLINE_SECONDS = 120


def _uids(signal) -> set:
    return {key[0] for key, _receiver in signal.receivers}


def test_warm_up_is_connected_to_the_worker_signals():
    assert "reviews_publishing_warm_up_worker" in _uids(signals.worker_init)
    assert "reviews_publishing_warm_up_process" in _uids(signals.worker_process_init)


def test_warm_up_renders_the_tiny_document_without_error():
    seconds = warmup.render_warm_up()

    assert seconds > 0
    assert warmup.warmed_in == seconds


@pytest.mark.parametrize(("pool", "renders"), [("solo", True), ("threads", True), ("prefork", False)])
def test_worker_init_renders_unless_the_pool_processes_will(pool, renders, caplog):
    warmup.warmed_in = None
    with caplog.at_level(logging.INFO, logger="reviews.publishing.warmup"):
        warmup.warm_up_worker(sender=SimpleNamespace(pool_cls=pool))

    assert "PDF renderer imported in" in caplog.text
    assert ("PDF renderer warmed up in" in caplog.text, warmup.warmed_in is not None) == (renders, renders)


def test_a_failing_warm_up_is_logged_and_does_not_stop_the_worker(monkeypatch, caplog):
    def broken():
        raise OSError("no fonts")

    monkeypatch.setattr(warmup, "render_warm_up", broken)
    with caplog.at_level(logging.WARNING, logger="reviews.publishing.warmup"):
        warmup.warm_up_process()

    assert "Warming up the PDF renderer failed; the first render will be slower" in caplog.text


def test_the_worker_limits_come_from_the_settings():
    assert (
        celery_app.conf.worker_max_tasks_per_child,
        celery_app.conf.worker_max_memory_per_child,
        celery_app.conf.worker_proc_alive_timeout,
    ) == (
        settings.CELERY_WORKER_MAX_TASKS_PER_CHILD,
        settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD,
        settings.CELERY_WORKER_PROC_ALIVE_TIMEOUT,
    )
    limits = (settings.CELERY_WORKER_MAX_TASKS_PER_CHILD, settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD)
    assert limits == (100, 1536 * 1024)


def _wait_for(log_path, pattern: str, *, count: int = 1, process=None) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        text = log_path.read_text(errors="replace")
        if len(re.findall(pattern, text)) >= count:
            return
        if process is not None and process.poll() is not None:
            break
        time.sleep(0.1)
    pytest.fail(f"{pattern!r} ({count}x) not in the worker's log:\n{log_path.read_text(errors='replace')[-4000:]}")


def test_a_real_prefork_worker_warms_each_pool_process_and_replaces_one_over_its_memory_limit(tmp_path):
    """The worker as `make run` starts it (prefork, one process), on a broker folder of its
    own, with a memory limit of 1 KiB: its only task leaves the process over it, so the
    process is replaced, and the new one warms up again."""
    broker = tmp_path / "broker"
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="vnr_portal.settings",
        DEBUG="1",
        VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        CELERY_BROKER_DIR=str(broker),
        CELERY_WORKER_MAX_MEMORY_PER_CHILD="1",
        CELERY_SKIP_CHECKS="1",
        PYTHONUNBUFFERED="1",
    )
    log_path = tmp_path / "worker.log"
    command = [sys.executable, "-m", "celery", "-A", "vnr_portal", "worker", "--loglevel", "info"]
    with open(log_path, "wb") as log:
        worker = subprocess.Popen(
            [*command, "--pool", "prefork", "--concurrency", "1"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(log_path, r"celery@\S+ ready\.", process=worker)
        _wait_for(log_path, r"PDF renderer warmed up in \d+\.\d s", process=worker)
        sent = subprocess.run(
            [sys.executable, "-m", "celery", "-A", "vnr_portal", "call", "celery.accumulate", "--args", "[1]"],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=DEADLINE_SECONDS,
        )
        assert sent.returncode == 0, sent.stderr
        _wait_for(log_path, r"Task celery\.accumulate\[[^\]]+\] succeeded", process=worker)
        # A new pool process (the second) replaced the first, and warmed up too.
        _wait_for(log_path, r"ForkPoolWorker-2\] PDF renderer warmed up in \d+\.\d s", process=worker)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=DEADLINE_SECONDS)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    text = log_path.read_text(errors="replace")
    # Imported once, in the main process; no process was killed for being slow to come up.
    assert (text.count("PDF renderer imported in"), "Timed out waiting for UP message" in text) == (1, False)
