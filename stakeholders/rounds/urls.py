"""Addresses of consultation rounds, staff side (under reviews/<pk>/engagement/rounds/),
in the `stakeholders:` namespace."""

from django.urls import path

from .views import invitations, questions, rounds, translations

ROUND = "reviews/<int:pk>/engagement/rounds/<int:round_pk>/"

urlpatterns = [
    path("reviews/<int:pk>/engagement/rounds/", rounds.rounds, name="rounds"),
    path("reviews/<int:pk>/engagement/rounds/new/", rounds.round_create, name="round-create"),
    path(ROUND, rounds.round_detail, name="round-detail"),
    path(ROUND + "edit/", rounds.round_edit, name="round-edit"),
    path(ROUND + "delete/", rounds.round_delete, name="round-delete"),
    path(ROUND + "sections/", rounds.round_sections, name="round-sections"),
    path(ROUND + "questions/new/", questions.round_question_create, name="round-question-create"),
    path(ROUND + "questions/<int:question_pk>/edit/", questions.round_question_edit, name="round-question-edit"),
    path(ROUND + "questions/<int:question_pk>/delete/", questions.round_question_delete, name="round-question-delete"),
    path(
        ROUND + "sections/<int:section_pk>/translations/<str:language>/",
        translations.round_translation,
        name="round-translation",
    ),
    path(ROUND + "publish/", rounds.round_publish, name="round-publish"),
    path(ROUND + "close/", rounds.round_close_now, name="round-close-now"),
    path(ROUND + "extend/", rounds.round_extend, name="round-extend"),
    path(ROUND + "invitations/", invitations.round_invitations, name="round-invitations"),
    path(
        ROUND + "invitations/<int:invitation_pk>/resend/",
        invitations.round_invitation_resend,
        name="round-invitation-resend",
    ),
    path(
        ROUND + "invitations/<int:invitation_pk>/revoke/",
        invitations.round_invitation_revoke,
        name="round-invitation-revoke",
    ),
]
