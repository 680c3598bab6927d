from django.urls import path

from reviews.followup.views import commitments

urlpatterns: list = [
    path("reviews/<int:pk>/followup/", commitments.followup, name="followup"),
    path("reviews/<int:pk>/followup/commitments/", commitments.followup_commitments, name="followup-commitments"),
    path(
        "reviews/<int:pk>/followup/commitments/export/",
        commitments.followup_commitments_export,
        name="followup-commitments-export",
    ),
    path(
        "reviews/<int:pk>/followup/commitments/add/",
        commitments.followup_commitment_add,
        name="followup-commitment-add",
    ),
    path(
        "reviews/<int:pk>/followup/commitments/import/",
        commitments.followup_commitments_import,
        name="followup-commitments-import",
    ),
    path(
        "reviews/<int:pk>/followup/commitments/<int:commitment_pk>/",
        commitments.followup_commitment,
        name="followup-commitment",
    ),
    path(
        "reviews/<int:pk>/followup/commitments/<int:commitment_pk>/edit/",
        commitments.followup_commitment_edit,
        name="followup-commitment-edit",
    ),
    path(
        "reviews/<int:pk>/followup/updates/<int:update_pk>/decide/",
        commitments.followup_update_decide,
        name="followup-update-decide",
    ),
    path("reviews/<int:pk>/followup/roadmap/", commitments.followup_roadmap, name="followup-roadmap"),
]
