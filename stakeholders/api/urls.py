from django.urls import re_path

from . import portal, views

ROUND = r"^rounds/(?P<round_pk>[0-9]{1,18})/"
PORTAL = r"^portals/(?P<review_pk>[0-9]{1,18})/"

urlpatterns = [
    re_path(r"^reviews/(?P<review_pk>[0-9]{1,18})/rounds/$", views.ReviewRoundList.as_view(), name="review-rounds"),
    re_path(ROUND + r"$", views.RoundDetail.as_view(), name="round-detail"),
    re_path(ROUND + r"documents/$", views.RoundDocumentList.as_view(), name="round-documents"),
    re_path(ROUND + r"contributions/$", views.RoundContributionList.as_view(), name="round-contributions"),
    re_path(ROUND + r"summary/$", views.RoundSummary.as_view(), name="round-summary"),
    re_path(r"^portals/$", portal.PortalList.as_view(), name="portals"),
    re_path(PORTAL + r"series/$", portal.PortalSeriesList.as_view(), name="portal-series"),
    re_path(PORTAL + r"observations/$", portal.PortalObservationList.as_view(), name="portal-observations"),
    re_path(PORTAL + r"assessments/$", portal.PortalAssessmentList.as_view(), name="portal-assessments"),
    re_path(PORTAL + r"assessments/goals/$", portal.PortalGoalAssessmentList.as_view(), name="portal-goal-assessments"),
]
