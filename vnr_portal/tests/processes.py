"""Helpers for tests that start the project's processes (a Celery worker, `make run`'s stack)."""

from urllib.parse import quote

import pytest
from django.conf import settings


def database_url_for_subprocess() -> str:
    """The test database (not the development one) as a DATABASE_URL for another process.

    PostgreSQL by name; SQLite only as a file (settings_test names one).
    """
    db = settings.DATABASES["default"]
    name = str(db["NAME"])
    if db["ENGINE"].endswith("sqlite3"):
        if name == ":memory:" or "mode=memory" in name:
            pytest.fail("Another process can only share a test database in a file: set DATABASES['default']['TEST'].")
        return f"sqlite:///{name}"
    credentials = quote(db.get("USER") or "", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{quote(name, safe='')}"
