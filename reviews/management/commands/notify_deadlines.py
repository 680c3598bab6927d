import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reviews.workspace.services.deadlines_notify import notify_deadlines


class Command(BaseCommand):
    help = "Remind editors, task owners and coordinators of deadlines that are near (for cron; safe to run twice)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Run as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, today=None, **options):
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError as error:
                raise CommandError(f"--today must be a date like 2027-03-01: {error}") from error
        else:
            day = timezone.localdate()
        created = notify_deadlines(today=day)
        self.stdout.write(f"{created} new notification(s).")
