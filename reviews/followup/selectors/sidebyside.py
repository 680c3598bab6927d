"""Reads of the side-by-side view: a part of this review beside the same part of the
first VNR — its text (drafting's bounded word diff), and for a Goal chapter the headline
latest value of each of the Goal's indicators then and now and the Goal's role matrix
then and now — with the review-wide figures higher apps hand in (`chapter.comparisons`,
e.g. the engagement's).

The first VNR's part is the one chosen, else the section of the same Goal, else the only
one of the same kind, else the one at the same outline position. A first VNR kept only as
a record (no sections) has no text to compare: the page links to its PDF and still shows
the data and the matrix. A fixed number of queries whatever the amount of data.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db.models import F, OuterRef, Subquery
from django.http import Http404

from indicators.evidence.assessments import headline_points
from indicators.evidence.selectors import series_for_country, snapshot_versions
from reviews.core.models import Review
from reviews.drafting.diffing import Diff, diff_stats, word_diff
from reviews.drafting.models import Section, SectionKind
from reviews.followup.chapter import comparisons
from reviews.followup.models import SectionMatch
from reviews.workspace.models import GoalAssignment
from vnr_portal.common.caching import page_cache
from vnr_portal.common.compiled import compiled_rows

# Kinds a VNR has once, so that the first VNR's part of the same kind is the same part.
_SINGLE_KINDS = {kind for kind in SectionKind.values if kind not in {SectionKind.GOAL, SectionKind.OTHER}}
MATCH_CHOSEN, MATCH_GOAL, MATCH_KIND, MATCH_POSITION = "chosen", "goal", "kind", "position"


def outline_sections(review: Review | None) -> list[Section]:
    """The review's sections in outline order (top level, each followed by its children; 1
    query), each with its Goal's `goal_number`."""
    if review is None:
        return []
    sections = (
        Section.objects.filter(review=review)
        .exclude(kind=SectionKind.MAIN_MESSAGES)
        .annotate(goal_number=F("goal__number"))
        .order_by("position", "pk")
    )
    return _in_outline_order(list(sections))


@dataclass
class OutlinePart:
    """A section as the side-by-side page reads it: no model instance (a big review has hundreds)."""

    pk: int
    parent_id: int | None
    kind: str
    goal_id: int | None
    goal_number: int | None
    title: str
    content: str = ""


_PART_FIELDS = ["pk", "parent_id", "kind", "goal_id", "goal__number", "title"]


def _parts(review_id, kind):
    return Section.objects.filter(review_id=review_id).exclude(kind=kind).order_by("position", "pk")


def _part_rows(review_id, kind):
    return _parts(review_id, kind).values_list(*_PART_FIELDS)


def _part_rows_with_content(review_id, kind):
    return _parts(review_id, kind).values_list(*_PART_FIELDS, "content")


def outline_parts(review: Review | None, *, content: bool = False) -> list[OutlinePart]:
    """`outline_sections(review)` as plain values (1 query, compiled once: the side by side
    page reads both outlines on every visit); their texts only if `content`."""
    if review is None:
        return []
    rows = compiled_rows(_part_rows_with_content if content else _part_rows, review.pk, SectionKind.MAIN_MESSAGES.value)
    return _in_outline_order([OutlinePart(*row) for row in rows])


def _in_outline_order(sections: list) -> list:
    top = [section for section in sections if section.parent_id is None]
    children: dict[int, list] = {}
    for section in sections:
        if section.parent_id is not None:
            children.setdefault(section.parent_id, []).append(section)
    ordered = []
    for section in top:
        ordered.append(section)
        ordered.extend(children.get(section.pk, []))
    return ordered


def section_with_stored_match(review: Review, section_pk: int) -> tuple[Section, int | None]:
    """The section (its review set) and the id of the previous VNR's part chosen for it, if any (1 query)."""
    chosen = SectionMatch.objects.filter(section=OuterRef("pk")).values("previous_section_id")[:1]
    section = Section.objects.annotate(stored_match=Subquery(chosen)).filter(pk=section_pk, review=review).first()
    if section is None:  # deleted since the outline was read
        raise Http404
    section.review = review
    return section, section.stored_match


def _position(section, sections: list) -> tuple:
    """(index among the top level, index among its parent's children or -1)."""
    top = [item for item in sections if item.parent_id is None]
    if section.parent_id is None:
        return (top.index(section), -1)
    parent = next((index for index, item in enumerate(top) if item.pk == section.parent_id), -1)
    siblings = [item for item in sections if item.parent_id == section.parent_id]
    return (parent, siblings.index(section))


def match_section(section, sections: list, previous: list) -> tuple:
    """The first VNR's part to show beside `section`, and how it was found (sections or
    OutlineParts, all of one kind)."""
    if section.goal_id is not None:
        same_goal = [item for item in previous if item.goal_id == section.goal_id]
        if same_goal:
            return same_goal[0], MATCH_GOAL
    if section.kind in _SINGLE_KINDS:
        same_kind = [item for item in previous if item.kind == section.kind]
        if len(same_kind) == 1:
            return same_kind[0], MATCH_KIND
    if section.goal_id is None and previous:
        wanted = _position(section, sections)
        for item in previous:
            if _position(item, previous) == wanted:
                return item, MATCH_POSITION
    return None, ""


# Bump when drafting's word diff changes what it computes: the diffs cached before are then unused.
DIFF_VERSION = "1"
DIFF_CACHE_SECONDS = 24 * 3600  # only to let unused diffs go: a changed text is a new key


def cached_word_diff(old_html: str, new_html: str) -> Diff:
    """drafting's `word_diff`, cached under a digest of the two texts (never stale: another
    text is another key)."""
    digest = hashlib.sha256(f"{DIFF_VERSION}|{len(old_html)}|{old_html}{new_html}".encode()).hexdigest()
    return page_cache.get_or_set(
        f"followup:word-diff:{digest}", lambda: word_diff(old_html, new_html), DIFF_CACHE_SECONDS
    )


@dataclass
class IndicatorRow:
    code: str
    series: str
    unit: str
    then: tuple[int, float] | None  # (year, value) of the latest headline figure
    now: tuple[int, float] | None

    @property
    def changed(self) -> bool:
        return self.then != self.now


@dataclass
class MatrixRow:
    ministry: str
    role_then: str | None
    role_now: str | None


@dataclass
class FigureTable:
    key: str
    title: str
    rows: list  # [(label, first, now)]


@dataclass
class SideBySide:
    section: OutlinePart | Section
    previous: Review | None
    match: OutlinePart | Section | None
    match_reason: str
    first_is_pdf: bool  # the first VNR is a record with no sections
    diff: Diff | None
    stats: dict | None
    indicators: list[IndicatorRow] = field(default_factory=list)
    matrix: list[MatrixRow] = field(default_factory=list)
    figures: list[FigureTable] = field(default_factory=list)


def _indicator_rows(review: Review, goal_number: int) -> list[IndicatorRow]:
    """The headline latest value of each series of the Goal, at the first VNR and now (3 queries)."""
    series = list(series_for_country(review.country.iso3).filter(indicator_code__startswith=f"{goal_number}."))
    if not series:
        return []
    now = headline_points(item.current_version_id for item in series)
    then_points: dict[int, list] = {}
    snapshot = review.previous_review.data_snapshot if review.previous_review else None
    if snapshot is not None:
        ids = {item.pk for item in series}
        versions = {
            version.series_id: version.pk for version in snapshot_versions(snapshot) if version.series_id in ids
        }
        points = headline_points(versions.values())
        then_points = {series_id: points.get(version_id, []) for series_id, version_id in versions.items()}
    elif review.previous_review is not None:
        year = review.previous_review.hlpf_year
        then_points = {
            item.pk: [point for point in now.get(item.current_version_id, []) if point[0] <= year] for item in series
        }
    rows = []
    for item in series:
        latest_now = now.get(item.current_version_id) or []
        latest_then = then_points.get(item.pk) or []
        rows.append(
            IndicatorRow(
                code=item.indicator_code,
                series=item.code,
                unit=item.unit,
                then=latest_then[-1] if latest_then else None,
                now=latest_now[-1] if latest_now else None,
            )
        )
    return rows


def _matrix_rows(review: Review, goal_id: int) -> list[MatrixRow]:
    """The ministries with a role for the Goal in either review, with their role then and now (1 query).
    Ministries of the two reviews are matched by name."""
    reviews = [review.pk] + ([review.previous_review_id] if review.previous_review_id else [])
    rows: dict[str, MatrixRow] = {}
    for assignment in GoalAssignment.objects.filter(review_id__in=reviews, goal_id=goal_id).select_related("ministry"):
        label = assignment.ministry.label
        row = rows.setdefault(label.casefold(), MatrixRow(ministry=label, role_then=None, role_now=None))
        if assignment.review_id == review.pk:
            row.role_now = assignment.get_role_display()
        else:
            row.role_then = assignment.get_role_display()
    return sorted(rows.values(), key=lambda row: row.ministry.casefold())


def side_by_side(review: Review, section, *, sections: list, previous_sections: list, chosen=None) -> SideBySide:
    """`section` of `review` beside the first VNR's part (`chosen`, one of
    `previous_sections`, else matched): OutlineParts with their texts, or sections."""
    previous = review.previous_review
    if chosen is not None:
        match, reason = chosen, MATCH_CHOSEN
    else:
        match, reason = match_section(section, sections, previous_sections)
    first_is_pdf = previous is not None and previous.is_record and not previous_sections
    diff = stats = None
    if match is not None:
        diff = cached_word_diff(match.content, section.content)
        stats = diff_stats(diff)
    result = SideBySide(
        section=section,
        previous=previous,
        match=match,
        match_reason=reason,
        first_is_pdf=first_is_pdf,
        diff=diff,
        stats=stats,
    )
    if section.goal_id is not None:
        result.indicators = _indicator_rows(review, section.goal_number)
        result.matrix = _matrix_rows(review, section.goal_id)
    for provider in comparisons():
        rows = provider.provider(review)
        if rows:
            result.figures.append(FigureTable(key=provider.key, title=str(provider.title), rows=rows))
    return result
