from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("two-factor/", views.two_factor, name="two-factor"),
    path("api-tokens/", views.api_token_create, name="api-token-create"),
    path("api-tokens/<int:token_pk>/revoke/", views.api_token_revoke, name="api-token-revoke"),
]
