from django.urls import path

from reviews.followup.views import carryover

urlpatterns: list = [
    # Carry-over from the previous review; recording a first VNR made outside the portal
    path("reviews/<int:pk>/followup/carry-over/", carryover.carryover_choose, name="followup-carryover"),
    path("reviews/<int:pk>/followup/carried-over/", carryover.carryover_result, name="followup-carryover-result"),
    path("reviews/new/past-vnr/", carryover.past_review_record_create, name="followup-record-create"),
]
