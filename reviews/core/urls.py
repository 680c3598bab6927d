"""The dashboard, a person's tasks and their notifications."""

from django.urls import path

from reviews.core.views import dashboard, my_tasks, notifications

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("tasks/", my_tasks.my_tasks, name="my-tasks"),
    path("notifications/", notifications.notifications, name="notifications"),
    path("notifications/read/", notifications.notifications_read_all, name="notifications-read-all"),
    path("notifications/<int:notification_pk>/", notifications.notification_open, name="notification-open"),
]
