from django.urls import path  # noqa: F401  (the pages are added below as they land)

urlpatterns: list = []
