from django.urls import path

from reviews.evidence.views import inventory

urlpatterns: list = [
    path("reviews/<int:pk>/data/inventory/", inventory.inventory_page, name="evidence-inventory"),
    path("reviews/<int:pk>/data/inventory/export/", inventory.inventory_export, name="evidence-inventory-export"),
]
