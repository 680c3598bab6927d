"""Apply every migration to an empty, throw-away database (`make migrations-apply`).

The tests build their database from the models (`--no-migrations` in pytest.ini), so
without this step a migration that fails to run would pass CI. With a PostgreSQL
DATABASE_URL the database is `<name>_migrations` on the same server (dropped first if a
run before left it behind, and dropped again at the end); otherwise it is a temporary
SQLite file. Needs the project's virtualenv (django-environ, psycopg2):

    DEBUG=1 .venv/bin/python tools/migrations_from_zero.py
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import environ

ROOT = Path(__file__).resolve().parent.parent


def migrate(database_url: str) -> None:
    """manage.py migrate in a process of its own, so that it reads DATABASE_URL afresh.

    Its list of applied migrations is shown only when one fails.
    """
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1"}
    command = [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "1"]
    result = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode:
        print(result.stdout, file=sys.stderr)
        raise subprocess.CalledProcessError(result.returncode, command)


def on_postgresql(database_url: str) -> None:
    import psycopg2
    from psycopg2 import sql

    config = environ.Env.db_url_config(database_url)
    name = f"{config['NAME']}_migrations"
    server = psycopg2.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
    )
    server.autocommit = True

    def drop() -> None:
        with server.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    try:
        drop()
        with server.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        print(f"Migrating the empty PostgreSQL database {name} from zero ...", flush=True)
        migrate(urlsplit(database_url)._replace(path="/" + quote(name, safe="")).geturl())
    finally:
        drop()
        server.close()


def on_sqlite() -> None:
    with tempfile.TemporaryDirectory(prefix="vnr-migrations-") as folder:
        path = Path(folder) / "db.sqlite3"
        print(f"Migrating an empty SQLite database ({path}) from zero ...", flush=True)
        migrate(f"sqlite:///{path}")


def main() -> int:
    database_url = os.environ.get("DATABASE_URL", "")
    started = time.monotonic()
    try:
        if database_url.startswith(("postgres://", "postgresql://", "pgsql://", "psql://")):
            on_postgresql(database_url)
        else:
            on_sqlite()
    except subprocess.CalledProcessError as error:
        print(f"A migration failed to apply to an empty database (exit status {error.returncode}).", file=sys.stderr)
        return 1
    print(f"Every migration applied from zero in {time.monotonic() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
