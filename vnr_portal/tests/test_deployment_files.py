"""The deployment files (Dockerfile, compose.yaml, docs/production.md) agree with the settings
and the Makefile, so that following them gives the bounded workers the settings promise."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = [pytest.mark.unit]

BASE = Path(settings.BASE_DIR)


def _read(name: str) -> str:
    return (BASE / name).read_text(encoding="utf-8")


def _worker_limits(text: str) -> set[tuple[str, int]]:
    return {(name, int(value)) for name, value in re.findall(r"--max-(tasks|memory)-per-child[= ](\d+)", text)}


def test_the_documented_and_composed_worker_commands_repeat_the_settings_limits():
    expected = {
        ("tasks", settings.CELERY_WORKER_MAX_TASKS_PER_CHILD),
        ("memory", settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD),
    }

    assert _worker_limits(_read("compose.yaml")) == expected
    assert _worker_limits(_read("docs/production.md")) == expected


def test_the_image_installs_the_system_packages_make_run_installs():
    makefile = _read("Makefile")
    run_debs = re.search(r"^RUN_DEBS := ((?:.*\\\n)*.*)$", makefile, re.MULTILINE)[1]
    packages = set(run_debs.replace("\\\n", " ").split())
    dockerfile = _read("Dockerfile")
    installed = re.search(r"apt-get install -y --no-install-recommends \\\n((?:.*\\\n)*?)\s+&& rm", dockerfile)[1]

    assert set(installed.replace("\\\n", " ").split()) == packages


def test_compose_runs_web_worker_beat_migrate_postgresql_and_redis_with_files_outside_the_code():
    compose = _read("compose.yaml")
    services_block = compose.split("\nservices:\n", 1)[1].split("\nvolumes:\n")[0]
    services = set(re.findall(r"^  ([a-z]+):\n", services_block, re.MULTILINE))

    assert services == {"db", "redis", "migrate", "web", "worker", "beat"}
    assert "- portal-data:/var/lib/vnr" in compose
    assert "VAR_DIR=/var/lib/vnr" in _read("Dockerfile")
