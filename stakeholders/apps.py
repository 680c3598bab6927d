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

        # Handed to reviews from here, so that reviews never imports stakeholders: the
        # report's "you said, we did" annex, and the names the public chose, which the
        # audit log shows instead of their e-mail addresses.
        from reviews.core.people import register_display_names
        from reviews.publishing.assembly import register_annex

        from . import rules  # registers the permissions (its side effect); VIEW_ENGAGEMENT below
        from .portal.selectors import contributor_display_names
        from .uptake.annex import ANNEX_NAME, you_said_we_did_annex

        register_annex(ANNEX_NAME, you_said_we_did_annex)
        # A review's export (reviews/archive): the personal data of engagement, and what stays out.
        from reviews.archive.registry import register_exclusion, register_personal_fields

        register_personal_fields("stakeholders.Contact", "name", "email", "phone")
        register_personal_fields("stakeholders.RoundInvitation", "email")
        register_personal_fields("stakeholders.Contribution", "given_by", "given_by_contact")
        register_exclusion(
            "stakeholders.ContributorProfile.categories",
            _("a contributor's profile is the person's, across reviews: their answers about themselves stay here"),
        )
        # What a round's public page shows changes: a new token for its cached parts.
        from .moderation.freshness import connect as connect_freshness

        connect_freshness()
        # And what the inclusiveness dashboard, cached under the same tokens, reads besides.
        from .inclusiveness.freshness import connect as connect_inclusiveness_freshness

        connect_inclusiveness_freshness()
        register_exclusion(
            "stakeholders.RoundPublicVersion",
            _("a cache key of the public round page, made again on the first write after a restore"),
        )
        # Publishing the report ("Make public" of a final edition) closes the review's open
        # consultation rounds and tells their contributors.
        from reviews.publishing.signals import report_published

        from .rounds.services.rounds import on_report_published

        report_published.connect(on_report_published, dispatch_uid="stakeholders.rounds_close_for_publication")

        # The moderation queue in a person's "My tasks" (reviews/core/my_tasks.py).
        from reviews.core.my_tasks import register_task_provider
        from reviews.core.navigation import register_tab_permission

        from .moderation.my_tasks import moderation_queue

        register_task_provider("moderation", _("Moderation queue"), moderation_queue, order=60)
        # The review's "Engagement" tab shows to those its hub page lets in.
        register_tab_permission("engagement", rules.VIEW_ENGAGEMENT)
        register_display_names("contributors", contributor_display_names)
        # Standing groups' members may be invited to the institutional self-assessment.
        from reviews.followup.selfassessment_respondents import register_respondent_provider

        from .registry.followup_respondents import standing_group_respondents

        register_respondent_provider("stakeholders", standing_group_respondents)
        # The registry, the engagement plan and the response templates in the carry-over
        # of a new review from the previous one (reviews/followup/carryover.py).
        from .registry.carryover import register as register_carryover

        register_carryover()
        # The follow-up's chapter "From the first to the second VNR" and its side-by-side view
        # get the change in engagement from here (reviews.followup.chapter's registries).
        from reviews.followup.chapter import register_chapter_part, register_comparison

        from .inclusiveness.followup import engagement_chapter_part, engagement_comparison

        register_chapter_part("engagement", _("Engagement of stakeholders"), engagement_chapter_part, order=40)
        register_comparison("engagement", _("Engagement"), engagement_comparison, order=10)
