from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

import indicators.api.urls
import reviews.api.urls
import stakeholders.api.urls
from vnr_portal import health, home
from vnr_portal.accounts import views as accounts_views
from vnr_portal.accounts.views import set_language
from vnr_portal.common.api.errors import api_not_found

# The REST API, version 1: each app's api/ package, under one prefix and one namespace ("api").
api_v1_patterns = [
    *indicators.api.urls.urlpatterns,
    *reviews.api.urls.urlpatterns,
    *stakeholders.api.urls.urlpatterns,
    path("schema/", SpectacularAPIView.as_view(api_version="1"), name="schema"),
    # The API's documentation (Swagger UI; Redoc's page loads fonts from a CDN, so none),
    # its scripts and styles from static/;
    # the split view serves its start-up script as a file, which the Content-Security-Policy allows.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # Any other address under /api/v1/: a JSON 404.
    re_path(r"^[\s\S]*$", api_not_found),
]

urlpatterns = [
    path("api/v1/", include((api_v1_patterns, "api"))),
    # The front page: the public portal's landing, or the dashboard for the review's team
    # (before the apps' urls, whose "" is the dashboard; reverse("reviews:dashboard") is "/" too).
    path("", home.home, name="home"),
    # "ok" from the web server alone (no database): health checks and the benchmark's baseline.
    path("healthz", health.healthz, name="healthz"),
    # Before admin.site.urls: the admin's own login would skip the two-factor step.
    path("admin/login/", accounts_views.admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
    # Django's login and logout with the portal's additions (the two-factor step, clearing
    # the browser's storage), before the rest of django.contrib.auth's pages.
    path("accounts/login/", accounts_views.LoginView.as_view(), name="login"),
    path("accounts/login/code/", accounts_views.login_code, name="login-code"),
    path("accounts/logout/", accounts_views.LogoutView.as_view(), name="logout"),
    # Before Django's own auth urls, whose password_reset it replaces (throttled).
    path("accounts/password_reset/", accounts_views.PasswordResetView.as_view(), name="password_reset"),
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
