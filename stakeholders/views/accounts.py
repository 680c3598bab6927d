"""accounts views (see the brief)."""

urlpatterns = []
