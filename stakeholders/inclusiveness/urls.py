"""Addresses of inclusiveness: the dashboard, its CSV and the baseline (staff), and the
survey after a round (public), in the `stakeholders:` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("reviews/<int:pk>/engagement/inclusiveness/", views.inclusiveness, name="inclusiveness"),
    path("reviews/<int:pk>/engagement/inclusiveness.csv", views.inclusiveness_csv, name="inclusiveness-csv"),
    path(
        "reviews/<int:pk>/engagement/inclusiveness/baseline/",
        views.inclusiveness_baseline,
        name="inclusiveness-baseline",
    ),
    path("portal/<int:pk>/rounds/<int:round_pk>/survey/", views.portal_survey, name="portal-survey"),
]
