"""contributions views (see the brief)."""

urlpatterns = []
