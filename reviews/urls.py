"""The reviews app's addresses: one urls module per feature package, all in the
`reviews:` namespace (so names and paths are unchanged by the split)."""

from django.urls import include, path

app_name = "reviews"
urlpatterns = [
    path("", include("reviews.core.urls")),
    path("", include("reviews.workspace.urls")),
    path("", include("reviews.drafting.urls")),
    path("", include("reviews.reporting.urls")),
    path("", include("reviews.publishing.urls")),
    path("", include("reviews.evidence.urls")),
    path("", include("reviews.followup.urls")),
]
