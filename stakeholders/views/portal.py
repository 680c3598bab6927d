"""portal views (see the brief)."""

urlpatterns = []
