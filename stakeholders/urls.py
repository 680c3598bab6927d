"""Stakeholder engagement: the taskforce's pages under reviews/<pk>/engagement/, the public
portal under portal/. One urls module per feature package, all in the `stakeholders:`
namespace (names and paths are those the app always had)."""

from django.urls import include, path

app_name = "stakeholders"
urlpatterns = [
    path("", include("stakeholders.registry.urls")),
    path("", include("stakeholders.rounds.urls")),
    path("", include("stakeholders.portal.urls")),
    path("", include("stakeholders.moderation.urls")),
    path("", include("stakeholders.uptake.urls")),
    path("", include("stakeholders.inclusiveness.urls")),
    path("", include("stakeholders.opendata.urls")),
]
