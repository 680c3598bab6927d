from django.contrib import admin
from django.urls import include, path

from vnr_portal.accounts.views import PasswordResetView, set_language

urlpatterns = [
    path("admin/", admin.site.urls),
    # Before Django's own auth urls, whose password_reset it replaces (throttled).
    path("accounts/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    # Django's set_language, also saving a signed-in person's choice in their profile.
    path("i18n/setlang/", set_language, name="set_language"),
    path("settings/", include("vnr_portal.accounts.urls")),
    path("goals/", include("indicators.urls")),
    path("", include("stakeholders.urls")),
    path("", include("reviews.urls")),
]
# Uploaded files are never served as plain media: each download goes through a view
# that checks permissions.
