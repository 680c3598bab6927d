"""The dashboard and a person's notifications."""

from django.urls import path

from reviews.core.views import dashboard, notifications

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("notifications/", notifications.notifications, name="notifications"),
    path("notifications/read/", notifications.notifications_read_all, name="notifications-read-all"),
    path("notifications/<int:notification_pk>/", notifications.notification_open, name="notification-open"),
]
