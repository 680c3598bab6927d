"""Restore a review from its export: python manage.py import_review FILE.zip."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reviews.archive.services.restore import review_restore


class Command(BaseCommand):
    help = "Restore a review from a zip made by export_review, with new ids, beside the reviews already here."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            with open(file, "rb") as handle:
                review, warnings = review_restore(actor=None, source=handle)
        except OSError as error:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}) from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        for warning in warnings:
            self.stdout.write(self.style.WARNING(str(warning)))
        self.stdout.write(_("Restored %(review)s as review %(id)s.") % {"review": review, "id": review.pk})
