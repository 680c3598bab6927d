from django.contrib import admin
from django.urls import include, path

from vnr_portal import health, home
from vnr_portal.accounts import views as accounts_views
from vnr_portal.accounts.views import set_language

urlpatterns = [
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
