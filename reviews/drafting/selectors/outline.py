"""Reads of the report's outline: its sections in reading order, who may be given a
section, and what removing one would take with it."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count

from reviews.core.models import MemberRole, Membership, Review
from reviews.drafting.models import Section


def outline_list(review: Review, *, today: datetime.date | None = None) -> list[Section]:
    """The review's sections in reading order, each with `number` ("2", "2.1"), `depth`,
    `is_first`/`is_last` among its siblings and `is_late`. The main messages come first,
    unnumbered. Two queries (sections, their editors), whatever their number.
    """
    from django.utils import timezone

    today = today or timezone.localdate()
    sections = list(review.sections.select_related("review").prefetch_related("editors").order_by("position", "pk"))
    children: dict[int | None, list[Section]] = {}
    for section in sections:
        children.setdefault(section.parent_id, []).append(section)
    rows: list[Section] = []

    def walk(parent_id, prefix: str, depth: int) -> None:
        siblings = [s for s in children.get(parent_id, []) if not s.is_main_messages]
        for index, section in enumerate(siblings, start=1):
            section.number = f"{prefix}{index}"
            section.depth = depth
            section.is_first = index == 1
            section.is_last = index == len(siblings)
            section.is_late = bool(section.due_date and section.due_date < today and section.status != "approved")
            rows.append(section)
            if depth == 0:
                walk(section.pk, f"{section.number}.", 1)

    for section in sections:
        if section.is_main_messages:
            section.number, section.depth, section.is_first, section.is_last = "", 0, True, True
            section.is_late = bool(section.due_date and section.due_date < today and section.status != "approved")
            rows.append(section)
    walk(None, "", 0)
    return rows


def editor_list_candidates(review: Review):
    """People who hold the editor role in `review`: the only ones a section can be given to."""
    editor_ids = Membership.objects.filter(review=review, role=MemberRole.EDITOR).values("user_id")
    return get_user_model().objects.filter(pk__in=editor_ids).order_by("last_name", "first_name", "username")


def section_get_removal_impact(section: Section) -> dict:
    """What removing `section` would take with it: sub-sections, words and revisions."""
    ids = [section.pk, *section.children.values_list("pk", flat=True)]
    totals = Section.objects.filter(pk__in=ids).aggregate(revisions=Count("revisions"))
    words = sum(Section.objects.filter(pk__in=ids).values_list("word_count", flat=True))
    return {"children": len(ids) - 1, "words": words, "revisions": totals["revisions"]}
