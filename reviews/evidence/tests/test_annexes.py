"""The statistical and data-gap annexes and the opening of the Goal chapters, as the report's
assembly places them: values, categories, judgements marked, escaping of hostile data, the
trusted path that keeps charts but never user HTML, and the content hash."""

import json
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from indicators.evidence.models import ProgressOverride
from indicators.evidence.services.series import national_target_set
from indicators.models import Goal, Series
from indicators.progress import CATEGORY_LABELS
from indicators.services import framework_load
from reviews.evidence.annexes import data_gap_annex, goal_openings, statistical_annex
from reviews.evidence.selectors import review_progress
from reviews.evidence.tests.evidence_data import describe, import_rows, many_observations, record_first_vnr
from reviews.models import Review, SectionKind
from reviews.publishing.assembly import assemble, register_annex, unregister_annex
from reviews.tests.factories import SectionFactory
from vnr_portal.common.caching import page_cache

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

HOSTILE = json.loads(Path("/work/shared/data/security/hostile-inputs.json").read_text(encoding="utf-8"))


@pytest.fixture
def framework(db):
    return framework_load()


@pytest.fixture
def data(framework, review, first_review):
    """1.1.1 (lower is better, target 5 by 2030): 2015 20, 2017 18 at the first VNR; later
    2017 revised to 17.5, 2021 15, 2023 13. 3.1.1 appears later (2016, 2022). 2.1.1 has no
    direction (not assessed)."""
    import_rows([("1.1.1", 2015, 20), ("1.1.1", 2017, 18), ("2.1.1", 2016, 5), ("2.1.1", 2020, 4)])
    describe("1.1.1", polarity="lower", source_organisation="National Statistics Office", source_kind="survey")
    national_target_set(series=Series.objects.get(indicator_code="1.1.1"), year=2030, value=5)
    record_first_vnr(first_review)
    import_rows(
        [
            ("1.1.1", 2015, 20),
            ("1.1.1", 2017, 17.5),
            ("1.1.1", 2021, 15),
            ("1.1.1", 2023, 13),
            ("3.1.1", 2016, 120),
            ("3.1.1", 2022, 140),
        ],
        name="later.csv",
    )
    describe(
        "3.1.1",
        polarity="lower",
        source_organisation="Mothers' Voices",
        source_type="alternative",
        source_kind="citizen_generated",
    )
    return review


def _progress(review, code):
    return next(item for item in review_progress(review) if item.series.indicator_code == code)


def test_statistical_annex_gives_latest_baseline_and_first_vnr_values_with_categories(data):
    [(title, html)] = statistical_annex(data)

    assert title == "Statistical annex"
    assert isinstance(html, SafeString)
    poverty = _progress(data, "1.1.1")
    row = html.split('<th scope="row">1.1.1</th>')[1].split("</tr>")[0]
    assert '13 <span class="annex-year">(2023)</span>' in row  # latest
    assert '20 <span class="annex-year">(2015)</span>' in row  # baseline
    assert '18 <span class="annex-year">(2017)</span>' in row  # the first VNR's own figure, before the revision
    assert f'category-{poverty.category}">{CATEGORY_LABELS[poverty.category]}</span>' in row
    assert f'category-{poverty.category_since_first_vnr}">' in row
    assert "National Statistics Office" in row and "Survey" in row
    assert "judgement" not in row
    maternal = html.split('<th scope="row">3.1.1</th>')[1].split("</tr>")[0]
    assert (
        "Mothers&#x27; Voices" in maternal and "alternative source" in maternal and "Citizen-generated data" in maternal
    )
    assert 'category-regressing">Regressing</span>' in maternal
    # Goal headings in order; the not assessed series (no direction) is left out.
    assert html.index("Goal 1: ") < html.index("Goal 3: ")
    assert "2.1.1" not in html


def test_statistical_annex_marks_a_statisticians_judgement(data):
    series = Series.objects.get(indicator_code="1.1.1")
    computed = _progress(data, "1.1.1").since_2015.category
    ProgressOverride.objects.create(
        series=series, baseline_year=2015, category="regressing", computed_category=computed, reason="Revised."
    )

    [(_title, html)] = statistical_annex(data)

    row = html.split('<th scope="row">1.1.1</th>')[1].split("</tr>")[0]
    assert 'category-regressing">Regressing</span>' in row
    assert f"(judgement; computed: {CATEGORY_LABELS[computed]})" in row
    assert row.count("(judgement;") == 1  # only since 2015; since the first VNR stays computed


@pytest.mark.parametrize("hostile", HOSTILE["xss_html"][:4] + HOSTILE["pdf_fetch"][:3])
def test_annexes_escape_hostile_series_names_units_and_sources(data, hostile):
    describe("1.1.1", code=hostile, unit=hostile, source_organisation=hostile)

    [(_title, html)] = statistical_annex(data)
    report = assemble(data)

    for text in (html, report.html):
        for tag in ("<script", "<img", "<svg onload", "<link", "<style>@import", "<div style"):
            assert tag not in text
    assert hostile.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;") in html


def test_data_gap_annex_lists_gaps_and_what_improved(data):
    [(title, html)] = data_gap_annex(data)

    assert title == "Data gaps"
    assert "Of 251 indicators, 3 have data now. 2 had data at the first VNR (2019)." in html
    gained = html.split('class="annex-table gained-table"')[1].split("</table>")[0]
    assert '<th scope="row">3.1.1</th>' in gained and "1.1.1" not in gained
    gaps = html.split("Indicators without enough data")[1]
    assert '<th scope="row">1.2.1</th>' in gaps and "No data" in gaps
    assert '<th scope="row">1.1.1</th>' not in gaps


def test_annexes_are_absent_for_a_country_without_data(framework, review):
    assert statistical_annex(review) == []
    assert data_gap_annex(review) == []
    assert [chapter.title for chapter in assemble(review).chapters] == []


@pytest.mark.parametrize("count", [10, 10_000])
def test_annex_builders_query_counts_are_fixed(framework, review, first_review, django_assert_num_queries, count):
    many_observations(count)
    Series.objects.update(polarity="higher")
    record_first_vnr(first_review)
    review = Review.objects.select_related("country", "previous_review__data_snapshot").get(pk=review.pk)

    # Cold: the assessments computed; warm: read from the cache (2 queries fewer: the
    # headline figures now and at the first VNR). The data-gap annex reads no assessment.
    for builder, cold, warm in ((statistical_annex, 6, 4), (data_gap_annex, 8, 8), (goal_openings, 8, 6)):
        page_cache.clear()
        with django_assert_num_queries(cold):
            builder(review)
        with django_assert_num_queries(warm):
            builder(review)


# --- In the assembled report -------------------------------------------------------------


def _goal_section(review, number, position):
    return SectionFactory(
        review=review,
        title=f"Goal {number}",
        position=position,
        kind=SectionKind.GOAL,
        goal=Goal.objects.get(number=number),
        content="<p>What the ministries report.</p>",
        version=1,
    )


def test_goal_chapters_open_with_tile_and_chart_only_with_data(data):
    with_data = _goal_section(data, 1, 0)
    without = _goal_section(data, 2, 1)

    chapters = {chapter.anchor: chapter.html for chapter in assemble(data).chapters}

    opening = chapters[f"section-{with_data.pk}"]
    assert opening.startswith('<div class="goal-opening">')
    assert 'class="goal-tile goal-tile-1"' in opening and "No poverty" in opening
    category = _progress(data, "1.1.1").category
    assert f'class="category category-{category}"' in opening
    assert "<svg" in opening and "<title" in opening  # the chart, with its text alternative
    assert "Headline series: 1.1.1" in opening
    assert opening.endswith("<p>What the ministries report.</p>")
    assert chapters[f"section-{without.pk}"] == "<p>What the ministries report.</p>"


def test_annexes_follow_the_outline_and_keep_their_charts_out_of_the_sanitizer(data):
    report = assemble(data)

    titles = [chapter.title for chapter in report.chapters]
    assert titles[-2:] == ["Statistical annex", "Data gaps"]
    assert 'class="annex-table statistical-table"' in report.html


def test_content_hash_changes_when_the_data_changes(data):
    _goal_section(data, 1, 0)
    before = assemble(data).content_hash
    assert assemble(data).content_hash == before

    import_rows(
        [("1.1.1", 2015, 20), ("1.1.1", 2017, 17.5), ("1.1.1", 2021, 15), ("1.1.1", 2023, 13), ("1.1.1", 2025, 11)],
        name="newer.csv",
    )

    assert assemble(data).content_hash != before


def test_builders_run_in_the_reports_language(data):
    seen = []
    register_annex("test-language", lambda review: seen.append(translation.get_language()) or [], trusted=True)
    try:
        data.languages = ["fr", "en"]
        data.save(update_fields=["languages"])
        assemble(data)
    finally:
        unregister_annex("test-language")

    assert seen == ["fr"]


# --- The trusted path ----------------------------------------------------------------------


def test_a_trusted_annex_keeps_server_made_markup_but_sanitizes_plain_strings(review):
    register_annex(
        "test-trusted",
        lambda r: [
            ("Chart", mark_safe('<figure><svg viewBox="0 0 10 10"><title>A chart</title></svg></figure>')),
            ("Pasted", '<p>Hello <script>alert(1)</script><svg onload="alert(1)"></svg>there</p>'),
        ],
        trusted=True,
    )
    try:
        chapters = {chapter.title: chapter.html for chapter in assemble(review).chapters}
    finally:
        unregister_annex("test-trusted")

    assert '<svg viewBox="0 0 10 10"><title>A chart</title></svg>' in chapters["Chart"]
    assert "<script" not in chapters["Pasted"] and "<svg" not in chapters["Pasted"]
    assert chapters["Pasted"].startswith("<p>Hello")


def test_an_untrusted_annex_loses_even_marked_safe_markup(review):
    register_annex("test-untrusted", lambda r: [("Chart", mark_safe("<p>x<svg><title>t</title></svg></p>"))])
    try:
        [chapter] = assemble(review).chapters
    finally:
        unregister_annex("test-untrusted")

    assert "<svg" not in chapter.html


def test_a_trusted_template_still_escapes_user_text_inside(data):
    hostile = HOSTILE["xss_html"][3]  # <svg><script>alert(1)</script></svg>
    Goal.objects.filter(number=1).update(short_title={"en": hostile})
    _goal_section(data, 1, 0)

    opening = assemble(data).chapters[0].html

    assert "&lt;svg&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;/svg&gt;" in opening
    assert "<script" not in opening
    assert opening.count("<svg") == 1  # the chart's own


def test_word_export_shows_a_chart_as_its_title_not_its_labels(data):
    import io

    import docx

    from reviews.publishing.docx_export import export_docx

    _goal_section(data, 1, 0)

    document = docx.Document(io.BytesIO(export_docx(assemble(data))))

    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "[Chart: 1.1.1 Series 1.1.1]" in texts
    assert not any("Baseline 2015" in text for text in texts)
    assert "Headline series: 1.1.1 Series 1.1.1" in texts
    assert any("What the ministries report." in text for text in texts)
