"""The standing groups' member accounts as self-assessment respondent groups
(`reviews.followup.selfassessment_respondents`, registered in `StakeholdersConfig.ready()`)."""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from reviews.followup.selfassessment_respondents import RespondentGroup

from .models import StandingGroup


def standing_group_respondents(review) -> list[RespondentGroup]:
    """Each standing group of `review` with member accounts (two queries)."""
    groups = StandingGroup.objects.filter(review=review).prefetch_related(
        Prefetch("members", queryset=get_user_model().objects.filter(is_active=True).order_by("pk"))
    )
    return [
        RespondentGroup(
            key=f"stakeholders:{group.pk}",
            label=_("Stakeholder group: %(name)s") % {"name": group.name},
            users=list(group.members.all()),
        )
        for group in groups
        if group.members.all()
    ]
