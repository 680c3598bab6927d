import json
import os
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings
from django.db import connection, connections, transaction

from vnr_portal.database import database_from_url


@pytest.mark.django_db
@pytest.mark.integration
def test_database_is_the_one_database_url_names():
    """CI sets DATABASE_URL to PostgreSQL; this fails if the suite quietly ran on SQLite."""
    with connection.cursor() as cursor:
        if os.environ.get("DATABASE_URL"):
            cursor.execute("select version()")
            assert (connection.vendor, cursor.fetchone()[0].split()[0]) == ("postgresql", "PostgreSQL")
        else:
            cursor.execute("select sqlite_version()")
            assert (connection.vendor, cursor.fetchone()[0].split(".")[0]) == ("sqlite", "3")


# --- SQLite for a web server and a worker writing at once -------------------------------

WRITERS = 10
BALLOTS_EACH = 10


def _settings_databases(**env_vars) -> dict:
    """settings.DATABASES as a fresh process computes it from these variables."""
    inherited = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", "import json; from vnr_portal import settings; print(json.dumps(settings.DATABASES))"],
        cwd=settings.BASE_DIR,
        env={**inherited, "DEBUG": "1", **env_vars},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["default"]


@pytest.mark.unit
def test_settings_sqlite_database_has_wal_and_immediate_transactions(tmp_path):
    database = _settings_databases(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", VAR_DIR=str(tmp_path))

    assert database["OPTIONS"] == {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }


@pytest.mark.unit
def test_settings_postgresql_database_has_none_of_the_sqlite_options(tmp_path):
    database = _settings_databases(DATABASE_URL="postgres://vnr:secret@db.internal:5432/vnr", VAR_DIR=str(tmp_path))

    assert (database["ENGINE"], database.get("OPTIONS", {})) == ("django.db.backends.postgresql", {})


@pytest.mark.unit
def test_database_from_url_keeps_options_the_url_gives():
    database = database_from_url("sqlite:////tmp/db.sqlite3?timeout=5")

    assert (database["OPTIONS"]["timeout"], database["OPTIONS"]["transaction_mode"]) == (5, "IMMEDIATE")


@pytest.fixture
def ballot_box(tmp_path, django_db_blocker):
    """A file SQLite database set up by database_from_url (as settings do), under an alias of its own.

    Yields the alias; a table `ballot` is ready. Each thread opens its own connection.
    """
    alias = "concurrent_writers"
    configured = connections.configure_settings(
        {"default": {}, alias: database_from_url(f"sqlite:///{tmp_path / 'ballots.sqlite3'}")}
    )
    connections.settings[alias] = configured[alias]
    with django_db_blocker.unblock():
        with connections[alias].cursor() as cursor:
            cursor.execute("CREATE TABLE ballot (id integer PRIMARY KEY, voter integer, seen integer)")
        connections[alias].close()
        try:
            yield alias
        finally:
            connections[alias].close()
            del connections.settings[alias]


@pytest.mark.integration
def test_sqlite_serves_ten_simultaneous_writers_without_database_is_locked(ballot_box):
    """Ten voters at once, each reading the box then writing into it inside one transaction.

    With SQLite's defaults (deferred transactions, no WAL) the second writer to upgrade its
    read lock fails at once with "database is locked".
    """
    start = threading.Barrier(WRITERS)
    errors = []

    def vote(voter: int) -> None:
        try:
            start.wait()
            for _ballot in range(BALLOTS_EACH):
                with transaction.atomic(using=ballot_box), connections[ballot_box].cursor() as cursor:
                    cursor.execute("SELECT count(*) FROM ballot")
                    seen = cursor.fetchone()[0]
                    time.sleep(0.002)  # the work between reading and writing, where writers overlap
                    cursor.execute("INSERT INTO ballot (voter, seen) VALUES (%s, %s)", [voter, seen])
        except Exception as error:  # every failure of a writer is the finding
            errors.append(repr(error))
        finally:
            connections[ballot_box].close()

    threads = [threading.Thread(target=vote, args=(voter,)) for voter in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    with connections[ballot_box].cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal_mode = cursor.fetchone()[0]
        cursor.execute("SELECT count(*), count(DISTINCT seen) FROM ballot")
        counts = cursor.fetchone()
    # Every ballot saw all the ones before it: the transactions ran one after the other.
    assert (errors, journal_mode, counts) == ([], "wal", (WRITERS * BALLOTS_EACH, WRITERS * BALLOTS_EACH))
