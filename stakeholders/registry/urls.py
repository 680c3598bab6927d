"""The registry's addresses (staff pages under reviews/<pk>/engagement/), in the
`stakeholders:` namespace of stakeholders/urls.py."""

from django.urls import path

from .views import categories, groups, hub, organisations, plan

ORG = "reviews/<int:pk>/engagement/organisations/<int:organisation_pk>/"
GROUP = "reviews/<int:pk>/engagement/groups/<int:group_pk>/"
ACTIVITY = "reviews/<int:pk>/engagement/plan/<int:activity_pk>/"

urlpatterns = [
    path("reviews/<int:pk>/engagement/", hub.engagement, name="engagement"),
    path("reviews/<int:pk>/engagement/categories/", categories.categories, name="engagement-categories"),
    path(
        "reviews/<int:pk>/engagement/categories/<int:category_pk>/",
        categories.category_edit,
        name="engagement-category-edit",
    ),
    path(
        "reviews/<int:pk>/engagement/categories/<int:category_pk>/move/",
        categories.category_move,
        name="engagement-category-move",
    ),
    path(
        "reviews/<int:pk>/engagement/categories/<int:category_pk>/delete/",
        categories.category_delete,
        name="engagement-category-delete",
    ),
    path("reviews/<int:pk>/engagement/map/", hub.engagement_map, name="engagement-map"),
    path("reviews/<int:pk>/engagement/organisations/", organisations.organisation_list, name="organisation-list"),
    path(
        "reviews/<int:pk>/engagement/organisations/new/",
        organisations.organisation_create,
        name="organisation-create",
    ),
    path("reviews/<int:pk>/engagement/organisations.csv", organisations.organisation_csv, name="organisation-csv"),
    path(ORG, organisations.organisation_detail, name="organisation-detail"),
    path(ORG + "edit/", organisations.organisation_edit, name="organisation-edit"),
    path(ORG + "delete/", organisations.organisation_delete, name="organisation-delete"),
    path(ORG + "contacts/new/", organisations.contact_create, name="organisation-contact-create"),
    path(ORG + "contacts/<int:contact_pk>/", organisations.contact_edit, name="organisation-contact-edit"),
    path(ORG + "contacts/<int:contact_pk>/delete/", organisations.contact_delete, name="organisation-contact-delete"),
    # Standing groups and their meetings.
    path("reviews/<int:pk>/engagement/groups/", groups.group_list, name="group-list"),
    path("reviews/<int:pk>/engagement/groups/new/", groups.group_create, name="group-create"),
    path(GROUP, groups.group_detail, name="group-detail"),
    path(GROUP + "edit/", groups.group_edit, name="group-edit"),
    path(GROUP + "meetings/new/", groups.meeting_create, name="group-meeting-create"),
    path(GROUP + "meetings/<int:meeting_pk>/", groups.meeting_edit, name="group-meeting-edit"),
    # The engagement plan.
    path("reviews/<int:pk>/engagement/plan/", plan.activity_list, name="activity-list"),
    path("reviews/<int:pk>/engagement/plan/new/", plan.activity_create, name="activity-create"),
    path("reviews/<int:pk>/engagement/plan.csv", plan.activity_csv, name="activity-csv"),
    path("reviews/<int:pk>/engagement/plan.xlsx", plan.activity_xlsx, name="activity-xlsx"),
    path(ACTIVITY, plan.activity_edit, name="activity-edit"),
    path(ACTIVITY + "report/", plan.activity_report, name="activity-report"),
]
