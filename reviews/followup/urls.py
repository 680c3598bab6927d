from django.urls import path  # noqa: F401  (each feature adds its paths below)

urlpatterns: list = []
