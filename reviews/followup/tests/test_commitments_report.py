"""The commitments in a ministry's progress report (reporting's registry of extra parts),
in the report's annexes and in the generated chapter's part."""

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
