"""inclusiveness views (see the brief)."""

urlpatterns = []
