"""The development broker (vnr_portal/broker.py): kombu's filesystem transport without its crashing race."""

import json
import logging
import os
import subprocess
import sys
from queue import Empty

import kombu
import pytest
from django.conf import settings

from vnr_portal import broker

pytestmark = [pytest.mark.unit]

QUEUE = "celery"


@pytest.fixture
def channel(tmp_path):
    """A channel of the project's transport on a folder of its own; worker and producer share it."""
    folder = tmp_path / "broker"
    (folder / "control").mkdir(parents=True)
    options = {
        "data_folder_in": str(folder),
        "data_folder_out": str(folder),
        "control_folder": str(folder / "control"),
        "store_processed": False,
    }
    with kombu.Connection("filesystem://", transport=broker.Transport, transport_options=options) as connection:
        yield connection.default_channel


def test_message_being_written_is_not_taken_by_the_worker(channel, monkeypatch):
    """The race that crashed `make run`'s worker: it polled while a sign-up's task was half written.

    kombu's own transport hands the worker the empty file, and the worker stops with
    "Unrecoverable error: JSONDecodeError".
    """
    seen_while_writing = []
    real_dumps = broker.dumps

    def dumps_while_the_worker_polls(payload):
        try:
            seen_while_writing.append(channel._get(QUEUE))
        except Empty:
            seen_while_writing.append("nothing")
        return real_dumps(payload)

    monkeypatch.setattr(broker, "dumps", dumps_while_the_worker_polls)
    channel._put(QUEUE, {"body": "sign-up e-mail"})

    assert (seen_while_writing, channel._get(QUEUE)) == (["nothing"], {"body": "sign-up e-mail"})


def test_put_leaves_only_the_complete_message(channel):
    channel._put(QUEUE, {"body": "one"})

    [name] = [entry.name for entry in os.scandir(channel.data_folder_out) if entry.is_file()]
    assert (name.endswith(f".{QUEUE}.msg"), channel._size(QUEUE)) == (True, 1)


def test_undecodable_message_is_skipped_and_the_next_one_delivered(channel, caplog):
    """An empty message file (left by an older producer) is logged and skipped instead of stopping the worker."""
    # kombu takes messages in the order of their names as strings: "0_" comes before any
    # "<milliseconds>_" name, whatever digits the clock starts with.
    with open(os.path.join(channel.data_folder_in, f"0_empty.{QUEUE}.msg"), "wb"):
        pass
    channel._put(QUEUE, {"body": "next"})

    with caplog.at_level(logging.ERROR, logger="vnr_portal.broker"), pytest.raises(Empty):
        channel._get(QUEUE)
    assert (channel._get(QUEUE), caplog.messages) == (
        {"body": "next"},
        [f"Skipped a message of the queue {QUEUE!r} that could not be decoded."],
    )


def test_half_written_exchange_table_reads_as_no_binding(channel):
    (channel.control_folder / "celery.pidbox.exchange").write_bytes(b"")

    assert channel.get_table("celery.pidbox") == []


def _broker_of_a_fresh_process(**env_vars) -> dict:
    """The transport Celery connects with, as a process started with these variables sees it."""
    script = (
        "import json, django; django.setup(); from vnr_portal.celery import app; "
        "transport = app.connection_for_write().transport; "
        "print(json.dumps({'module': type(transport).__module__, 'class': type(transport).__name__}))"
    )
    inherited = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "CELERY_BROKER_DIR"}}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={**inherited, "DJANGO_SETTINGS_MODULE": "vnr_portal.settings", "DEBUG": "1", **env_vars},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.integration
def test_settings_without_redis_url_use_the_fixed_filesystem_transport(tmp_path):
    transport = _broker_of_a_fresh_process(REDIS_URL="", VAR_DIR=str(tmp_path))

    assert transport == {"module": "vnr_portal.broker", "class": "Transport"}


@pytest.mark.integration
def test_settings_with_redis_url_use_redis(tmp_path):
    transport = _broker_of_a_fresh_process(REDIS_URL="redis://127.0.0.1:6379/15", VAR_DIR=str(tmp_path))

    assert transport == {"module": "kombu.transport.redis", "class": "Transport"}
