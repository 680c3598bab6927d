"""The database settings from DATABASE_URL, with SQLite tuned for a web server and a worker at once.

Imported by settings.py, so it imports nothing of the project.
"""

import environ

# SQLite in its default set-up answers "database is locked" as soon as two connections
# write at once: a council voting while the worker stores a rendered edition, a burst of
# sign-ups. Write-ahead logging lets readers go on while one connection writes;
# synchronous=NORMAL is safe with it (a power cut may lose the last commits, never the
# database) and spares an fsync per commit. BEGIN IMMEDIATE takes the write lock when a
# transaction starts, so a writer waits its turn (up to `timeout` seconds) instead of
# failing when its read lock cannot become a write lock. Django 5.1+ reads these options.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def database_from_url(url: str) -> dict:
    """Django's DATABASES entry for `url`; SQLite gets SQLITE_OPTIONS, other engines nothing more."""
    config = environ.Env.db_url_config(url)
    if config["ENGINE"].endswith("sqlite3"):
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config
