"""Reads of the generated chapter "From the first to the second VNR": the change in data
availability and progress categories between the two reviews (followup's own part), the
chapter's html made of every registered part, the section that holds it, and the preview
of a regeneration (what would change, as drafting's word diff).

The data part compares the country's data now with the first VNR's: its recorded
figures (`Review.data_snapshot` of the previous review) when there are some, else
today's data up to the first VNR's year — as `indicators.evidence.assessments` does.
A fixed number of queries whatever the amount of data.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from indicators.evidence.assessments import country_progress, goal_aggregates, goal_number_of
from indicators.evidence.selectors import series_for_country
from indicators.models import Goal
from reviews.core.models import Review
from reviews.core.sanitize import clean_html
from reviews.core.selectors import vnr_names
from reviews.drafting.diffing import Diff, diff_stats
from reviews.drafting.models import Section, SectionKind
from reviews.followup.chapter import chapter_parts
from reviews.followup.selectors.sidebyside import cached_word_diff


@dataclass
class GoalChange:
    number: int
    title: str
    indicators_then: int
    indicators_now: int
    category_then: str | None  # label; None when not assessed
    category_now: str | None

    @property
    def gained(self) -> int:
        return self.indicators_now - self.indicators_then


@dataclass
class DataChange:
    previous: Review
    first_vnr_year: int
    snapshot_label: str  # "" when the first VNR recorded no data
    rows: list[GoalChange]
    indicators_then: int
    indicators_now: int


def data_change(review: Review) -> DataChange | None:
    """Indicators with data and the Goal's progress category at the first VNR and now,
    per Goal (7 queries with a recorded snapshot, fewer without); None without a
    previous review."""
    previous = review.previous_review
    if previous is None:
        return None
    snapshot = previous.data_snapshot
    iso3 = review.country.iso3
    series = list(series_for_country(iso3))
    progress = country_progress(iso3, first_vnr_year=previous.hlpf_year, first_vnr_snapshot=snapshot, series=series)
    now_codes: dict[int, set[str]] = {}
    then_codes: dict[int, set[str]] = {}
    for item in progress:
        code = item.series.indicator_code
        now_codes.setdefault(goal_number_of(code), set()).add(code)
        if item.points_at_first_vnr:
            then_codes.setdefault(goal_number_of(code), set()).add(code)
    now = goal_aggregates(progress)
    then = goal_aggregates([dataclasses.replace(item, since_2015=item.at_first_vnr) for item in progress])
    numbers = sorted(set(now_codes) | set(then_codes))
    goals = {goal.number: goal for goal in Goal.objects.filter(number__in=numbers)}
    rows = []
    for number in numbers:
        goal = goals.get(number)
        rows.append(
            GoalChange(
                number=number,
                title=str(goal) if goal is not None else str(number),
                indicators_then=len(then_codes.get(number, ())),
                indicators_now=len(now_codes.get(number, ())),
                category_then=str(then[number].category_label) if number in then else None,
                category_now=str(now[number].category_label) if number in now else None,
            )
        )
    return DataChange(
        previous=previous,
        first_vnr_year=previous.hlpf_year,
        snapshot_label=snapshot.label if snapshot is not None else "",
        rows=rows,
        indicators_then=len(set().union(*then_codes.values())) if then_codes else 0,
        indicators_now=len(set().union(*now_codes.values())) if now_codes else 0,
    )


def data_change_part(review: Review) -> SafeString | str:
    """The chapter's part on data: a table per Goal, or "" without a previous review or data."""
    change = data_change(review)
    if change is None or not change.rows:
        return ""
    return render_to_string("reviews/followup/chapter/_data_change.html", {"change": change, "vnr": vnr_names(review)})


# --- The chapter -------------------------------------------------------------------------


def chapter_html(review: Review) -> str:
    """The chapter's text as generated now: each registered part that has something, under
    its heading, sanitized as a section's text is."""
    pieces = []
    for part in chapter_parts():
        html = part.builder(review)
        if html:
            pieces.append(render_to_string("reviews/followup/chapter/_part.html", {"part": part, "html": html}))
    if not pieces:
        pieces.append(render_to_string("reviews/followup/chapter/_empty.html"))
    return clean_html("".join(pieces))


def chapter_digest(html: str) -> str:
    """What the preview showed, so that the confirmation replaces with that and nothing else."""
    return hashlib.sha256(html.encode()).hexdigest()


def chapter_section_get(review: Review) -> Section | None:
    """The review's top-level "From the first to the second VNR" section, if it has one
    (the default outline does, empty, with "Lessons learned" and "Next steps" under it;
    1 query)."""
    return (
        Section.objects.filter(review=review, kind=SectionKind.FIRST_TO_SECOND, parent__isnull=True)
        .order_by("position", "pk")
        .first()
    )


def chapter_is_generated(section: Section | None) -> bool:
    """The chapter has text (generated or written): from now on it is regenerated, with a preview."""
    return section is not None and bool(section.version or section.content)


@dataclass
class ChapterPreview:
    section: Section
    html: str
    digest: str
    diff: Diff
    stats: dict

    @property
    def changes(self) -> bool:
        return bool(self.stats["added"] or self.stats["removed"]) or self.html != self.section.content


def chapter_preview(section: Section) -> ChapterPreview:
    """What regenerating `section` would do: the new text and the word diff from the current one."""
    html = chapter_html(section.review)
    diff = cached_word_diff(section.content, html)
    return ChapterPreview(section=section, html=html, digest=chapter_digest(html), diff=diff, stats=diff_stats(diff))


def chapter_title(review: Review) -> str:
    """The chapter's title, by the order of the two reviews: "From the second to the third VNR"."""
    return vnr_names(review).chapter_title
