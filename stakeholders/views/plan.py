"""plan views (see the brief)."""

urlpatterns = []
