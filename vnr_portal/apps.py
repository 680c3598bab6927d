from django.apps import AppConfig


class VnrPortalConfig(AppConfig):
    """The project package as an app, for project-wide management commands and tests, and
    the home of each person's profile (vnr_portal.accounts)."""

    name = "vnr_portal"
    verbose_name = "VNR Portal"

    def ready(self):
        from vnr_portal.accounts import signals

        signals.connect()
