from django.urls import path

from .views import dashboard, members, ministries, planner

app_name = "reviews"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
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
]

# Role matrix (ministry × goal)
from .views import matrix  # noqa: E402

urlpatterns += [
    path("reviews/<int:pk>/matrix/", matrix.matrix_detail, name="matrix"),
    path("reviews/<int:pk>/matrix/edit/", matrix.matrix_edit, name="matrix-edit"),
    path("reviews/<int:pk>/matrix/import/", matrix.matrix_import_view, name="matrix-import"),
    path("reviews/<int:pk>/matrix.csv", matrix.matrix_csv, name="matrix-csv"),
]
# End of role matrix

# Council vote
from .views import votes  # noqa: E402

urlpatterns += [
    path("reviews/<int:pk>/vote/", votes.vote_page, name="vote"),
    path("reviews/<int:pk>/vote/open/", votes.vote_open, name="vote-open"),
    path("reviews/<int:pk>/vote/ballot/", votes.vote_ballot, name="vote-ballot"),
    path("reviews/<int:pk>/vote/reopen/", votes.vote_reopen, name="vote-reopen"),
]
# End of council vote

# Main messages
from .views import main_messages  # noqa: E402

urlpatterns += [
    path("reviews/<int:pk>/main-messages/", main_messages.main_messages_page, name="main-messages"),
    path("reviews/<int:pk>/main-messages/create/", main_messages.main_messages_create, name="main-messages-create"),
    path(
        "reviews/<int:pk>/main-messages/translations/<str:language>/",
        main_messages.main_messages_translation,
        name="main-messages-translation",
    ),
]
# End of main messages

# Draft: outline and sections
from .views import outline as outline_views  # noqa: E402
from .views import sections as section_views  # noqa: E402

urlpatterns += [
    path("reviews/<int:pk>/draft/", outline_views.outline, name="outline"),
    path("reviews/<int:pk>/draft/new/", outline_views.outline_section_add, name="outline-section-add"),
    path(
        "reviews/<int:pk>/draft/<int:section_pk>/settings/",
        outline_views.outline_section_settings,
        name="outline-section-settings",
    ),
    path("reviews/<int:pk>/draft/<int:section_pk>/move/", outline_views.outline_section_move, name="outline-section-move"),
    path(
        "reviews/<int:pk>/draft/<int:section_pk>/remove/",
        outline_views.outline_section_remove,
        name="outline-section-remove",
    ),
    path("reviews/<int:pk>/draft/<int:section_pk>/", section_views.section_detail, name="section-detail"),
    path("reviews/<int:pk>/draft/<int:section_pk>/edit/", section_views.section_edit, name="section-edit"),
    path("reviews/<int:pk>/draft/<int:section_pk>/presence/", section_views.section_presence, name="section-presence"),
    path("reviews/<int:pk>/draft/<int:section_pk>/revisions/", section_views.section_revisions, name="section-revisions"),
    path(
        "reviews/<int:pk>/draft/<int:section_pk>/revisions/compare/",
        section_views.section_revision_compare,
        name="section-revision-compare",
    ),
    path(
        "reviews/<int:pk>/draft/<int:section_pk>/revisions/<int:number>/restore/",
        section_views.section_revision_restore,
        name="section-revision-restore",
    ),
    # Images live under /sections/ so that their addresses match reviews.sanitize.IMAGE_SRC.
    path(
        "reviews/<int:pk>/sections/<int:section_pk>/images/new/",
        section_views.section_image_upload,
        name="section-image-upload",
    ),
    path(
        "reviews/<int:pk>/sections/<int:section_pk>/images/<int:image_pk>/",
        section_views.section_image,
        name="section-image",
    ),
]
# End of draft: outline and sections

# Draft: review of sections
from .views import section_review as section_review_views  # noqa: E402

urlpatterns += [
    path(
        "reviews/<int:pk>/draft/<int:section_pk>/review/",
        section_review_views.section_review,
        name="section-review",
    ),
    path(
        "reviews/<int:pk>/draft/<int:section_pk>/review/submit/",
        section_review_views.section_submit,
        name="section-submit",
    ),
    path(
        "reviews/<int:pk>/draft/<int:section_pk>/review/comments/",
        section_review_views.section_comment_create,
        name="section-comment",
    ),
    path(
        "reviews/<int:pk>/draft/<int:section_pk>/review/comments/<int:comment_pk>/reply/",
        section_review_views.section_comment_reply,
        name="section-comment-reply",
    ),
    path(
        "reviews/<int:pk>/draft/<int:section_pk>/review/comments/<int:comment_pk>/resolve/",
        section_review_views.section_comment_resolve,
        name="section-comment-resolve",
    ),
    path(
        "reviews/<int:pk>/draft/<int:section_pk>/review/decide/",
        section_review_views.section_decide,
        name="section-decide",
    ),
]
# End of draft: review of sections

# Notifications
from .views import notifications as notification_views  # noqa: E402

urlpatterns += [
    path("notifications/", notification_views.notifications, name="notifications"),
    path("notifications/read/", notification_views.notifications_read_all, name="notifications-read-all"),
    path("notifications/<int:notification_pk>/", notification_views.notification_open, name="notification-open"),
]
# End of notifications

# Progress reports: offline and incorporation
from .views import report_incorporation as report_incorporation_views  # noqa: E402
from .views import report_offline as report_offline_views  # noqa: E402

urlpatterns += [
    path("reviews/<int:pk>/reports/<int:report_pk>/report.docx", report_offline_views.report_docx, name="report-docx"),
    path("reviews/<int:pk>/reports/<int:report_pk>/report.xlsx", report_offline_views.report_xlsx, name="report-xlsx"),
    path("reviews/<int:pk>/reports/<int:report_pk>/upload/", report_offline_views.report_upload, name="report-upload"),
    path(
        "reviews/<int:pk>/draft/<int:section_pk>/reports/",
        report_incorporation_views.section_reports,
        name="section-reports",
    ),
    path(
        "reviews/<int:pk>/draft/<int:section_pk>/reports/<int:report_pk>/insert/",
        report_incorporation_views.report_incorporate,
        name="report-incorporate",
    ),
]
# End of progress reports: offline and incorporation

# Progress reports: filling and review
from .views import progress_reports as progress_report_views  # noqa: E402

urlpatterns += [
    path("reviews/<int:pk>/reports/mine/", progress_report_views.my_reports, name="my-reports"),
    path("reviews/<int:pk>/reports/<int:report_pk>/", progress_report_views.report_detail, name="report-detail"),
    path("reviews/<int:pk>/reports/<int:report_pk>/fill/", progress_report_views.report_fill, name="report-fill"),
    path("reviews/<int:pk>/reports/<int:report_pk>/submit/", progress_report_views.report_submit, name="report-submit"),
    path(
        "reviews/<int:pk>/reports/<int:report_pk>/attachments/<int:attachment_pk>/",
        progress_report_views.report_attachment,
        name="report-attachment",
    ),
    path("reviews/<int:pk>/reports/<int:report_pk>/review/", progress_report_views.report_review, name="report-review"),
    path("reviews/<int:pk>/reports/<int:report_pk>/history/", progress_report_views.report_history, name="report-history"),
]
# End of progress reports: filling and review

# Progress reports: templates, rounds, tracker
from .views import report_rounds as report_round_views  # noqa: E402
from .views import report_templates as report_template_views  # noqa: E402
from .views import report_tracker as report_tracker_views  # noqa: E402

urlpatterns += [
    path("reviews/<int:pk>/reports/", report_round_views.reports, name="reports"),
    path("reviews/<int:pk>/reports/rounds/new/", report_round_views.report_round_create, name="report-round-create"),
    path(
        "reviews/<int:pk>/reports/rounds/<int:round_pk>/issue/",
        report_round_views.report_round_issue,
        name="report-round-issue",
    ),
    path("reviews/<int:pk>/reports/<int:report_pk>/deadline/", report_round_views.report_deadline, name="report-deadline"),
    path("reviews/<int:pk>/reports/<int:report_pk>/remind/", report_round_views.report_remind, name="report-remind"),
    path("reviews/<int:pk>/reports/template/", report_template_views.report_template, name="report-template"),
    path(
        "reviews/<int:pk>/reports/template/default/",
        report_template_views.report_template_default,
        name="report-template-default",
    ),
    path(
        "reviews/<int:pk>/reports/template/questions/new/",
        report_template_views.report_question_add,
        name="report-question-add",
    ),
    path(
        "reviews/<int:pk>/reports/template/questions/<int:question_pk>/",
        report_template_views.report_question_edit,
        name="report-question-edit",
    ),
    path(
        "reviews/<int:pk>/reports/template/questions/<int:question_pk>/move/",
        report_template_views.report_question_move,
        name="report-question-move",
    ),
    path(
        "reviews/<int:pk>/reports/template/questions/<int:question_pk>/remove/",
        report_template_views.report_question_remove,
        name="report-question-remove",
    ),
    path("reviews/<int:pk>/reports/tracker/", report_tracker_views.report_tracker, name="report-tracker"),
    path("reviews/<int:pk>/reports/tracker.csv", report_tracker_views.report_tracker_csv, name="report-tracker-csv"),
]
# End of progress reports: templates, rounds, tracker

# Publishing: editions (PDF, Word)
from .views import publishing as publishing_views  # noqa: E402

urlpatterns += [
    path("reviews/<int:pk>/publish/", publishing_views.editions, name="editions"),
    path("reviews/<int:pk>/publish/new/", publishing_views.edition_request, name="edition-request"),
    path("reviews/<int:pk>/publish/<int:edition_pk>/status/", publishing_views.edition_status, name="edition-status"),
    path("reviews/<int:pk>/publish/<int:edition_pk>/download/", publishing_views.edition_download, name="edition-download"),
    path("reviews/<int:pk>/publish/<int:edition_pk>/public/", publishing_views.edition_publish, name="edition-publish"),
]
# End of publishing: editions

# Cover picture
urlpatterns += [
    path("reviews/<int:pk>/publish/cover/", publishing_views.cover_upload, name="cover-upload"),
    path("reviews/<int:pk>/publish/cover/remove/", publishing_views.cover_remove, name="cover-remove"),
    path("reviews/<int:pk>/publish/cover/picture/", publishing_views.cover_picture, name="cover-picture"),
]
# End of cover picture
