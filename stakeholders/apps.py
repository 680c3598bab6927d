from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    """Stakeholder engagement: registry and mapping, standing groups, the engagement plan,
    consultation rounds on the public portal, moderation and "you said, we did"."""

    name = "stakeholders"
    verbose_name = _("Stakeholders")

    def ready(self):
        from . import rules  # noqa: F401  (registers the permissions)
