import django_filters
from django.utils.translation import gettext_lazy as _

from reviews.drafting.models import SectionRevision
from reviews.followup.models import Commitment, CommitmentStatus
from reviews.reporting.models import ProgressReport, ReportStatus
from vnr_portal.common.api.filters import bounded_integer


class CommitmentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        field_name="current_status", choices=CommitmentStatus.choices, help_text=_("The current status.")
    )
    goal = bounded_integer("goals__number", 1, 17, distinct=True, help_text=_("A Goal's number."))

    class Meta:
        model = Commitment
        fields = ["status", "goal"]


class ProgressReportFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices)
    goal = bounded_integer("goal__number", 1, 17)
    ministry = bounded_integer("ministry_id", 1, 10**15)

    class Meta:
        model = ProgressReport
        fields = ["status", "goal", "ministry"]


class SectionRevisionFilter(django_filters.FilterSet):
    section = bounded_integer("section_id", 1, 10**15, help_text=_("A section's id."))

    class Meta:
        model = SectionRevision
        fields = ["section"]
