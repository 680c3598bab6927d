"""Create a big review on demand, to measure pages at a big country's size.

Each call creates a NEW country (user-assigned code XAA, XAB, …) with its first VNR on
record and a second VNR in drafting, so the demo and earlier runs are never touched. The
accounts get a random password, printed once (with --json in the last line's object).
The data: vnr_portal/scale.py.
"""

import json
import time

from django.core.management.base import BaseCommand, CommandError

from indicators.models import Goal
from vnr_portal.scale import DEFAULTS, seed_scale


class Command(BaseCommand):
    help = "Create a separate big review (ministries, sections, revisions, reports, comments) and print its logins."

    def add_arguments(self, parser):
        for name, default in DEFAULTS.items():
            parser.add_argument(f"--{name}", type=int, default=default, help=f"How many {name} (default {default}).")
        parser.add_argument("--json", action="store_true", help="Print a JSON object as the last line.")

    def handle(self, *args, **options):
        if Goal.objects.count() != 17:
            raise CommandError("Load the SDG framework first: manage.py load_sdg_framework")
        sizes = {name: options[name] for name in DEFAULTS}
        for name, value in sizes.items():
            if value < 1 or value > 100_000:
                raise CommandError(f"--{name} must be between 1 and 100000 (got {value}).")
        if sizes["ministries"] < 2:
            raise CommandError("--ministries must be at least 2.")
        started = time.perf_counter()

        def log(step):
            if options["verbosity"] > 1 or not options["json"]:
                self.stderr.write(f"{time.perf_counter() - started:7.1f} s  {step}")

        result = seed_scale(log=log, **sizes)
        seconds = time.perf_counter() - started
        payload = result.as_json() | {"seconds": round(seconds, 1)}
        if options["json"]:
            self.stdout.write(json.dumps(payload))
            return
        self.stdout.write(f"Review {result.review.pk} ({result.review.country.name}) made in {seconds:.1f} s: ")
        self.stdout.write(", ".join(f"{count} {name}" for name, count in result.counts.items()))
        self.stdout.write(f"Password for every account: {result.password}")
        for role, username in result.users.items():
            self.stdout.write(f"  {role:<16} {username}")
        for name, url in result.urls.items():
            self.stdout.write(f"  {name:<16} {url}")
