"""Load (or refresh) the SDG goals, targets and indicators from the framework file."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indicators.services import DEFAULT_FRAMEWORK_PATH, FrameworkError, framework_load


class Command(BaseCommand):
    help = "Create or update the SDG goals, targets and indicators from a framework JSON file. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            help=f"The framework JSON file (default: {DEFAULT_FRAMEWORK_PATH}).",
        )

    def handle(self, *args, path=None, **options):
        try:
            counts = framework_load(path=path)
        except FrameworkError as error:
            raise CommandError(
                "\n".join([_("The framework was not loaded; nothing was changed."), *error.messages])
            ) from error
        labels = {"goals": _("Goals"), "targets": _("Targets"), "indicators": _("Indicators")}
        for level, label in labels.items():
            self.stdout.write(
                _("%(label)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
                % {"label": label, **counts[level]}
            )
        self.stdout.write(self.style.SUCCESS(_("The SDG framework is loaded.")))
