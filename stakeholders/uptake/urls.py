"""Addresses of taking feedback in (staff, under a round's uptake/) and of a round's
outcomes on the portal, in the `stakeholders:` namespace."""

from django.urls import path

from .views import decisions, outcomes

UPTAKE = "reviews/<int:pk>/engagement/rounds/<int:round_pk>/uptake/"

urlpatterns = [
    path(UPTAKE, decisions.uptake, name="uptake"),
    path(UPTAKE + "summary/", decisions.uptake_summary, name="uptake-summary"),
    path(UPTAKE + "<int:contribution_pk>/", decisions.uptake_decide, name="uptake-decide"),
    path(UPTAKE + "<int:contribution_pk>/accept/", decisions.uptake_accept_rewording, name="uptake-accept-rewording"),
    path("portal/<int:pk>/rounds/<int:round_pk>/outcomes/", outcomes.portal_outcomes, name="portal-outcomes"),
]
