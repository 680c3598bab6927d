"""Ministry progress reports: templates, rounds, filling and review, offline files, incorporation, tracker."""

from django.urls import path

from reviews.reporting.views import (
    progress_reports,
    report_incorporation,
    report_offline,
    report_rounds,
    report_templates,
    report_tracker,
)

urlpatterns = [
    path("reviews/<int:pk>/reports/mine/", progress_reports.my_reports, name="my-reports"),
    path("reviews/<int:pk>/reports/<int:report_pk>/", progress_reports.report_detail, name="report-detail"),
    path("reviews/<int:pk>/reports/<int:report_pk>/fill/", progress_reports.report_fill, name="report-fill"),
    path("reviews/<int:pk>/reports/<int:report_pk>/submit/", progress_reports.report_submit, name="report-submit"),
    path(
        "reviews/<int:pk>/reports/<int:report_pk>/attachments/<int:attachment_pk>/",
        progress_reports.report_attachment,
        name="report-attachment",
    ),
    path("reviews/<int:pk>/reports/<int:report_pk>/review/", progress_reports.report_review, name="report-review"),
    path("reviews/<int:pk>/reports/<int:report_pk>/history/", progress_reports.report_history, name="report-history"),
    path("reviews/<int:pk>/reports/<int:report_pk>/report.docx", report_offline.report_docx, name="report-docx"),
    path("reviews/<int:pk>/reports/<int:report_pk>/report.xlsx", report_offline.report_xlsx, name="report-xlsx"),
    path("reviews/<int:pk>/reports/<int:report_pk>/upload/", report_offline.report_upload, name="report-upload"),
    path(
        "reviews/<int:pk>/draft/<int:section_pk>/reports/",
        report_incorporation.section_reports,
        name="section-reports",
    ),
    path(
        "reviews/<int:pk>/draft/<int:section_pk>/reports/<int:report_pk>/insert/",
        report_incorporation.report_incorporate,
        name="report-incorporate",
    ),
    path("reviews/<int:pk>/reports/", report_rounds.reports, name="reports"),
    path("reviews/<int:pk>/reports/rounds/new/", report_rounds.report_round_create, name="report-round-create"),
    path(
        "reviews/<int:pk>/reports/rounds/<int:round_pk>/issue/",
        report_rounds.report_round_issue,
        name="report-round-issue",
    ),
    path("reviews/<int:pk>/reports/<int:report_pk>/deadline/", report_rounds.report_deadline, name="report-deadline"),
    path("reviews/<int:pk>/reports/<int:report_pk>/remind/", report_rounds.report_remind, name="report-remind"),
    path("reviews/<int:pk>/reports/template/", report_templates.report_template, name="report-template"),
    path(
        "reviews/<int:pk>/reports/template/default/",
        report_templates.report_template_default,
        name="report-template-default",
    ),
    path(
        "reviews/<int:pk>/reports/template/questions/new/",
        report_templates.report_question_add,
        name="report-question-add",
    ),
    path(
        "reviews/<int:pk>/reports/template/questions/<int:question_pk>/",
        report_templates.report_question_edit,
        name="report-question-edit",
    ),
    path(
        "reviews/<int:pk>/reports/template/questions/<int:question_pk>/move/",
        report_templates.report_question_move,
        name="report-question-move",
    ),
    path(
        "reviews/<int:pk>/reports/template/questions/<int:question_pk>/remove/",
        report_templates.report_question_remove,
        name="report-question-remove",
    ),
    path("reviews/<int:pk>/reports/tracker/", report_tracker.report_tracker, name="report-tracker"),
    path("reviews/<int:pk>/reports/tracker.csv", report_tracker.report_tracker_csv, name="report-tracker-csv"),
]
