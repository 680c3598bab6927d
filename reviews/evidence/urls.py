from django.urls import path

from .views import pages

urlpatterns = [
    path("reviews/<int:pk>/data/", pages.evidence, name="evidence"),
    path("reviews/<int:pk>/data/goals/<int:number>/", pages.evidence_goal, name="evidence-goal"),
    path("reviews/<int:pk>/data/indicators/<str:code>/", pages.evidence_indicator, name="evidence-indicator"),
    path(
        "reviews/<int:pk>/data/indicators/<str:code>/download/",
        pages.evidence_indicator_download,
        name="evidence-indicator-download",
    ),
    path("reviews/<int:pk>/data/download.zip", pages.evidence_download_zip, name="evidence-download-zip"),
    path("reviews/<int:pk>/data/status/", pages.evidence_status, name="evidence-status"),
]
