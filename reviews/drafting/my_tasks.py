"""The drafting package's tasks for "My tasks" (`reviews.core.my_tasks`): the sections a
person edits (still in drafting), the sections in review they may approve, and the open
council votes waiting for their ballot. Registered by `ReviewsConfig.ready()`."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from reviews import rules as perms
from reviews.core.my_tasks import TaskItem
from reviews.drafting.models import CouncilVote, Section, SectionRevision, SectionStatus

EDIT = "reviews.change_section"  # what the section editor checks
DECIDE = "reviews.decide_section"  # what the section's decision checks
BALLOT = "reviews.cast_ballot"  # what casting a ballot checks


def sections_to_edit(user, reviews: dict, today) -> list[TaskItem]:
    """Sections in drafting that `user` edits: assigned to them, or, where nobody is
    assigned, every editor's (`is_section_editor`), and that they may change now. Two
    queries (the sections, their assigned editors)."""
    sections = (
        Section.objects.filter(review_id__in=list(reviews), status=SectionStatus.DRAFTING)
        .prefetch_related("editors")
        .order_by("review_id", "position", "pk")
    )
    items = []
    for section in sections:
        section.review = reviews[section.review_id]
        if not (perms.is_section_editor(user, section) and user.has_perm(EDIT, section)):
            continue
        if section.is_main_messages:
            url = reverse("reviews:main-messages", args=[section.review_id])
        else:
            url = reverse("reviews:section-edit", args=[section.review_id, section.pk])
        items.append(TaskItem(review=section.review, title=section.title, url=url, due=section.due_date))
    return items


def sections_to_approve(user, reviews: dict, today) -> list[TaskItem]:
    """Sections in review that `user` may approve or return (`reviews.decide_section`),
    with the author of the revision under decision read in the same query: two queries."""
    review_ids = [pk for pk in reviews if perms.is_reviewer(user, reviews[pk])]
    if not review_ids:
        return []
    author = SectionRevision.objects.filter(section_id=OuterRef("pk"), number=OuterRef("version")).values("author_id")
    sections = (
        Section.objects.filter(review_id__in=review_ids, status=SectionStatus.IN_REVIEW)
        .annotate(revision_author_id=Subquery(author[:1]))
        .prefetch_related("editors")
        .order_by("review_id", "position", "pk")
    )
    items = []
    for section in sections:
        section.review = reviews[section.review_id]
        perms.remember_revision_author(section, section.revision_author_id)
        if not user.has_perm(DECIDE, section):
            continue
        url = reverse("reviews:section-review", args=[section.review_id, section.pk])
        items.append(TaskItem(review=section.review, title=section.title, url=url, due=section.due_date))
    return items


def votes_waiting(user, reviews: dict, today) -> list[TaskItem]:
    """Open council votes where `user` is an eligible voter without a ballot yet: one query."""
    review_ids = [pk for pk in reviews if user.has_perm(BALLOT, reviews[pk])]
    if not review_ids:
        return []
    votes = (
        CouncilVote.objects.filter(
            review_id__in=review_ids, closed_at__isnull=True, deadline__gt=timezone.now(), eligible_voters=user
        )
        .exclude(ballots__voter=user)
        .order_by("deadline", "pk")
    )
    items = []
    for vote in votes:
        review = reviews[vote.review_id]
        deadline = timezone.localtime(vote.deadline)
        note = _("Voting closes on %(when)s") % {"when": date_format(deadline, "SHORT_DATETIME_FORMAT")}
        items.append(
            TaskItem(
                review=review,
                title=_("The council's vote on the report"),
                url=reverse("reviews:vote", args=[vote.review_id]),
                due=deadline.date(),
                note=note,
            )
        )
    return items
