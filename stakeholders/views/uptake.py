"""uptake views (see the brief)."""

urlpatterns = []
