from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("goals/", include("indicators.urls")),
    path("", include("stakeholders.urls")),
    path("", include("reviews.urls")),
]
# Uploaded files are never served as plain media: each download goes through a view
# that checks permissions.
