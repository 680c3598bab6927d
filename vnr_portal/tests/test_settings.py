"""Production settings, checked in a fresh process as a server would start them."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = [pytest.mark.integration]


def _manage(*args, **env_vars):
    # DJANGO_ALLOW_ASYNC_UNSAFE comes from settings_test (Playwright's thread needs it):
    # not a production variable, and check --deploy rightly refuses it.
    inherited = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    # DEBUG and SECRET_KEY empty rather than absent: settings read .env without
    # overwriting, so an absent variable could come from a developer's .env; empty means
    # "not set" to them (env.bool("") is False, an empty SECRET_KEY is refused).
    env = {**inherited, "DJANGO_SETTINGS_MODULE": "vnr_portal.settings", "DEBUG": "", "SECRET_KEY": "", **env_vars}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_settings_production_passes_check_deploy(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="vnr.example.org",
        VAR_DIR=str(tmp_path / "var"),
        MEDIA_ROOT=str(tmp_path / "var" / "media"),
    )

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("System check identified no issues")


def test_check_deploy_warns_when_uploads_would_live_in_the_code_folder(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="vnr.example.org",
        VAR_DIR=str(tmp_path / "var"),
        MEDIA_ROOT=str(settings.BASE_DIR / "var" / "media"),
    )

    assert result.returncode == 1
    assert "(vnr_portal.W001) MEDIA_ROOT" in result.stderr
    assert "is inside the code folder" in result.stderr
    assert "Set VAR_DIR (or MEDIA_ROOT) to a folder outside it" in result.stderr


def test_settings_production_refuses_to_start_without_secret_key():
    result = _manage("check", ALLOWED_HOSTS="vnr.example.org")

    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: Set SECRET_KEY (or DEBUG=1 for local development)."
    )


def test_settings_debug_starts_without_secret_key():
    result = _manage("check", DEBUG="1")

    assert (result.returncode, result.stdout) == (0, "System check identified no issues (0 silenced).\n")


@pytest.mark.parametrize(
    ("cache_url", "engine"),
    [
        ("redis://127.0.0.1:6379/1", "django.contrib.sessions.backends.cached_db"),
        ("locmemcache://", "django.contrib.sessions.backends.db"),
    ],
)
def test_sessions_are_read_from_the_cache_only_when_every_process_shares_it(tmp_path, cache_url, engine):
    # A cache in each process's memory would keep a signed-out session alive elsewhere.
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SESSION_ENGINE)",
        DEBUG="1",
        VAR_DIR=str(tmp_path / "var"),
        CACHE_URL=cache_url,
    )

    assert (result.returncode, result.stdout.strip().splitlines()[-1:]) == (0, [engine]), result.stderr


def test_the_pages_parts_are_cached_in_each_process_even_beside_a_shared_cache(tmp_path):
    # Their keys name their content: no process can read a stale part from its own copy.
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['pages'])",
        DEBUG="1",
        VAR_DIR=str(tmp_path / "var"),
        CACHE_URL="redis://127.0.0.1:6379/1",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == str(
        {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    )
