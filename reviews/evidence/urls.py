from django.urls import path

from reviews.evidence.views import edits, imports, inventory, pages

urlpatterns: list = [
    path("reviews/<int:pk>/data/import/", imports.evidence_import, name="evidence-import"),
    path("reviews/<int:pk>/data/import/<int:job_pk>/", imports.evidence_import_job, name="evidence-import-job"),
    path("reviews/<int:pk>/data/snapshot/", imports.evidence_snapshot, name="evidence-snapshot"),
    path("reviews/<int:pk>/data/series/<int:series_pk>/edit/", edits.evidence_series_edit, name="evidence-series-edit"),
    path("reviews/<int:pk>/data/series/<int:series_pk>/override/", edits.evidence_override, name="evidence-override"),
    path("reviews/<int:pk>/data/inventory/", inventory.inventory_page, name="evidence-inventory"),
    path("reviews/<int:pk>/data/inventory/export/", inventory.inventory_export, name="evidence-inventory-export"),
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
