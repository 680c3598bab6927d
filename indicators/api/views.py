"""The SDG framework, public as its pages (/goals/): goals with their targets and indicators."""

from django.db.models import Prefetch
from rest_framework import viewsets

from indicators.models import Goal, Indicator, Target

from .serializers import GoalDetailSerializer, GoalSerializer


class GoalViewSet(viewsets.ReadOnlyModelViewSet):
    """The 17 goals; one goal with its targets and indicators."""

    lookup_field = "number"
    lookup_value_regex = "[0-9]+"
    pagination_class = None

    def get_queryset(self):
        goals = Goal.objects.order_by("number")
        if self.action == "retrieve":
            goals = goals.prefetch_related(
                Prefetch(
                    "targets",
                    queryset=Target.objects.order_by("position").prefetch_related(
                        Prefetch("indicators", queryset=Indicator.objects.order_by("position"))
                    ),
                )
            )
        return goals

    def get_serializer_class(self):
        return GoalDetailSerializer if self.action == "retrieve" else GoalSerializer
