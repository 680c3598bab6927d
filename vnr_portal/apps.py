from django.apps import AppConfig


class VnrPortalConfig(AppConfig):
    """The project package as an app, for project-wide management commands and tests."""

    name = "vnr_portal"
    verbose_name = "VNR Portal"
