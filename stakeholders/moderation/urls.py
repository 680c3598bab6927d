"""Addresses of moderation (staff, under reviews/<pk>/engagement/moderation/), in the
`stakeholders:` namespace."""

from django.urls import path

from .views import contributions, queue, templates

BASE = "reviews/<int:pk>/engagement/moderation/"
CONTRIBUTION = f"{BASE}contributions/<int:contribution_pk>/"

urlpatterns = [
    path(BASE, queue.queue, name="moderation"),
    path(f"{BASE}spam/", queue.bulk_spam, name="moderation-bulk"),
    path(CONTRIBUTION, contributions.contribution_detail, name="moderation-contribution"),
    path(f"{CONTRIBUTION}classify/", contributions.contribution_classify, name="moderation-classify"),
    path(f"{CONTRIBUTION}hide/", contributions.contribution_hide, name="moderation-hide"),
    path(f"{CONTRIBUTION}show/", contributions.contribution_show, name="moderation-show"),
    path(f"{CONTRIBUTION}keep/", contributions.contribution_keep, name="moderation-keep"),
    path(f"{CONTRIBUTION}answer/", contributions.contribution_answer, name="moderation-answer"),
    path(f"{CONTRIBUTION}block/", contributions.block, name="moderation-block"),
    path(
        f"{CONTRIBUTION}attachments/<int:attachment_pk>/",
        contributions.contribution_attachment,
        name="moderation-attachment",
    ),
    path(f"{BASE}blocks/<int:block_pk>/lift/", queue.unblock, name="moderation-unblock"),
    path(f"{BASE}templates/", templates.template_list, name="moderation-templates"),
    path(f"{BASE}templates/new/", templates.template_create, name="moderation-template-create"),
    path(f"{BASE}templates/<int:template_pk>/", templates.template_edit, name="moderation-template-edit"),
    path(f"{BASE}templates/<int:template_pk>/delete/", templates.template_delete, name="moderation-template-delete"),
]
