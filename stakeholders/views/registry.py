"""registry views (see the brief)."""

urlpatterns = []
