"""A review's workspace: setup and cycle planner, ministries, members and invitations, role matrix."""

from django.urls import path

from reviews.workspace.views import matrix, members, ministries, planner

urlpatterns = [
    # Reviews and their cycle planner
    path("reviews/new/", planner.review_create, name="review-create"),
    path("reviews/new/record/", planner.review_record_create, name="review-record-create"),
    path("reviews/<int:pk>/", planner.review_detail, name="review-detail"),
    path("reviews/<int:pk>/edit/", planner.review_edit, name="review-edit"),
    path("reviews/<int:pk>/published.pdf", planner.review_published_pdf, name="review-published-pdf"),
    path("reviews/<int:pk>/milestones/new/", planner.milestone_create, name="milestone-create"),
    path("reviews/<int:pk>/milestones/<int:milestone_pk>/", planner.milestone_edit, name="milestone-edit"),
    path("reviews/<int:pk>/tasks/new/", planner.task_create, name="task-create"),
    path("reviews/<int:pk>/tasks/<int:task_pk>/", planner.task_edit, name="task-edit"),
    path("reviews/<int:pk>/tasks/<int:task_pk>/toggle/", planner.task_toggle, name="task-toggle"),
    path("reviews/<int:pk>/audit/", planner.audit_log, name="audit-log"),
    # Ministries and divisions
    path("reviews/<int:pk>/ministries/", ministries.ministry_list, name="ministry-list"),
    path("reviews/<int:pk>/ministries/new/", ministries.ministry_create, name="ministry-create"),
    path("reviews/<int:pk>/ministries/<int:ministry_pk>/", ministries.ministry_edit, name="ministry-edit"),
    path("reviews/<int:pk>/ministries/<int:ministry_pk>/delete/", ministries.ministry_delete, name="ministry-delete"),
    # Members and invitations
    path("reviews/<int:pk>/members/", members.members, name="members"),
    path("reviews/<int:pk>/members/invite/", members.member_invite, name="member-invite"),
    path("reviews/<int:pk>/members/<int:membership_pk>/remove/", members.member_remove, name="member-remove"),
    path(
        "reviews/<int:pk>/invitations/<int:invitation_pk>/revoke/",
        members.invitation_revoke,
        name="invitation-revoke",
    ),
    path(
        "reviews/<int:pk>/invitations/<int:invitation_pk>/resend/",
        members.invitation_resend,
        name="invitation-resend",
    ),
    path("invitations/<str:token>/", members.invitation_accept, name="invitation-accept"),
    # End of members and invitations
    path("reviews/<int:pk>/matrix/", matrix.matrix_detail, name="matrix"),
    path("reviews/<int:pk>/matrix/edit/", matrix.matrix_edit, name="matrix-edit"),
    path("reviews/<int:pk>/matrix/import/", matrix.matrix_import_view, name="matrix-import"),
    path("reviews/<int:pk>/matrix.csv", matrix.matrix_csv, name="matrix-csv"),
]
