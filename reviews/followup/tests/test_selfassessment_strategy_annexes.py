"""The self-assessment's summary and the sector reviews reach the assembled report as annexes."""

import datetime

import pytest

from reviews.followup.services import selfassessment as assessments
from reviews.followup.services import strategy as strategies
from reviews.models import Section, SectionKind
from reviews.publishing.assembly import assemble

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def test_assembled_report_has_both_annexes_with_the_summary_only(review, coordinator, focal_a):
    Section.objects.create(review=review, title="Introduction", position=0, content="<p>Hello.</p>", version=1)
    Section.objects.create(review=review, title="Annexes", position=1, kind=SectionKind.ANNEX, version=1)
    assert "Institutional self-assessment" not in [c.title for c in assemble(review).chapters]

    assessment = assessments.selfassessment_create(
        actor=coordinator, review=review, opens_on=datetime.date(2020, 1, 1), closes_on=datetime.date(2100, 1, 1)
    )
    assessments.respondents_invite(actor=coordinator, assessment=assessment, group_keys=["focal_points"])
    assessments.selfassessment_answer(
        actor=focal_a,
        assessment=assessment,
        answers={q.pk: (3, "PRIVATE comment") for q in assessment.questions.all()},
    )
    strategies.sector_review_add(
        actor=coordinator,
        review=review,
        title="Energy review",
        sector="Energy",
        year=2024,
        goals=[],
        link="https://example.org/energy",
    )
    before = assemble(review)
    chapters = {c.title: c.html for c in before.chapters}
    assert "Results per question" in chapters["Institutional self-assessment"]
    assert "PRIVATE comment" not in chapters["Institutional self-assessment"]
    assert "Energy review" in chapters["References: sector reviews"]
    strategies.sector_review_add(
        actor=coordinator,
        review=review,
        title="Transport review",
        sector="Transport",
        year=2025,
        goals=[],
        link="https://example.org/transport",
    )
    assert assemble(review).content_hash != before.content_hash
