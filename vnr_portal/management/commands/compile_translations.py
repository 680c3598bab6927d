"""Compile every .po catalogue of the project to .mo with polib, without GNU gettext.

Django's `compilemessages` runs gettext's `msgfmt`, which `make run` does not install;
this command gives the same .mo files from Python. polib, like msgfmt, leaves out fuzzy
and obsolete entries (the header is always kept: it carries the plural forms).
"""

import os
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def locale_dirs() -> list[Path]:
    """LOCALE_PATHS, then the `locale` folder of each app that is part of this project."""
    base_dir = Path(settings.BASE_DIR).resolve()
    candidates = [Path(path) for path in settings.LOCALE_PATHS]
    # Only our own apps: third-party ones ship compiled catalogues of their own.
    candidates += [
        Path(config.path) / "locale"
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == base_dir
    ]
    unique: dict[Path, None] = {}
    for path in candidates:
        if path.is_dir():
            unique.setdefault(path.resolve(), None)
    return list(unique)


def compile_catalogue(po_path: Path, mo_path: Path) -> int:
    """Write `mo_path` from `po_path`; return the number of messages written."""
    try:
        catalogue = polib.pofile(str(po_path), wrapwidth=0)
    except (OSError, ValueError) as error:
        raise CommandError(f"{po_path}: {error}") from error
    # Written beside and renamed, so a running server never reads a half-written file.
    partial = mo_path.with_name(f".{mo_path.name}.partial")
    catalogue.save_as_mofile(str(partial))
    os.replace(partial, mo_path)
    return len(catalogue.translated_entries())


class Command(BaseCommand):
    help = "Compile the project's locale/**/LC_MESSAGES/*.po files to .mo (only those changed since)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Compile even the catalogues that are up to date.")

    def handle(self, *args, force: bool = False, verbosity: int = 1, **options):
        compiled = up_to_date = 0
        for locale_dir in locale_dirs():
            for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    up_to_date += 1
                    continue
                count = compile_catalogue(po_path, mo_path)
                compiled += 1
                if verbosity >= 2:
                    self.stdout.write(f"Compiled {po_path} ({count} messages)")
        if verbosity >= 1:
            if compiled or up_to_date:
                self.stdout.write(f"Translations: {compiled} compiled, {up_to_date} up to date.")
            else:
                self.stdout.write("Translations: no .po files found.")
