"""Text tied to data in the report: the assembly renders the figures as of now, its
content hash changes when they change (so a new edition is rendered), and the PDF shows
the new value after a re-import."""

import subprocess

import pytest

from indicators.evidence.services.imports import ImportFile, evidence_import
from reviews.publishing import assembly as assembly_module
from reviews.publishing.assembly import assemble
from reviews.publishing.docx_export import export_docx
from reviews.publishing.pdf import render_pdf
from reviews.tests.factories import SectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

BIRTHS = "Year,Units,Value\n2015,%,90\n2020,%,95\n2023,%,97.4\n"
TEXT = (
    "<p>Births attended by skilled staff: "
    '<span data-vnr-data="value" data-indicator="3.1.2">3.1.2 latest value</span>.</p>'
    '<p><span data-vnr-data="chart" data-indicator="3.1.2">3.1.2 chart</span></p>'
)


def import_births(extra=""):
    summary = evidence_import(
        country="AUR", files=[ImportFile(name="indicator_3-1-2.csv", data=(BIRTHS + extra).encode())]
    )
    assert not summary.errors


@pytest.fixture
def tied(review):
    import_births()
    return SectionFactory(review=review, title="Health", position=0, content=TEXT, version=1)


def test_assembly_renders_the_current_value_and_chart(tied):
    assembly = assemble(tied.review)
    assert "97.4 % (2023)" in assembly.html
    assert '<span class="vnr-data vnr-data-chart"><svg xmlns="http://www.w3.org/2000/svg"' in assembly.html
    assert f'id="section-{tied.pk}-chart-1-title"' in assembly.html
    assert "3.1.2 latest value" not in assembly.html


def test_content_hash_changes_when_the_referenced_data_changes(tied):
    before = assemble(tied.review)
    assert assemble(tied.review).content_hash == before.content_hash  # stable
    import_births("2024,%,98.1\n")
    after = assemble(tied.review)
    assert after.content_hash != before.content_hash
    assert "98.1 % (2024)" in after.html and "97.4 % (2023)" not in after.html


def test_missing_data_in_the_report_is_a_marker(review):
    SectionFactory(
        review=review, title="Gaps", content='<p><span data-vnr-data="value" data-indicator="9.9.9">x</span></p>'
    )
    assert "[no data for 9.9.9]" in assemble(review).html


def test_assembly_resolves_every_section_at_once(review, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr(assembly_module, "_ANNEX_BUILDERS", {})  # other apps' annexes pin their own
    import_births()
    for n in range(8):
        SectionFactory(review=review, title=f"Part {n}", position=n, content=TEXT, version=1)
    # The outline's 2, the series, their figures and targets: however many sections refer to data.
    with django_assert_num_queries(5):
        assemble(review)


def test_word_export_writes_the_value_and_the_charts_title(tied):
    from io import BytesIO

    from docx import Document

    document = Document(BytesIO(export_docx(assemble(tied.review))))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Births attended by skilled staff: 97.4 % (2023)." in text
    # The chart is its title, not the labels of its axes.
    assert "[Chart: 3.1.2]" in text.splitlines()
    assert "Baseline 2015" not in text and "Latest 2023" not in text


def test_pdf_shows_the_new_value_after_a_reimport(tied, tmp_path):
    import_births("2024,%,98.1\n")
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(assemble(tied.review)).data)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    assert "98.1 % (2024)" in text
    assert "97.4 % (2023)" not in text


def test_a_frozen_report_shows_the_figures_it_was_approved_with(tied, client, editor, monkeypatch):
    from django.urls import reverse
    from django.utils import timezone

    from indicators.evidence.services.snapshots import take_snapshot

    # The sections' own figures (the evidence annexes are another package's to pin).
    monkeypatch.setattr(assembly_module, "_ANNEX_BUILDERS", {})
    monkeypatch.setattr(assembly_module, "_GOAL_OPENINGS", {})
    review = tied.review
    review.data_snapshot = take_snapshot(country="AUR", label="Approved")
    review.frozen_at = timezone.now()
    review.save(update_fields=["data_snapshot", "frozen_at"])
    approved = assemble(review)
    import_births("2024,%,98.1\n")
    after = assemble(review)
    assert "97.4 % (2023)" in after.html and "98.1" not in after.html
    assert after.content_hash == approved.content_hash
    client.force_login(editor)
    page = client.get(reverse("reviews:section-detail", args=[review.pk, tied.pk])).content.decode()
    assert "97.4 % (2023)" in page and "98.1" not in page
    # A draft (not frozen) shows today's figures even with a snapshot recorded.
    review.frozen_at = None
    review.save(update_fields=["frozen_at"])
    assert "98.1 % (2024)" in assemble(review).html


def test_snapshot_resolution_takes_a_fixed_number_of_queries(review, django_assert_num_queries, monkeypatch):
    from django.utils import timezone

    from indicators.evidence.services.snapshots import take_snapshot

    monkeypatch.setattr(assembly_module, "_ANNEX_BUILDERS", {})
    import_births()
    for n in range(8):
        SectionFactory(review=review, title=f"Part {n}", position=n, content=TEXT, version=1)
    review.data_snapshot = take_snapshot(country="AUR", label="Approved")
    review.frozen_at = timezone.now()
    review.save(update_fields=["data_snapshot", "frozen_at"])
    with django_assert_num_queries(5):
        html = assemble(review).html
    assert html.count("97.4 % (2023)") == 8
