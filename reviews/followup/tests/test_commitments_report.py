"""The commitments in a ministry's progress report (reporting's registry of extra parts),
in the report's annexes and in the generated chapter's part."""

import re
import subprocess

import pytest
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from indicators.tests.factories import TargetFactory
from reviews.followup.annexes import commitments_annex, commitments_chapter_part
from reviews.followup.services.commitments import (
    commitment_create,
    commitment_update_decide,
    commitment_update_submit,
)
from reviews.publishing.assembly import assemble, registered_annexes
from reviews.publishing.pdf import render_pdf
from reviews.reporting.extras import register_report_part, report_parts, unregister_report_part
from reviews.tests.factories import ProgressReportFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def health(review, coordinator, ministry_a, goals):
    return commitment_create(
        actor=coordinator,
        review=review,
        text="Cut <b>premature</b> deaths",
        kind="commitment",
        targets=[TargetFactory(goal=goals[2], code="3.4")],
        ministries=[ministry_a],
    )


@pytest.fixture
def report(review, ministry_a, goals):
    return ProgressReportFactory(review=review, ministry=ministry_a, goal=goals[2])


def test_focal_points_report_shows_their_commitments_with_status_and_link(
    client, review, focal_a, reviewer, health, report, ministry_b, coordinator
):
    other = commitment_create(
        actor=coordinator, review=review, text="Not ours", kind="commitment", ministries=[ministry_b]
    )
    update = commitment_update_submit(actor=focal_a, commitment=health, status="in_progress")
    commitment_update_decide(actor=reviewer, update=update, accept=True)
    client.force_login(focal_a)
    for name in ("report-detail", "report-fill"):
        page = client.get(reverse(f"reviews:{name}", kwargs={"pk": review.pk, "report_pk": report.pk})).content.decode()
        assert 'id="report-part-commitments"' in page, name
        assert "Cut &lt;b&gt;premature&lt;/b&gt; deaths" in page
        assert "<td>In progress</td>" in page
        assert reverse("reviews:followup-commitment", kwargs={"pk": review.pk, "commitment_pk": health.pk}) in page
        assert other.text not in page


def test_no_part_when_the_ministry_has_no_commitment(client, review, focal_a, report):
    client.force_login(focal_a)
    page = client.get(
        reverse("reviews:report-detail", kwargs={"pk": review.pk, "report_pk": report.pk})
    ).content.decode()
    assert 'id="report-part-commitments"' not in page


def test_registry_escapes_unsafe_html_and_keeps_safe_html(report, focal_a):
    register_report_part("plain", "Plain", lambda report, user: "<script>x</script>", order=1)
    register_report_part("safe", "Safe", lambda report, user: mark_safe("<p>ok</p>"), order=2)
    try:
        parts = {part.key: part for part in report_parts(report, focal_a)}
        assert parts["plain"].html == "&lt;script&gt;x&lt;/script&gt;"
        assert parts["safe"].html == "<p>ok</p>"
        assert list(parts)[:2] == ["plain", "safe"]
    finally:
        unregister_report_part("plain")
        unregister_report_part("safe")


def test_chapter_part_shows_the_accepted_status_and_evidence(review, focal_a, reviewer, health):
    assert "Not reported yet" in commitments_chapter_part(review)
    update = commitment_update_submit(
        actor=focal_a, commitment=health, status="done", narrative="Law passed", links=["https://example.org/law"]
    )
    assert "Not reported yet" in commitments_chapter_part(review)  # submitted is not shown
    commitment_update_decide(actor=reviewer, update=update, accept=True)
    html = commitments_chapter_part(review)
    assert isinstance(html, SafeString)
    assert '<td class="status">Done</td>' in html
    assert "Law passed" in html and '<a href="https://example.org/law">' in html
    assert "Cut &lt;b&gt;premature&lt;/b&gt; deaths" in html
    assert "First VNR of Aurelia (2019)" in html


def test_chapter_part_and_annex_are_empty_without_commitments(review):
    assert commitments_chapter_part(review) == ""
    assert commitments_annex(review) == []


def test_annex_is_registered_with_the_table_and_roadmap(review, focal_a, reviewer, health):
    update = commitment_update_submit(actor=focal_a, commitment=health, status="done")
    commitment_update_decide(actor=reviewer, update=update, accept=True)
    assert registered_annexes()["commitments"] is commitments_annex
    chapters = {chapter.title: chapter.html for chapter in assemble(review).chapters}
    html = chapters["Follow-up of the previous VNR's commitments"]
    assert '<td class="status">Done</td>' in html
    assert "Cut &lt;b&gt;premature&lt;/b&gt; deaths — Done" in html


# --- The annex in the PDF --------------------------------------------------------------------

LONG_LINK = (
    "https://www.health.gov.example/publications/2026/national-strategy-on-noncommunicable-diseases-final-report.pdf"
)


def _pdf_text(path, page=None):
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(
        ["pdftotext", "-layout", *pages, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def followed_up(review, coordinator, focal_a, reviewer, ministry_a, ministry_b, goals):
    """Three commitments with long texts, two ministries, accepted updates with evidence."""
    texts = [
        "Adopt a national strategy on noncommunicable diseases and fund its action plan through the annual budget",
        "Publish the SDG indicators of the statistical office on an open data platform updated every quarter",
        "Create a standing committee of parliament that follows the implementation of the Goals",
    ]
    commitments = []
    for n, text in enumerate(texts):
        commitment = commitment_create(
            actor=coordinator,
            review=review,
            text=text,
            kind="commitment",
            targets=[TargetFactory(goal=goals[n + 2], code=f"{n + 3}.4")],
            ministries=[ministry_a, ministry_b],
        )
        update = commitment_update_submit(
            actor=focal_a,
            commitment=commitment,
            status="done" if n else "in_progress",
            narrative="The strategy was adopted by the cabinet in 2026 and its first budget line voted.",
            links=[LONG_LINK],
        )
        commitment_update_decide(actor=reviewer, update=update, accept=True)
        commitments.append(commitment)
    return commitments


NARRATIVE = "The strategy was adopted by the cabinet in 2026 and its first budget line voted."


def _evidence_column(text: str) -> tuple[str, list[str]]:
    """The annex's table header line, and the text of its last column line by line."""
    lines = text.splitlines()
    header = next(line for line in lines if re.search(r"Commitment\s+Goals\s+Responsible\s+Status\s+Evidence", line))
    column = header.index("Evidence")
    after = lines[lines.index(header) + 1 :]
    return header, [line[column:].strip() for line in after if len(line) > column]


def test_the_annex_table_fits_the_page_with_whole_words(review, followed_up, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(assemble(review, final=True)).data)
    text = _pdf_text(path)
    annex = text[text.rindex("Follow-up of the previous VNR's commitments") :]

    header, evidence = _evidence_column(annex)

    # Every column is on the page, its header in whole words.
    assert header.split() == ["Commitment", "Goals", "Responsible", "Status", "Evidence"]
    assert "Adopt a national strategy on" in annex and "Publish the SDG indicators of" in annex
    # Each commitment's evidence: the narrative on three lines at most, the link on five.
    starts = [n for n, line in enumerate(evidence) if line.startswith("The strategy was adopted")]
    assert len(starts) == len(followed_up)
    for start in starts:
        assert " ".join(evidence[start : start + 3]).startswith(NARRATIVE)
        link_start = next(n for n in range(start, start + 3) if "https://" in evidence[n])
        link = "".join(evidence[link_start : link_start + 5])
        assert LONG_LINK in link[link.index("https://") :]


def test_the_draft_watermark_leaves_the_header_whole(review, followed_up, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(assemble(review)).data)
    annex = _pdf_text(path)
    header, _evidence = _evidence_column(annex[annex.rindex("Follow-up of the previous VNR's commitments") :])
    assert header.split() == ["Commitment", "Goals", "Responsible", "Status", "Evidence"]
