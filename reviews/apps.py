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
        # The generated chapter "From the first to the second VNR": followup's own part (the
        # change in data availability and progress); stakeholders hands in the engagement's.
        from reviews.followup.chapter import register_chapter_part
        from reviews.followup.selectors.chapter import data_change_part

        register_chapter_part("data", _("Data availability and progress"), data_change_part, order=30)

        from indicators.evidence.signals import series_changed
        from reviews.drafting.services.data_references import on_series_changed

        # Sections whose text shows data that changed are flagged, their approvals made stale.
        series_changed.connect(on_series_changed, dispatch_uid="reviews.drafting.data_references")

        # "My tasks" (reviews/core/my_tasks.py) asks each package what waits for a person.
        from reviews.core.my_tasks import register_task_provider
        from reviews.drafting import my_tasks as drafting_tasks
        from reviews.reporting import my_tasks as reporting_tasks
        from reviews.workspace import my_tasks as workspace_tasks

        register_task_provider("votes", _("Votes waiting for your ballot"), drafting_tasks.votes_waiting, order=10)
        register_task_provider("reports-to-fill", _("Reports to fill"), reporting_tasks.reports_to_fill, order=20)
        register_task_provider("reports-to-review", _("Reports to review"), reporting_tasks.reports_to_review, order=30)
        register_task_provider("sections-to-edit", _("Sections to edit"), drafting_tasks.sections_to_edit, order=40)
        register_task_provider(
            "sections-to-approve", _("Sections to approve"), drafting_tasks.sections_to_approve, order=50
        )
        register_task_provider("deadlines", _("Deadlines soon or late"), workspace_tasks.deadlines_soon, order=70)
