"""The benchmark's generated review (bench/report_data.py) stays something `make bench` can render."""

import re

import pytest

from bench.report_data import fill_review
from reviews.models import SectionImage
from reviews.publishing.assembly import assemble
from reviews.publishing.fetcher import REPORT_BASE_URL, ReportURLFetcher

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def test_bench_review_has_goal_chapters_tables_charts_and_a_cover(review, coordinator, goals, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    counts = fill_review(review, coordinator, scale=0.2)
    assembly = assemble(review)
    goal_titles = [chapter.title for chapter in assembly.chapters if chapter.title.startswith("Goal ")]
    sources = re.findall(r'<img src="([^"]+)"', assembly.html)
    fetcher = ReportURLFetcher(review_id=review.pk)
    for src in sources:
        fetcher.resolve(REPORT_BASE_URL + src.lstrip("/"))
    assert (len(goal_titles), counts["charts"], SectionImage.objects.filter(section__review=review).count()) == (
        len(goals),
        2 * len(goals),
        2 * len(goals),
    )
    assert len(sources) == 2 * len(goals) + 1 and sources[0].startswith("/media/reviews/covers/")
    assert assembly.html.count("<table>") == counts["tables"] and fetcher.refused == []
