import django_filters
from django.utils.translation import gettext_lazy as _

from reviews.followup.models import Commitment, CommitmentStatus
from reviews.reporting.models import ProgressReport, ReportStatus


class CommitmentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        field_name="current_status", choices=CommitmentStatus.choices, help_text=_("The current status.")
    )
    goal = django_filters.NumberFilter(
        field_name="goals__number", min_value=1, max_value=17, distinct=True, help_text=_("A Goal's number.")
    )

    class Meta:
        model = Commitment
        fields = ["status", "goal"]


class ProgressReportFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices)
    goal = django_filters.NumberFilter(field_name="goal__number", min_value=1, max_value=17)
    ministry = django_filters.NumberFilter(field_name="ministry_id", min_value=1, max_value=10**15)

    class Meta:
        model = ProgressReport
        fields = ["status", "goal", "ministry"]
