"""Test settings: the same as production's shape, with fast hashing and local e-mail."""

import os

os.environ.setdefault("DEBUG", "1")
# Playwright drives the browser from a thread with its own event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from .settings import *  # noqa: F403  (the real settings, with the overrides below)
from .settings import DATABASES, STORAGES, VAR_DIR

# pytest-xdist runs the tests in processes named gw0, gw1, ...; each keeps its own files.
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = str(VAR_DIR / "-".join(filter(None, ["test-media", _xdist_worker])))
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not memory, so that a real Celery worker process can share the test database.
    # One file per process (each xdist worker is one), so that two test runs on one machine
    # do not collide.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")}

# Tasks run inline unless a test starts a real worker (reviews/core/tests/test_celery_worker.py).
CELERY_TASK_ALWAYS_EAGER = True

# django-axes stays on, as in production: its failures and locks are rows of the test
# database, rolled back (or flushed) after each test, so every test starts with none.
# conftest.py's `client` fixture hands client.login() the request axes needs.

# No memory budget for renders: the limit is the whole process's, and here renders run
# inline beside the live server's and Playwright's threads. The tests that check the
# budget set it themselves.
EDITION_RENDER_MAX_MEMORY_MB = 0
