from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self):
        from vnr_portal.common.text import connect_one_line_fields

        # No control character or line break in any one-line field (titles reach e-mail subjects).
        connect_one_line_fields(*self.get_models())

        # Personal API tokens made and revoked on "My settings" go to the audit log
        # (vnr_portal.accounts may not import reviews: it sends `api_token_changed`).
        from reviews.core.audit import record_api_token_change
        from vnr_portal.accounts.signals import api_token_changed

        api_token_changed.connect(record_api_token_change, dispatch_uid="reviews_audit_api_tokens")

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
        # The follow-up's annexes (followup may not import publishing either): the
        # self-assessment's summary and the sector reviews among the references.
        from reviews.followup.selfassessment_report import selfassessment_annex
        from reviews.followup.strategy_report import sector_reviews_annex

        register_annex("selfassessment", selfassessment_annex, trusted=True)
        register_annex("sector_reviews", sector_reviews_annex, trusted=True)
        # The generated chapter "From the first to the second VNR": followup's own part (the
        # change in data availability and progress); stakeholders hands in the engagement's.
        from reviews.followup.chapter import register_chapter_part
        from reviews.followup.selectors.chapter import data_change_part

        register_chapter_part("data", _("Data availability and progress"), data_change_part, order=30)
        # The commitments table and the self-assessment's summary come first.
        from reviews.followup.annexes import commitments_chapter_part
        from reviews.followup.selfassessment_report import selfassessment_chapter_part

        register_chapter_part(
            "commitments",
            _("Commitments of the previous VNR and what became of them"),
            commitments_chapter_part,
            order=10,
        )
        register_chapter_part(
            "self_assessment", _("The institutional arrangements, self-assessed"), selfassessment_chapter_part, order=20
        )

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

        # The follow-up (a top-layer package) hands in its part of a ministry's progress
        # report: the commitments the ministry owns, with a link to update them.
        # Reporting hands the follow-up its accepted reports, cited as a commitment's evidence.
        from reviews.followup.references import register_report_provider
        from reviews.followup.report_part import commitments_report_part
        from reviews.reporting.extras import accepted_reports_of, register_report_part

        register_report_provider(accepted_reports_of)
        register_report_part("commitments", _("Commitments of the previous VNR"), commitments_report_part, order=10)

        # The follow-up's annex: the commitments table and the roadmap's summary.
        from reviews.followup.annexes import commitments_annex

        register_annex("commitments", commitments_annex, trusted=True)

        from reviews.followup import my_tasks as followup_tasks

        register_task_provider(
            "commitment-updates", _("Commitment updates to review"), followup_tasks.updates_to_review, order=35
        )

        # Carry-over from the previous review (reviews/followup/carryover.py): followup's own
        # parts, and reporting's template (followup may not import reporting).
        from reviews.followup.carryover import register_carryover_part
        from reviews.followup.services.carryover import register_builtin_parts
        from reviews.reporting.carryover import report_template_copy, report_template_has_content

        register_builtin_parts()
        register_carryover_part(
            "report_template",
            _("The progress-report template and its questions"),
            report_template_copy,
            30,
            has_content=report_template_has_content,
            help_text=_("The current version of the template, as the new review's first."),
        )

        # A Celery worker warms the PDF renderer when it starts (imports, fonts), so that
        # its first render is not seconds slower than the next ones.
        from reviews.publishing import warmup

        warmup.connect()
