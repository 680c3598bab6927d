"""Render a review's report to a PDF file, synchronously (the same code as the worker)."""

import hashlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reviews.core.models import Review
from reviews.publishing.assembly import assemble
from reviews.publishing.pdf import RenderError, render_pdf


class Command(BaseCommand):
    help = "Assemble a review's report and write it as a PDF; prints pages, size and SHA-256."

    def add_arguments(self, parser):
        parser.add_argument("review_id", type=int)
        parser.add_argument("--out", required=True, help="Where to write the PDF.")
        final = parser.add_mutually_exclusive_group()
        final.add_argument("--final", action="store_true", default=None, help="A final edition (no draft mark).")
        final.add_argument("--draft", dest="final", action="store_false", help="A draft, even for a frozen review.")

    def handle(self, *args, review_id, out, final, **options):
        review = Review.objects.select_related("country").filter(pk=review_id).first()
        if review is None:
            raise CommandError(f"No review with id {review_id}.")
        assembly = assemble(review, final=final)
        try:
            rendered = render_pdf(assembly)
        except RenderError as error:
            raise CommandError(error.message) from error
        path = Path(out)
        try:
            path.write_bytes(rendered.data)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error}") from error
        digest = hashlib.sha256(rendered.data).hexdigest()
        self.stdout.write(f"pages: {rendered.page_count}")
        self.stdout.write(f"size: {len(rendered.data)}")
        self.stdout.write(f"sha256: {digest}")
        self.stdout.write(f"content_hash: {assembly.content_hash}")
        self.stdout.write(f"final: {'yes' if assembly.is_final else 'no'}")
