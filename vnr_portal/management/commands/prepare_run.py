"""`make run`'s set-up in one process, doing only what is not done yet.

Each `manage.py` command loads Django and every app again (a second or more each), so the
steps that `make run` used to run one by one are run here in one process, each saying what
it does and how long it took, and each skipped when there is nothing to do:

1. translations: `compile_translations` (catalogues newer than their .mo files only);
2. the system checks (runserver is then started with --skip-checks);
3. the database: `migrate` only when a migration is not applied yet;
4. the SDG framework: `load_sdg_framework` only when its file changed since it was loaded
   into this database, or the database has no goals;
5. the demo: `seed_demo` only when its code changed since it seeded this database, a
   migration was just applied, the framework was reloaded or the demo's administrator is
   missing; otherwise the demo logins it printed last time are printed again.

What was done is remembered in VAR_DIR/prepare-run.json: for each database, the hashes of
the framework file and of the demo's code at their last run. Delete the file (or pass
--force) to run every step again. Development only, like seed_demo.

With --serve ADDRPORT the development server then runs in this same process (make run's web
server: vnr_portal/devserver.sh), without the system checks and the migrations check, which
the set-up has just done: one Python process and one start of Django instead of two. With
--reload, Django's reloader runs this command again in a child process, which only serves.
"""

import hashlib
import io
import json
import os
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import autoreload

from indicators.models import Goal
from indicators.services import DEFAULT_FRAMEWORK_PATH
from vnr_portal.management.commands.seed_demo import ADMIN_USERNAME

STAMP_NAME = "prepare-run.json"
# Folders never searched for the demo's code.
SKIPPED_FOLDERS = {".git", ".venv", "node_modules", "var", "static", "frontend", "locale", "__pycache__"}


def files_hash(paths: list[Path]) -> str:
    """SHA-256 over the names and contents of `paths` (in the order given)."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for path in paths:
        digest.update(str(path.relative_to(base) if path.is_relative_to(base) else path).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def demo_code_files() -> list[Path]:
    """seed_demo and every `demo*.py` module of the project's apps: the demo's content."""
    base = Path(settings.BASE_DIR)
    found = [base / "vnr_portal" / "management" / "commands" / "seed_demo.py"]

    def walk(folder: Path):
        for path in sorted(folder.iterdir()):
            if path.is_dir():
                if path.name not in SKIPPED_FOLDERS and path.name != "tests" and not (path / "pyvenv.cfg").exists():
                    yield from walk(path)
            elif path.suffix == ".py" and path.name.startswith("demo"):
                yield path

    found += walk(base)
    return found


def database_key() -> str:
    """Which database the stamps are about (the same VAR_DIR may serve several)."""
    db = settings.DATABASES[DEFAULT_DB_ALIAS]
    return f"{db['ENGINE']}:{db.get('HOST') or ''}:{db.get('PORT') or ''}:{db['NAME']}"


class Command(BaseCommand):
    help = "make run's set-up: translations, checks, migrations, SDG framework, demo data; only what is not done yet."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run every step, even those already done.")
        parser.add_argument(
            "--serve", metavar="ADDRPORT", help="Then run the development server on ADDRPORT in this process."
        )
        parser.add_argument("--reload", action="store_true", help="With --serve: restart it when the code changes.")
        parser.add_argument("--banner", default="", help="With --serve: printed as given after the demo logins, once.")
        parser.add_argument(
            "--serve-only", action="store_true", help="With --serve: no set-up (the database is ready), only serve."
        )

    def handle(self, *args, force=False, serve=None, reload=False, banner="", serve_only=False, **options):
        if not settings.DEBUG:
            raise CommandError("prepare_run is for development (it seeds demo accounts): run it with DEBUG=1.")
        # The reloader's child process (one per code change) only serves: the parent set up.
        reloader_child = os.environ.get(autoreload.DJANGO_AUTORELOAD_ENV) == "true"
        prepared = not (serve and (serve_only or reloader_child))
        if prepared:
            self._prepare(force)
        if not serve:
            return
        if banner and not reloader_child:
            self.stdout.write(banner, ending="")
            self.stdout.flush()
        runserver = load_command_class(get_commands()["runserver"], "runserver")
        if prepared:
            # The Database step has just applied every migration.
            runserver.check_migrations = lambda: None
        call_command(runserver, serve, use_reloader=reload, skip_checks=True)

    def _prepare(self, force: bool) -> None:
        self.stamp_path = Path(settings.VAR_DIR) / STAMP_NAME
        stamps = {} if force else self._read_stamps()
        mine = stamps.setdefault(database_key(), {})
        self.step_number, self.steps = 0, 5

        self._step("Translations", lambda: self._quiet("compile_translations"))
        self._step("System checks", lambda: self._quiet("check", fail_level="ERROR") or "no issues")
        migrated = self._step("Database", self._migrate)

        framework_hash = files_hash([DEFAULT_FRAMEWORK_PATH])
        framework_due = force or mine.get("framework") != framework_hash or not Goal.objects.exists()
        if framework_due:
            self._step("SDG framework", lambda: self._quiet("load_sdg_framework").splitlines()[-1])
            mine["framework"] = framework_hash
            self._write_stamps(stamps)
        else:
            self._step("SDG framework", lambda: "loaded, file unchanged")

        demo_hash = files_hash(demo_code_files())
        admin_missing = not get_user_model().objects.filter(username=ADMIN_USERNAME).exists()
        demo_due = force or migrated or framework_due or admin_missing or mine.get("demo") != demo_hash
        if demo_due:
            logins = io.StringIO()
            self._step("Demo data", lambda: call_command("seed_demo", stdout=logins) or "seeded")
            mine["demo"], mine["demo_logins"] = demo_hash, logins.getvalue()
            self._write_stamps(stamps)
        else:
            self._step("Demo data", lambda: "seeded, demo code unchanged")
        self.stdout.write(mine.get("demo_logins", ""))

    def _step(self, title: str, action):
        self.step_number += 1
        self.stdout.write(f"[{self.step_number}/{self.steps}] {title} ...", ending="")
        self.stdout.flush()
        started = time.perf_counter()
        result = action()
        detail = result if isinstance(result, str) else ("applied" if result else "up to date")
        self.stdout.write(f" {detail} ({time.perf_counter() - started:.1f} s)")
        return result

    def _quiet(self, command: str, **options) -> str:
        """Run `command`, returning what it printed (its last line says what it did)."""
        out = io.StringIO()
        call_command(command, stdout=out, **options)
        return out.getvalue().strip().splitlines()[-1] if out.getvalue().strip() else ""

    def _migrate(self) -> bool:
        """Apply the migrations not applied yet; whether there were any."""
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
            return False
        self.stdout.write("")
        call_command("migrate", interactive=False, verbosity=1, stdout=self.stdout)
        return True

    def _read_stamps(self) -> dict:
        try:
            stamps = json.loads(self.stamp_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return stamps if isinstance(stamps, dict) else {}

    def _write_stamps(self, stamps: dict) -> None:
        partial = self.stamp_path.with_name(f".{self.stamp_path.name}.partial")
        partial.write_text(json.dumps(stamps, indent=2, sort_keys=True), encoding="utf-8")
        partial.replace(self.stamp_path)
