from django.urls import path

from .views import dashboard

app_name = "reviews"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
]
