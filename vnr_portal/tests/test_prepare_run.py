"""`manage.py prepare_run`: make run's set-up in one process, skipping what is done."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.core.management.commands import runserver

from indicators.models import Goal
from reviews.models import Review
from vnr_portal.management.commands import prepare_run

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def dev(settings, tmp_path):
    # As make run runs it (pytest-django turns DEBUG off for the tests).
    settings.DEBUG = True
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.VAR_DIR


def _run(**options) -> str:
    out = StringIO()
    call_command("prepare_run", stdout=out, **options)
    return out.getvalue()


def test_first_run_loads_the_framework_and_the_demo_then_the_next_run_skips_both(dev):
    first = _run()

    assert Goal.objects.count() == 17
    assert get_user_model().objects.filter(username="admin").exists()
    reviews = Review.objects.count()
    assert "[4/5] SDG framework ... The SDG framework is loaded." in first
    assert "[5/5] Demo data ... seeded" in first
    assert "Demo logins (password for all: vnr-demo-2026)" in first
    stamps = json.loads((dev / "prepare-run.json").read_text())
    [mine] = stamps.values()
    assert mine["framework"] == prepare_run.files_hash([prepare_run.DEFAULT_FRAMEWORK_PATH])

    second = _run()

    assert "[1/5] Translations ..." in second
    assert "[2/5] System checks ... System check identified no issues" in second
    assert "[3/5] Database ... up to date" in second
    assert "[4/5] SDG framework ... loaded, file unchanged" in second
    assert "[5/5] Demo data ... seeded, demo code unchanged" in second
    # The logins are shown again, and nothing was added.
    assert "Demo logins (password for all: vnr-demo-2026)" in second
    assert Review.objects.count() == reviews


@pytest.fixture
def served(monkeypatch):
    """What runserver was asked (its options; whether its migrations check was turned off), in place of serving."""
    calls = []

    def fake_run(command, **options):
        calls.append({**options, "migrations_check_skipped": "check_migrations" in vars(command)})

    monkeypatch.setattr(runserver.Command, "run", fake_run)
    monkeypatch.setattr(prepare_run.Command, "_prepare", lambda command, force: command.stdout.write("set up"))
    monkeypatch.delenv("RUN_MAIN", raising=False)
    return calls


def test_serve_runs_the_server_in_the_same_process_after_the_set_up_and_its_banner(dev, served):
    out = _run(serve="127.0.0.1:8123", banner="\nVNR Portal: http://localhost:8123/\n\n")

    assert out == "set up\n\nVNR Portal: http://localhost:8123/\n\n"
    [options] = served
    # The set-up has just run the system checks and applied the migrations.
    assert (options["addrport"], options["use_reloader"], options["skip_checks"]) == ("127.0.0.1:8123", False, True)
    assert options["migrations_check_skipped"]


def test_serve_only_skips_the_set_up_and_the_reloaders_child_the_banner_too(dev, served, monkeypatch):
    only = _run(serve="127.0.0.1:8123", serve_only=True, banner="VNR Portal\n")
    monkeypatch.setenv("RUN_MAIN", "true")  # how Django's reloader starts its child
    child = _run(serve="127.0.0.1:8123", reload=True, banner="VNR Portal\n")

    assert (only, child) == ("VNR Portal\n", "")
    assert [(options["use_reloader"], options["migrations_check_skipped"]) for options in served] == [
        (False, False),
        (True, False),
    ]


def test_refuses_to_run_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="prepare_run is for development"):
        _run()


def test_the_demo_code_is_seed_demo_and_every_demo_module_but_no_test():
    names = {str(path.relative_to(Path(prepare_run.settings.BASE_DIR))) for path in prepare_run.demo_code_files()}

    assert {
        "vnr_portal/management/commands/seed_demo.py",
        "indicators/evidence/demo.py",
        "stakeholders/demo.py",
        "reviews/followup/demo_commitments.py",
    } <= names
    assert not any("/tests/" in name or name.startswith(".venv") for name in names)


def test_a_changed_file_changes_the_hash(tmp_path):
    path = tmp_path / "data.json"
    path.write_text("{}")
    before = prepare_run.files_hash([path])
    path.write_text("{ }")

    assert prepare_run.files_hash([path]) != before
