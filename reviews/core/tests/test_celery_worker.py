"""A real Celery worker, started as a process, sends the e-mail of an invitation.

The worker runs with the project's settings and this process's environment: on Redis
when REDIS_URL is set, else on kombu's filesystem broker in a temporary folder. It reads
the test database (PostgreSQL by name, SQLite as a file) and prints e-mails to its log.
"""

import os
import re
import signal
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings

from reviews.models import Invitation
from reviews.workspace.selectors.invitations import invitation_get_from_token
from reviews.workspace.services.invitations import invitation_create
from vnr_portal.celery import app as celery_app
from vnr_portal.tests.processes import database_url_for_subprocess

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# The interpreter running the tests, whichever virtual environment it belongs to.
CELERY = [sys.executable, "-m", "celery"]
WORKER_SITE_URL = "https://worker.example.org"
TIMEOUT_SECONDS = 30


def _reset_producer_pool() -> None:
    # The pools remember the broker options they were made with.
    celery_app._pool = None
    if "amqp" in celery_app.__dict__:
        celery_app.amqp._producer_pool = None


@pytest.fixture
def private_queue(tmp_path):
    """A queue of its own (and on the filesystem broker a folder of its own) for this test.

    Yields the queue name and the environment the worker needs to use the same broker.
    """
    queue = f"test-{uuid.uuid4().hex[:12]}"
    changes = {"task_default_queue": queue, "task_always_eager": False}
    worker_env = {}
    if not settings.REDIS_URL:
        folder = tmp_path / "broker"
        (folder / "processed").mkdir(parents=True)
        changes["broker_transport_options"] = {
            **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            "data_folder_in": str(folder),
            "data_folder_out": str(folder),
            "processed_folder": str(folder / "processed"),
        }
        worker_env["CELERY_BROKER_DIR"] = str(folder)
    previous = {name: celery_app.conf[name] for name in changes}
    celery_app.conf.update(changes)
    _reset_producer_pool()
    yield queue, worker_env
    celery_app.conf.update(previous)
    _reset_producer_pool()


@pytest.fixture
def worker(private_queue, tmp_path):
    """Start a worker process; stop it (and only it) when the test ends. Yields its log file."""
    queue, worker_env = private_queue
    log_path = tmp_path / "worker.log"
    env = {
        **os.environ,
        **worker_env,
        "DJANGO_SETTINGS_MODULE": "vnr_portal.settings",
        "DEBUG": "1",
        "DATABASE_URL": database_url_for_subprocess(),
        "EMAIL_URL": "consolemail://",
        "SITE_URL": WORKER_SITE_URL,
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        *CELERY,
        "-A",
        "vnr_portal",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "-l",
        "info",
        "-Q",
        queue,
        "-n",
        f"{queue}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process, log_path
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)  # warm shutdown
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)


def _wait_until_sent(invitation_id: int, process, log_path) -> Invitation:
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        invitation = Invitation.objects.get(pk=invitation_id)
        if invitation.sent_at is not None:
            return invitation
        if process.poll() is not None:
            pytest.fail(f"The worker stopped (exit {process.returncode}):\n{log_path.read_text(errors='replace')}")
        time.sleep(0.2)
    pytest.fail(f"No e-mail sent within {TIMEOUT_SECONDS} s. Worker log:\n{log_path.read_text(errors='replace')}")


def test_celery_worker_sends_invitation_email(review, coordinator, worker):
    process, log_path = worker

    invitation = invitation_create(
        actor=coordinator, review=review, email="guest@example.org", roles=["editor"], language="en"
    )

    sent = _wait_until_sent(invitation.pk, process, log_path)
    log = log_path.read_text(errors="replace")
    links = re.findall(re.escape(WORKER_SITE_URL) + r"/invitations/([^/\s\"]+)/", log)
    assert sent.sent_at is not None
    assert "To: guest@example.org" in log
    assert links, f"No invitation link in the worker's e-mail:\n{log}"
    assert {invitation_get_from_token(token).pk for token in links} == {invitation.pk}
