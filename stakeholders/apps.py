from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    """Stakeholder engagement: registry and mapping, standing groups, the engagement plan,
    consultation rounds on the public portal, moderation and "you said, we did"."""

    name = "stakeholders"
    verbose_name = _("Stakeholders")

    def ready(self):
        from vnr_portal.common.text import connect_one_line_fields

        # No control character or line break in any one-line field (names reach e-mail subjects).
        connect_one_line_fields(*self.get_models())

        # The report's "you said, we did" annex: handed to the assembly from here, so that
        # reviews never imports stakeholders.
        from reviews.publishing.assembly import register_annex

        from . import rules  # noqa: F401 - imported for its side effect: it registers the permissions
        from .uptake.annex import ANNEX_NAME, you_said_we_did_annex

        register_annex(ANNEX_NAME, you_said_we_did_annex)
