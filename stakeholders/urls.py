"""Stakeholder engagement: the taskforce's pages under reviews/<pk>/, the public portal
under portal/. Each views module lists its own routes."""

from django.urls import include, path

from .views import uptake

app_name = "stakeholders"
urlpatterns = [
    path("", include("stakeholders.registry.urls")),
    path("", include("stakeholders.inclusiveness.urls")),
    path("", include("stakeholders.rounds.urls")),
    path("", include("stakeholders.portal.urls")),
    path("", include("stakeholders.moderation.urls")),
    *uptake.urlpatterns,
]
