"""Drafting: the outline, sections and their revisions, section review, the council vote, main messages."""

from django.urls import path

from reviews.drafting.views import (
    data_references,
    main_messages,
    outline,
    section_review,
    sections,
    translations,
    votes,
)

urlpatterns = [
    path("reviews/<int:pk>/draft/", outline.outline, name="outline"),
    path("reviews/<int:pk>/draft/new/", outline.outline_section_add, name="outline-section-add"),
    path(
        "reviews/<int:pk>/draft/<int:section_pk>/settings/",
        outline.outline_section_settings,
        name="outline-section-settings",
    ),
    path("reviews/<int:pk>/draft/<int:section_pk>/move/", outline.outline_section_move, name="outline-section-move"),
    path(
        "reviews/<int:pk>/draft/<int:section_pk>/remove/",
        outline.outline_section_remove,
        name="outline-section-remove",
    ),
    path("reviews/<int:pk>/draft/<int:section_pk>/", sections.section_detail, name="section-detail"),
    path("reviews/<int:pk>/draft/<int:section_pk>/edit/", sections.section_edit, name="section-edit"),
    path("reviews/<int:pk>/draft/translations/", translations.translation_list, name="translations"),
    path(
        "reviews/<int:pk>/draft/<int:section_pk>/translations/<str:language>/",
        translations.section_translation_edit,
        name="section-translation",
    ),
    path(
        "reviews/<int:pk>/draft/<int:section_pk>/data/choices/",
        data_references.section_data_choices,
        name="section-data-choices",
    ),
    path(
        "reviews/<int:pk>/draft/<int:section_pk>/data/checked/",
        data_references.section_data_checked,
        name="section-data-checked",
    ),
    path("reviews/<int:pk>/draft/<int:section_pk>/presence/", sections.section_presence, name="section-presence"),
    path("reviews/<int:pk>/draft/<int:section_pk>/revisions/", sections.section_revisions, name="section-revisions"),
    path(
        "reviews/<int:pk>/draft/<int:section_pk>/revisions/compare/",
        sections.section_revision_compare,
        name="section-revision-compare",
    ),
    path(
        "reviews/<int:pk>/draft/<int:section_pk>/revisions/<int:number>/restore/",
        sections.section_revision_restore,
        name="section-revision-restore",
    ),
    # Images live under /sections/ so that their addresses match reviews.core.sanitize.IMAGE_SRC.
    path(
        "reviews/<int:pk>/sections/<int:section_pk>/images/new/",
        sections.section_image_upload,
        name="section-image-upload",
    ),
    path(
        "reviews/<int:pk>/sections/<int:section_pk>/images/<int:image_pk>/",
        sections.section_image,
        name="section-image",
    ),
    path(
        "reviews/<int:pk>/draft/<int:section_pk>/review/",
        section_review.section_review,
        name="section-review",
    ),
    path(
        "reviews/<int:pk>/draft/<int:section_pk>/review/submit/",
        section_review.section_submit,
        name="section-submit",
    ),
    path(
        "reviews/<int:pk>/draft/<int:section_pk>/review/comments/",
        section_review.section_comment_create,
        name="section-comment",
    ),
    path(
        "reviews/<int:pk>/draft/<int:section_pk>/review/comments/<int:comment_pk>/reply/",
        section_review.section_comment_reply,
        name="section-comment-reply",
    ),
    path(
        "reviews/<int:pk>/draft/<int:section_pk>/review/comments/<int:comment_pk>/resolve/",
        section_review.section_comment_resolve,
        name="section-comment-resolve",
    ),
    path(
        "reviews/<int:pk>/draft/<int:section_pk>/review/decide/",
        section_review.section_decide,
        name="section-decide",
    ),
    path("reviews/<int:pk>/vote/", votes.vote_page, name="vote"),
    path("reviews/<int:pk>/vote/open/", votes.vote_open, name="vote-open"),
    path("reviews/<int:pk>/vote/ballot/", votes.vote_ballot, name="vote-ballot"),
    path("reviews/<int:pk>/vote/reopen/", votes.vote_reopen, name="vote-reopen"),
    path("reviews/<int:pk>/main-messages/", main_messages.main_messages_page, name="main-messages"),
    path("reviews/<int:pk>/main-messages/create/", main_messages.main_messages_create, name="main-messages-create"),
    path(
        "reviews/<int:pk>/main-messages/translations/<str:language>/",
        main_messages.main_messages_translation,
        name="main-messages-translation",
    ),
]
