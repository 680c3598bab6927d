from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self):
        from vnr_portal.common.text import connect_one_line_fields

        # No control character or line break in any one-line field (titles reach e-mail subjects).
        connect_one_line_fields(*self.get_models())

        # The data a review uses is recorded when its report is frozen (reviews.evidence;
        # drafting, which freezes it, may not import evidence).
        from django.db.models.signals import post_save

        from reviews.core.models import AuditEntry
        from reviews.evidence.services.snapshots import snapshot_on_freeze

        post_save.connect(snapshot_on_freeze, sender=AuditEntry, dispatch_uid="evidence_snapshot_on_freeze")
        # The evidence package may not import publishing (both are top-layer features): its
        # annexes and the opening of each Goal chapter are handed to the assembly from here.
        # Trusted: server-made html, escaped by its templates, with the charts' SVG.
        from reviews.evidence.annexes import data_gap_annex, goal_openings, statistical_annex
        from reviews.publishing.assembly import register_annex, register_goal_opening

        register_annex("statistical", statistical_annex, trusted=True)
        register_annex("data_gaps", data_gap_annex, trusted=True)
        register_goal_opening("goal_tile", goal_openings)
