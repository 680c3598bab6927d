from django.urls import path

from reviews.followup.views import carryover, chapter, commitments, selfassessment, sidebyside, strategy

urlpatterns: list = [
    # The institutional self-assessment.
    path("reviews/<int:pk>/followup/self-assessment/", selfassessment.selfassessment, name="followup-selfassessment"),
    path(
        "reviews/<int:pk>/followup/self-assessment/create/",
        selfassessment.selfassessment_create,
        name="followup-selfassessment-create",
    ),
    path(
        "reviews/<int:pk>/followup/self-assessment/settings/",
        selfassessment.selfassessment_settings,
        name="followup-selfassessment-settings",
    ),
    path(
        "reviews/<int:pk>/followup/self-assessment/questions/add/",
        selfassessment.question_edit,
        name="followup-selfassessment-question-add",
    ),
    path(
        "reviews/<int:pk>/followup/self-assessment/questions/<int:question_pk>/",
        selfassessment.question_edit,
        name="followup-selfassessment-question-edit",
    ),
    path(
        "reviews/<int:pk>/followup/self-assessment/questions/<int:question_pk>/delete/",
        selfassessment.question_delete,
        name="followup-selfassessment-question-delete",
    ),
    path(
        "reviews/<int:pk>/followup/self-assessment/invite/",
        selfassessment.selfassessment_invite,
        name="followup-selfassessment-invite",
    ),
    path(
        "reviews/<int:pk>/followup/self-assessment/answers/",
        selfassessment.selfassessment_answers,
        name="followup-selfassessment-answers",
    ),
    path(
        "reviews/<int:pk>/followup/self-assessment/respond/",
        selfassessment.selfassessment_respond,
        name="followup-selfassessment-respond",
    ),
    # The national development strategy and the sector reviews.
    path("reviews/<int:pk>/followup/strategy/", strategy.strategy, name="followup-strategy"),
    path("reviews/<int:pk>/followup/strategy/edit/", strategy.strategy_edit, name="followup-strategy-edit"),
    path("reviews/<int:pk>/followup/strategy/pillars/add/", strategy.pillar_edit, name="followup-strategy-pillar-add"),
    path(
        "reviews/<int:pk>/followup/strategy/pillars/<int:pillar_pk>/",
        strategy.pillar_edit,
        name="followup-strategy-pillar-edit",
    ),
    path(
        "reviews/<int:pk>/followup/strategy/pillars/<int:pillar_pk>/priorities/add/",
        strategy.priority_edit,
        name="followup-strategy-priority-add",
    ),
    path(
        "reviews/<int:pk>/followup/strategy/priorities/<int:priority_pk>/",
        strategy.priority_edit,
        name="followup-strategy-priority-edit",
    ),
    path(
        "reviews/<int:pk>/followup/strategy/pillars/<int:pillar_pk>/delete/",
        strategy.pillar_delete,
        name="followup-strategy-pillar-delete",
    ),
    path(
        "reviews/<int:pk>/followup/strategy/priorities/<int:priority_pk>/delete/",
        strategy.priority_delete,
        name="followup-strategy-priority-delete",
    ),
    path("reviews/<int:pk>/followup/strategy/coverage/", strategy.coverage, name="followup-strategy-coverage"),
    path("reviews/<int:pk>/followup/sector-reviews/", strategy.sector_reviews, name="followup-sector-reviews"),
    path(
        "reviews/<int:pk>/followup/sector-reviews/<int:sector_pk>/file/",
        strategy.sector_review_file,
        name="followup-sector-review-file",
    ),
    path(
        "reviews/<int:pk>/followup/sector-reviews/<int:sector_pk>/delete/",
        strategy.sector_review_delete,
        name="followup-sector-review-delete",
    ),
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
        "reviews/<int:pk>/followup/commitments/<int:commitment_pk>/documents/<int:document_pk>/",
        commitments.followup_commitment_document,
        name="followup-commitment-document",
    ),
    path(
        "reviews/<int:pk>/followup/updates/<int:update_pk>/decide/",
        commitments.followup_update_decide,
        name="followup-update-decide",
    ),
    path("reviews/<int:pk>/followup/roadmap/", commitments.followup_roadmap, name="followup-roadmap"),
    # Carry-over from the previous review; recording a first VNR made outside the portal
    path("reviews/<int:pk>/followup/carry-over/", carryover.carryover_choose, name="followup-carryover"),
    path("reviews/<int:pk>/followup/carried-over/", carryover.carryover_result, name="followup-carryover-result"),
    path("reviews/new/past-vnr/", carryover.past_review_record_create, name="followup-record-create"),
    path("reviews/<int:pk>/followup/chapter/", chapter.followup_chapter, name="followup-chapter"),
    path(
        "reviews/<int:pk>/followup/chapter/regenerate/",
        chapter.followup_chapter_regenerate,
        name="followup-chapter-regenerate",
    ),
    path("reviews/<int:pk>/followup/side-by-side/", sidebyside.followup_side_by_side, name="followup-side-by-side"),
    path(
        "reviews/<int:pk>/followup/side-by-side/match/",
        sidebyside.followup_side_by_side_match,
        name="followup-side-by-side-match",
    ),
]
