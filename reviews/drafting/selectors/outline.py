"""Reads of the report's outline: its sections in reading order, who may be given a
section, and what removing one would take with it."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reviews.core.models import MemberRole, Membership, Review
from reviews.drafting.models import Section, SectionStatus


def words_text(words: int, limit: int | None) -> str:
    """ "1,200 / 1,500 words" or "1,200 words", as `_section_words.html` says it."""
    number = localize if settings.USE_THOUSAND_SEPARATOR else str  # what the template would show
    if limit:
        return _("%(words)s / %(limit)s words") % {"words": number(words), "limit": number(limit)}
    return ngettext("%(words)s word", "%(words)s words", words) % {"words": number(words)}


class OutlineRow:
    """A section as the outline page shows it, read without making a model instance (two
    hundred of them cost more than the rest of the page)."""

    def __init__(self, pk, parent_id, kind, title, word_count, word_limit, status, due_date, changed_at, codes):
        self.pk = self.id = pk
        self.parent_id, self.kind, self.title, self.status, self.due_date = parent_id, kind, title, status, due_date
        self.word_count, self.word_limit = word_count, word_limit
        self.data_changed_at, self.data_changed_codes = changed_at, codes

    is_main_messages = Section.is_main_messages
    over_word_limit = Section.over_word_limit


OUTLINE_ROW_FIELDS = (
    "pk",
    "parent_id",
    "kind",
    "title",
    "word_count",
    "word_limit",
    "status",
    "due_date",
    "data_changed_at",
    "data_changed_codes",
)


def outline_list(review: Review, *, today: datetime.date | None = None, with_content: bool = True) -> list[Section]:
    """The review's sections in reading order, each with `number` ("2", "2.1"), `depth`,
    `is_first`/`is_last` among its siblings, `is_late` and `status_label` (its status's
    name). The main messages come first, unnumbered. Two queries (sections, their
    editors), whatever their number; `with_content=False` leaves their text unread and
    gives `OutlineRow`s (the outline page lists two hundred sections and shows none of it).
    """
    from django.utils import timezone

    today = today or timezone.localdate()
    queryset = review.sections.order_by("position", "pk")
    if with_content:
        sections = list(queryset.prefetch_related("editors"))
        editors = {
            section.pk: [person.get_full_name() or person.username for person in section.editors.all()]
            for section in sections
        }
    else:
        rows = queryset.values_list(*OUTLINE_ROW_FIELDS)
        sections = [OutlineRow(*row) for row in rows]
        # Names only, in one query: no manager and no user object per section.
        editors = {}
        rows = (
            Section.editors.through.objects.filter(section__review=review)
            .order_by("pk")
            .values_list("section_id", "user__first_name", "user__last_name", "user__username")
        )
        for section_id, first, last, username in rows:
            editors.setdefault(section_id, []).append(f"{first} {last}".strip() or username)
    labels = {value: str(label) for value, label in SectionStatus.choices}
    said: dict[tuple, str] = {}  # words_text once per (words, limit)
    for section in sections:
        section.review = review  # the same row: not joined again for each section
        section.status_label = labels.get(section.status, section.status)
        section.editor_names = editors.get(section.pk, [])
        key = (section.word_count, section.word_limit)
        if key not in said:
            said[key] = words_text(*key)
        section.words_text = said[key]
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
