from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self):
        from vnr_portal.common.text import connect_one_line_fields

        # No control character or line break in any one-line field (titles reach e-mail subjects).
        connect_one_line_fields(*self.get_models())

        # The data a review uses is recorded when its report is frozen (drafting, which
        # freezes it, may not import evidence: it sends `review_frozen`).
        from reviews.core.signals import review_frozen
        from reviews.evidence.services.snapshots import snapshot_on_freeze

        review_frozen.connect(snapshot_on_freeze, dispatch_uid="evidence_snapshot_on_freeze")

        # The evidence package may not import publishing (both are top-layer features): its
        # annexes and the opening of each Goal chapter are handed to the assembly from here.
        # Trusted: server-made html, escaped by its templates, with the charts' SVG.
        from reviews.evidence.annexes import data_gap_annex, goal_openings, statistical_annex
        from reviews.publishing.assembly import register_annex, register_goal_opening

        register_annex("statistical", statistical_annex, trusted=True)
        register_annex("data_gaps", data_gap_annex, trusted=True)
        register_goal_opening("goal_tile", goal_openings)

        from indicators.evidence.signals import series_changed
        from reviews.drafting.services.data_references import on_series_changed

        # Sections whose text shows data that changed are flagged, their approvals made stale.
        series_changed.connect(on_series_changed, dispatch_uid="reviews.drafting.data_references")
