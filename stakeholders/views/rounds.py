"""rounds views (see the brief)."""

urlpatterns = []
