"""Addresses of the public portal (under portal/) and of its settings (staff, under
reviews/<pk>/engagement/portal/), in the `stakeholders:` namespace."""

from django.urls import path

from .views import accounts, contributions, data, offline, pages, settings

urlpatterns = [
    path("reviews/<int:pk>/engagement/portal/", settings.portal_settings, name="portal-settings"),
    path("reviews/<int:pk>/engagement/portal/publish/", settings.portal_publish, name="portal-publish"),
    path(
        "reviews/<int:pk>/engagement/rounds/<int:round_pk>/offline/",
        offline.offline_contributions,
        name="offline-contributions",
    ),
    path(
        "reviews/<int:pk>/engagement/rounds/<int:round_pk>/offline/import/",
        offline.offline_import,
        name="offline-import",
    ),
    path(
        "reviews/<int:pk>/engagement/rounds/<int:round_pk>/offline/template.<str:format>",
        offline.offline_template,
        name="offline-template",
    ),
    path("portal/", pages.portal_index, name="portal-index"),
    path("portal/<int:pk>/", pages.portal_home, name="portal-home"),
    path("portal/<int:pk>/rounds/<int:round_pk>/", pages.portal_round, name="portal-round"),
    # The review's data (read-only copies of its data pages).
    path("portal/<int:pk>/data/", data.portal_data, name="portal-data"),
    path("portal/<int:pk>/data/goals/<int:number>/", data.portal_data_goal, name="portal-data-goal"),
    path("portal/<int:pk>/data/indicators/<str:code>/", data.portal_data_indicator, name="portal-data-indicator"),
    path(
        "portal/<int:pk>/data/indicators/<str:code>/download/",
        data.portal_data_download,
        name="portal-data-download",
    ),
    path("portal/<int:pk>/data/download.zip", data.portal_data_zip, name="portal-data-zip"),
    path("portal/<int:pk>/data/status/", data.portal_data_status, name="portal-data-status"),
    # Accounts.
    path("portal/account/signup/", accounts.signup, name="portal-signup"),
    path("portal/account/profile/", accounts.profile, name="portal-profile"),
    path("portal/account/verify/sent/", accounts.verify_sent, name="portal-verify-sent"),
    path("portal/account/verify/resend/", accounts.verify_resend, name="portal-verify-resend"),
    path("portal/account/verify/<str:token>/", accounts.verify, name="portal-verify"),
    path("portal/invitations/<str:token>/", accounts.invitation, name="portal-invitation"),
    path("portal/<int:pk>/conduct/", accounts.conduct, name="portal-conduct"),
    # Contributing.
    path("portal/account/contributions/", contributions.mine, name="portal-mine"),
    path("portal/<int:pk>/rounds/<int:round_pk>/contribute/", contributions.contribute, name="portal-contribute"),
    path(
        "portal/<int:pk>/contributions/<int:contribution_pk>/files/<int:attachment_pk>/",
        contributions.attachment,
        name="portal-attachment",
    ),
    path("portal/<int:pk>/contributions/<int:contribution_pk>/flag/", contributions.flag, name="portal-flag"),
]
