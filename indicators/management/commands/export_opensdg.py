"""Write a country's indicator data as an Open SDG data folder (data/ and meta/)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indicators.evidence import vocabulary
from indicators.evidence.exports import opensdg_files


class Command(BaseCommand):
    help = (
        "Write every indicator of a country with data into DIR as an Open SDG data folder: "
        "data/indicator_<code>.csv and meta/<code>.md (the layout an Open SDG site builds from), "
        "plus README.txt. Files of the same names are replaced; other files are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("country", help="ISO 3166 alpha-3 code of the country, such as GBR.")
        parser.add_argument("--out", required=True, help="The folder to write (created if missing).")
        parser.add_argument("--licence-name", default="", help="The data's licence, such as CC BY 4.0.")
        parser.add_argument("--licence-url", default="", help="The address of the licence's text.")

    def handle(self, *args, country, out, licence_name="", licence_url="", **options):
        country = country.strip().upper()
        if not vocabulary.ISO3.fullmatch(country):
            raise CommandError(_("Enter the country's ISO 3166 alpha-3 code: three capital letters, such as GBR."))
        folder = Path(out)
        if folder.exists() and not folder.is_dir():
            raise CommandError(_("%(path)s is a file, not a folder.") % {"path": out})
        licence = (licence_name, licence_url) if licence_name else None
        files = opensdg_files(country=country, licence=licence)
        if len(files) <= 1:
            raise CommandError(_("%(country)s has no indicator data.") % {"country": country})
        for one in files:
            path = folder / one.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(one.content)
        self.stderr.write(
            _("Wrote %(count)d indicators into %(path)s.") % {"count": (len(files) - 1) // 2, "path": out}
        )
