"""Export one indicator's data of a country (Open SDG CSV, XLSX, SDMX-ML), or all of it as a zip."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indicators.evidence import vocabulary
from indicators.evidence.exports import FORMATS, country_zip, indicator_export
from indicators.evidence.selectors import indicator_codes_with_data


class Command(BaseCommand):
    help = (
        "Export a country's data of one indicator as Open SDG CSV, XLSX or SDMX-ML 2.1 "
        "(--format zip without --indicator: every indicator, as Open SDG CSVs with metadata)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--country", required=True, help="ISO 3166 alpha-3 code of the country, such as GBR.")
        parser.add_argument("--indicator", help="The indicator code, such as 1.2.1 or 8.3.1.1.")
        parser.add_argument("--format", choices=[*FORMATS, "zip"], default="csv")
        parser.add_argument("--out", help="The file to write (default: standard output; XLSX and zip need --out).")

    def handle(self, *args, country, indicator=None, format="csv", out=None, **options):
        country = country.strip().upper()
        if not vocabulary.ISO3.fullmatch(country):
            raise CommandError(_("Enter the country's ISO 3166 alpha-3 code: three capital letters, such as GBR."))
        if format == "zip":
            export = country_zip(country=country)
        else:
            code = vocabulary.indicator_code(indicator or "")
            if code is None:
                raise CommandError(_("Give --indicator, an indicator code such as 1.2.1."))
            if code not in indicator_codes_with_data(country):
                raise CommandError(
                    _("%(country)s has no data for indicator %(code)s.") % {"country": country, "code": code}
                )
            export = indicator_export(country=country, code=code, format=format)
        if out:
            Path(out).write_bytes(export.content)
            self.stderr.write(_("Wrote %(path)s (%(size)d bytes).") % {"path": out, "size": len(export.content)})
        elif format in ("xlsx", "zip"):
            raise CommandError(_("An %(format)s export is binary: give --out FILE.") % {"format": format.upper()})
        else:
            self.stdout.write(export.content.decode("utf-8"), ending="")
