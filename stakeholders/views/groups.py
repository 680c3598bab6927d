"""groups views (see the brief)."""

urlpatterns = []
