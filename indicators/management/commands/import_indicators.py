"""Import a country's indicator data from Open SDG CSV, long CSV/XLSX or SDMX-ML files."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indicators.evidence.services.imports import evidence_import, files_from_paths


class Command(BaseCommand):
    help = (
        "Import indicator data for a country from files or folders: Open SDG CSV (indicator_1-2-1.csv), "
        "a long CSV or XLSX with an Indicator column, SDMX-ML 2.1. Each file is checked whole before it is "
        "written; a file with a bad row writes nothing unless --skip-invalid-rows. A series imported again "
        "replaces the old one. Exits 0 when it ran, even if rows were rejected."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="A file, or a folder searched recursively.")
        parser.add_argument("--country", required=True, help="ISO 3166 alpha-3 code of the country, such as GBR.")
        parser.add_argument("--json", action="store_true", help="End the output with the summary as a JSON object.")
        parser.add_argument(
            "--skip-invalid-rows",
            action="store_true",
            help="Import the good rows of a file that has bad ones (each bad row is reported).",
        )

    def handle(self, *args, paths, country, json=False, skip_invalid_rows=False, **options):
        country = country.strip().upper()
        missing = [path for path in paths if not Path(path).exists()]
        if missing:
            raise CommandError(_("No such file or folder: %(path)s") % {"path": missing[0]})
        files = files_from_paths(paths)
        verbose = options.get("verbosity", 1) >= 2

        def progress(done, total, name):
            if verbose:
                self.stdout.write(_("[%(done)d/%(total)d] %(name)s") % {"done": done, "total": total, "name": name})

        try:
            summary = evidence_import(
                country=country, files=files, skip_invalid_rows=skip_invalid_rows, progress=progress
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self._report(summary)
        if json:
            self.stdout.write(_json_line(summary.as_dict()))

    def _report(self, summary):
        for result in summary.results:
            if result.written:
                self.stdout.write(
                    _("%(file)s: %(count)d observations, %(written)d series written, %(unchanged)d unchanged.")
                    % {
                        "file": result.name,
                        "count": result.observations,
                        "written": result.series_written,
                        "unchanged": result.series_unchanged,
                    }
                )
            elif any(error.file == result.name for error in summary.errors):
                self.stdout.write(_("%(file)s: nothing written.") % {"file": result.name})
            else:
                self.stdout.write(_("%(file)s: no data.") % {"file": result.name})
        for error in summary.errors:
            self.stderr.write(str(error))
        if summary.national_indicators:
            self.stdout.write(
                _("Imported as national indicators (not in the global framework): %(codes)s")
                % {"codes": ", ".join(summary.national_indicators)}
            )
        self.stdout.write(
            _(
                "%(country)s: %(files)d files, %(imported)d observations imported, %(rejected)d rows rejected, "
                "%(duplicates)d exact duplicates dropped, %(empty)d rows without a value; "
                "%(total)d observations of %(indicators)d indicators stored."
            )
            % {
                "country": summary.country,
                "files": summary.files,
                "imported": summary.observations_imported,
                "rejected": summary.rows_rejected,
                "duplicates": summary.duplicates_dropped,
                "empty": summary.rows_empty,
                "total": summary.observations_total,
                "indicators": summary.indicators,
            }
        )


def _json_line(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
