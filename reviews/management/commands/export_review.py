"""Write a whole review into a zip: python manage.py export_review ID --out FILE.zip."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reviews.archive.services.export import review_export
from reviews.models import Review


class Command(BaseCommand):
    help = "Export a review with every row and file that belongs to it into one zip file."

    def add_arguments(self, parser):
        parser.add_argument("review_id", type=int)
        parser.add_argument("--out", required=True, help="the zip file to write")
        parser.add_argument(
            "--without-personal-data",
            action="store_true",
            help="leave out people's names and e-mail addresses, contacts' details (usernames become pseudonyms)",
        )

    def handle(self, *args, review_id, out, without_personal_data, **options):
        review = Review.objects.filter(pk=review_id).first()
        if review is None:
            raise CommandError(_("There is no review %(id)s.") % {"id": review_id})
        try:
            with open(out, "wb") as handle:
                manifest = review_export(
                    actor=None, review=review, out=handle, without_personal_data=without_personal_data
                )
        except (OSError, ValidationError) as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            _("Exported %(review)s: %(rows)s rows, %(files)s files, to %(out)s.")
            % {
                "review": review,
                "rows": rows,
                "files": sum(name.startswith("files/") for name in manifest["files"]),
                "out": out,
            }
        )
