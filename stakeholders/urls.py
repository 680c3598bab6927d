"""Stakeholder engagement: the taskforce's pages under reviews/<pk>/, the public portal
under portal/. Each views module lists its own routes."""

from .views import accounts, contributions, groups, inclusiveness, moderation, plan, portal, registry, rounds, uptake

app_name = "stakeholders"
urlpatterns = [
    *registry.urlpatterns,
    *groups.urlpatterns,
    *plan.urlpatterns,
    *rounds.urlpatterns,
    *moderation.urlpatterns,
    *uptake.urlpatterns,
    *inclusiveness.urlpatterns,
    *portal.urlpatterns,
    *accounts.urlpatterns,
    *contributions.urlpatterns,
]
