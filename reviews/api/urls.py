from django.urls import re_path
from rest_framework.routers import SimpleRouter

from . import evidence, reporting, views

router = SimpleRouter()
router.register("reviews", views.ReviewViewSet, basename="review")

REVIEW = r"^reviews/(?P<review_pk>[0-9]{1,18})/"

urlpatterns = [
    *router.urls,
    re_path(REVIEW + r"ministries/$", views.MinistryList.as_view(), name="review-ministries"),
    re_path(REVIEW + r"role-matrix/$", views.RoleMatrixList.as_view(), name="review-role-matrix"),
    re_path(REVIEW + r"sections/$", views.SectionList.as_view(), name="review-sections"),
    re_path(REVIEW + r"section-revisions/$", views.SectionRevisionList.as_view(), name="review-section-revisions"),
    re_path(REVIEW + r"commitments/$", views.CommitmentList.as_view(), name="review-commitments"),
    re_path(
        REVIEW + r"commitments/(?P<commitment_pk>[0-9]{1,18})/updates/$",
        views.CommitmentUpdateCreate.as_view(),
        name="review-commitment-updates",
    ),
    re_path(REVIEW + r"progress-reports/$", views.ProgressReportList.as_view(), name="review-progress-reports"),
    re_path(REVIEW + r"editions/$", views.EditionList.as_view(), name="review-editions"),
    re_path(REVIEW + r"series/$", views.SeriesList.as_view(), name="review-series"),
    re_path(REVIEW + r"observations/$", views.ObservationList.as_view(), name="review-observations"),
    re_path(REVIEW + r"assessments/$", evidence.SeriesAssessmentList.as_view(), name="review-assessments"),
    re_path(REVIEW + r"assessments/goals/$", evidence.GoalAssessmentList.as_view(), name="review-goal-assessments"),
    re_path(REVIEW + r"imports/$", evidence.ImportCreate.as_view(), name="review-imports"),
    re_path(
        REVIEW + r"imports/(?P<job_pk>[0-9]{1,18})/$", evidence.ImportJobDetail.as_view(), name="review-import-job"
    ),
    re_path(
        REVIEW + r"progress-reports/(?P<report_pk>[0-9]{1,18})/answers/$",
        reporting.ReportAnswersUpdate.as_view(),
        name="review-report-answers",
    ),
    re_path(
        REVIEW + r"progress-reports/(?P<report_pk>[0-9]{1,18})/submit/$",
        reporting.ReportSubmit.as_view(),
        name="review-report-submit",
    ),
]
