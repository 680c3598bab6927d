from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    """Stakeholder engagement: registry, consultation rounds, the public portal (to come)."""

    name = "stakeholders"
    verbose_name = _("Stakeholders")
