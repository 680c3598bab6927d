"""Assembling the report: order and numbering, content hash, annex registry, sanitizing."""

import json
from pathlib import Path

import pytest
from django.utils import timezone

from reviews.models import Section, SectionKind
from reviews.publishing import assembly as assembly_module
from reviews.publishing.assembly import assemble, register_annex, unregister_annex
from reviews.tests.factories import SectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

HOSTILE = json.loads(Path("/work/shared/data/security/hostile-inputs.json").read_text())


def _section(review, title, position, parent=None, kind=SectionKind.OTHER, content=""):
    return SectionFactory(
        review=review, title=title, position=position, parent=parent, kind=kind, content=content, version=1
    )


@pytest.fixture
def outline(review):
    first = _section(review, "Introduction", 0, content="<p>Opening words.</p>")
    _section(review, "Second child", 1, parent=first)
    _section(review, "First child", 0, parent=first)
    second = _section(review, "Policy", 1)
    _section(review, "Only child", 0, parent=second)
    _section(review, "Main messages", 5, kind=SectionKind.MAIN_MESSAGES, content="<p>Key points.</p>")
    return review


def test_assemble_chapters_follow_outline_order_and_numbering(outline):
    result = assemble(outline)
    assert [(c.number, c.title, c.level) for c in result.chapters] == [
        ("", "Main messages", 1),
        ("1", "Introduction", 1),
        ("1.1", "First child", 2),
        ("1.2", "Second child", 2),
        ("2", "Policy", 1),
        ("2.1", "Only child", 2),
    ]


def test_assemble_html_has_headings_in_order_with_numbers(outline):
    html = assemble(outline).html
    positions = [
        html.index(text)
        for text in (
            '<span class="chapter-number">1</span> Introduction',
            '<span class="chapter-number">1.1</span> First child',
            '<span class="chapter-number">1.2</span> Second child',
            '<span class="chapter-number">2</span> Policy',
        )
    ]
    assert positions == sorted(positions)
    assert "<title>Second VNR of Aurelia</title>" in html
    assert '<html lang="en" dir="ltr">' in html


def test_assemble_main_messages_without_text_are_left_out(review):
    _section(review, "Main messages", 0, kind=SectionKind.MAIN_MESSAGES)
    _section(review, "Introduction", 1)
    assert [c.title for c in assemble(review).chapters] == ["Introduction"]


def test_assemble_draft_by_default_until_frozen(outline):
    draft = assemble(outline)
    outline.frozen_at = timezone.now()
    outline.save(update_fields=["frozen_at"])
    final = assemble(outline)
    assert (draft.is_final, final.is_final) == (False, True)
    assert ('class="watermark"' in draft.html, 'class="watermark"' in final.html) == (True, False)
    assert assemble(outline, final=False).is_final is False


def test_assemble_content_hash_changes_with_what_affects_the_output(outline):
    base = assemble(outline).content_hash
    assert assemble(outline).content_hash == base
    assert assemble(outline, final=True).content_hash != base
    section = Section.objects.get(title="Policy")
    section.version = 2
    section.save(update_fields=["version"])
    after_version = assemble(outline).content_hash
    section.title = "Policies"
    section.save(update_fields=["title"])
    after_title = assemble(outline).content_hash
    assert len({base, after_version, after_title}) == 3
    assert len(base) == 64


def test_assemble_arabic_report_is_right_to_left(review):
    review.languages = ["ar", "en"]
    review.save(update_fields=["languages"])
    _section(review, "مقدمة", 0)
    result = assemble(review)
    assert (result.language, result.direction) == ("ar", "rtl")
    assert '<html lang="ar" dir="rtl">' in result.html


def test_assemble_sanitizes_content_again(review):
    hostile = "".join(HOSTILE["xss_html"] + HOSTILE["pdf_fetch"])
    _section(review, "Hostile", 0, content=hostile)
    html = assemble(review).html.lower()
    assert "<script" not in html
    assert "file:///" not in html
    assert "127.0.0.1:9" not in html
    assert "169.254.169.254" not in html
    assert "onerror" not in html


def test_register_annex_chapters_come_after_the_outline_annexes(review):
    _section(review, "Introduction", 0)
    annexes = _section(review, "Annexes", 1, kind=SectionKind.ANNEX)
    _section(review, "Statistical annex", 0, parent=annexes, kind=SectionKind.ANNEX)
    _section(review, "Afterword", 2)
    register_annex("test-consultation", lambda r: [("Consultation summary", "<p>We heard <script>x</script>you.</p>")])
    try:
        result = assemble(review)
    finally:
        unregister_annex("test-consultation")
    assert [(c.number, c.title) for c in result.chapters] == [
        ("1", "Introduction"),
        ("2", "Annexes"),
        ("2.1", "Statistical annex"),
        ("2.2", "Consultation summary"),
        ("3", "Afterword"),
    ]
    assert result.chapters[3].html == "<p>We heard you.</p>"
    assert "test-consultation" not in assembly_module.registered_annexes()


def test_register_annex_without_outline_annexes_appends_top_level(review):
    _section(review, "Introduction", 0)
    register_annex("test-extra", lambda r: [("Extra", "<p>More.</p>")])
    try:
        with_annex = assemble(review)
    finally:
        unregister_annex("test-extra")
    assert [(c.number, c.title, c.level) for c in with_annex.chapters] == [("1", "Introduction", 1), ("2", "Extra", 1)]
    assert with_annex.content_hash != assemble(review).content_hash


@pytest.mark.parametrize("count", [1, 12])
def test_assemble_query_count_does_not_grow_with_sections(review, django_assert_num_queries, monkeypatch, count):
    # The assembly's own queries: the annexes other apps register pin their own budgets.
    monkeypatch.setattr(assembly_module, "_ANNEX_BUILDERS", {})
    for n in range(count):
        parent = _section(review, f"Chapter {n}", n)
        _section(review, f"Part {n}", 0, parent=parent)
    with django_assert_num_queries(2):
        assemble(review)
