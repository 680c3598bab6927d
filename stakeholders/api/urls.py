from django.urls import re_path

from . import views

ROUND = r"^rounds/(?P<round_pk>[0-9]{1,18})/"

urlpatterns = [
    re_path(r"^reviews/(?P<review_pk>[0-9]{1,18})/rounds/$", views.ReviewRoundList.as_view(), name="review-rounds"),
    re_path(ROUND + r"$", views.RoundDetail.as_view(), name="round-detail"),
    re_path(ROUND + r"contributions/$", views.RoundContributionList.as_view(), name="round-contributions"),
    re_path(ROUND + r"summary/$", views.RoundSummary.as_view(), name="round-summary"),
]
