from django.apps import AppConfig


def contributor_display_names(user_ids: list[int]) -> dict[int, str]:
    """The display names public contributors chose (stakeholders' portal), one query."""
    from stakeholders.models import ContributorProfile

    return dict(ContributorProfile.objects.filter(user_id__in=user_ids).values_list("user_id", "display_name"))


class VnrPortalConfig(AppConfig):
    """The project package as an app, for project-wide management commands and tests, and
    the home of each person's profile (vnr_portal.accounts)."""

    name = "vnr_portal"
    verbose_name = "VNR Portal"

    def ready(self):
        from reviews.core.people import register_display_names
        from vnr_portal.accounts import signals

        signals.connect()
        # The project joins its apps: `reviews` names the public in its audit log by the
        # names they chose on the stakeholders' portal, without importing stakeholders.
        register_display_names("contributors", contributor_display_names)
