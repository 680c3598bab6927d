"""`make run`'s stack (vnr_portal/devserver.sh): the web server outlives its worker, which is restarted.

The script runs as `make run` runs it, on a free port, with its local state in a temporary
VAR_DIR, on the test database and kombu's filesystem broker (REDIS_URL is left out, so
that the stack's worker never takes another test's tasks from a shared Redis).
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from vnr_portal.tests.processes import database_url_for_subprocess

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

DEADLINE_SECONDS = 60
# Variables of this test process that must not reach the stack: the test settings, a
# shared broker or folders outside the temporary VAR_DIR.
LEFT_OUT = {
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "REDIS_URL",
    "CELERY_BROKER_DIR",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "CELERY_TASK_ALWAYS_EAGER",
}


@dataclass
class Stack:
    process: subprocess.Popen
    port: int
    log_path: Path
    env: dict

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for(self, pattern: str, count: int = 1) -> list[str]:
        """The matches of `pattern` in the stack's output, once there are `count` of them."""
        deadline = time.monotonic() + DEADLINE_SECONDS
        while True:
            matches = re.findall(pattern, self.log())
            if len(matches) >= count:
                return matches
            if self.process.poll() is not None:
                pytest.fail(f"The stack stopped (exit {self.process.returncode}) before {pattern!r}:\n{self.log()}")
            if time.monotonic() > deadline:
                pytest.fail(f"No {count} × {pattern!r} within {DEADLINE_SECONDS} s:\n{self.log()}")
            time.sleep(0.1)

    def get(self, path: str) -> int:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as response:
            return response.status

    def wait_for_web(self) -> int:
        deadline = time.monotonic() + DEADLINE_SECONDS
        while True:
            try:
                return self.get("/accounts/login/")
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"The web server never answered:\n{self.log()}")
                time.sleep(0.2)

    def worker_pids(self) -> list[int]:
        return [int(pid) for pid in re.findall(r"worker started \(pid (\d+)\)", self.log())]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def stack(tmp_path):
    """Start devserver.sh as `make run` does; stop everything it started when the test ends."""
    port = _free_port()
    log_path = tmp_path / "devserver.log"
    env = {key: value for key, value in os.environ.items() if key not in LEFT_OUT}
    env.update(
        VENV=sys.prefix,
        PORT=str(port),
        VAR_DIR=str(tmp_path / "var"),
        TMPDIR=str(tmp_path),
        DATABASE_URL=database_url_for_subprocess(),
        # The test database is ready: no set-up (test_prepare_run's), only the server.
        PREPARE="0",
        EMAIL_URL="consolemail://",
        PYTHONUNBUFFERED="1",
    )
    with open(log_path, "wb") as log:
        # A session of its own: a terminal's Ctrl-C goes to the whole foreground group.
        process = subprocess.Popen(
            ["bash", "vnr_portal/devserver.sh"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    stack = Stack(process=process, port=port, log_path=log_path, env=env)
    try:
        yield stack
    finally:
        for pgid in [process.pid, *stack.worker_pids()]:
            if _group_alive(pgid):
                os.killpg(pgid, signal.SIGKILL)
        process.wait(timeout=DEADLINE_SECONDS)


def _celery_call(stack: Stack, task: str) -> str:
    """Send `task` through the stack's broker as another process would; its id."""
    result = subprocess.run(
        [sys.executable, "-m", "celery", "-A", "vnr_portal", "call", task],
        cwd=settings.BASE_DIR,
        env={**stack.env, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "vnr_portal.settings"},
        capture_output=True,
        text=True,
        timeout=DEADLINE_SECONDS,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_devserver_web_outlives_killed_worker_which_restarts_and_works_then_ctrl_c_stops_all(stack):
    """One journey, since starting the stack is the slow part: kill the worker, use the new one, Ctrl-C."""
    assert stack.wait_for_web() == 200
    stack.wait_for(r"celery@\S+ ready\.")
    [first_worker] = stack.worker_pids()

    os.kill(first_worker, signal.SIGKILL)
    stack.wait_for(r"worker stopped \(code 137\), restarting in 1 s")
    web_while_restarting = stack.get("/accounts/login/")
    stack.wait_for(r"worker started \(pid \d+\)", count=2)
    stack.wait_for(r"celery@\S+ ready\.", count=2)
    task_id = _celery_call(stack, "reviews.requeue_stale_editions")
    stack.wait_for(rf"Task reviews\.requeue_stale_editions\[{re.escape(task_id)}\] succeeded")
    second_worker = stack.worker_pids()[1]
    web_after_restart = stack.get("/accounts/login/")

    os.killpg(stack.process.pid, signal.SIGINT)  # what a terminal does on Ctrl-C
    returncode = stack.process.wait(timeout=DEADLINE_SECONDS)

    assert (web_while_restarting, web_after_restart, second_worker != first_worker) == (200, 200, True)
    # Each worker's process group (with its beat process) is gone, and the web server with them.
    assert (returncode, _group_alive(first_worker), _group_alive(second_worker)) == (0, False, False)
    with pytest.raises(OSError):
        stack.get("/accounts/login/")
    assert stack.log().count("restarting") == 1
