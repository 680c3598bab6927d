"""Addresses of a portal's open data (under portal/<pk>/open-data/), in the `stakeholders:` namespace."""

from django.urls import path

from . import views

OPEN_DATA = "portal/<int:pk>/open-data/"

urlpatterns = [
    path(OPEN_DATA, views.opendata, name="portal-opendata"),
    path(OPEN_DATA + "report.<str:format>", views.opendata_report, name="portal-opendata-report"),
    path(OPEN_DATA + "you-said-we-did.<str:format>", views.opendata_outcomes, name="portal-opendata-outcomes"),
    path(OPEN_DATA + "indicators.<str:format>", views.opendata_indicators, name="portal-opendata-indicators"),
    path(OPEN_DATA + "opensdg.zip", views.opendata_opensdg, name="portal-opendata-opensdg"),
]
