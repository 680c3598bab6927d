"""moderation views (see the brief)."""

urlpatterns = []
