"""Addresses of the public portal (under portal/) and of its settings (staff, under
reviews/<pk>/engagement/portal/), in the `stakeholders:` namespace."""

from django.urls import path

from .views import settings

urlpatterns = [
    path("reviews/<int:pk>/engagement/portal/", settings.portal_settings, name="portal-settings"),
    path("reviews/<int:pk>/engagement/portal/publish/", settings.portal_publish, name="portal-publish"),
]
