from django.apps import AppConfig


class VnrPortalConfig(AppConfig):
    """The project package as an app, for project-wide management commands and tests, and
    the home of each person's profile (vnr_portal.accounts)."""

    name = "vnr_portal"
    verbose_name = "VNR Portal"

    def ready(self):
        from django.contrib.auth import get_user_model

        from vnr_portal import checks  # noqa: F401  (registers the project's system checks)
        from vnr_portal.accounts import signals
        from vnr_portal.common.text import connect_one_line_fields

        signals.connect()
        # No control character or line break in any one-line field, the accounts' names too.
        connect_one_line_fields(*self.get_models(), get_user_model())
