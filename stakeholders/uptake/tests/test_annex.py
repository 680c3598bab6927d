"""The report's "you said, we did" annex, registered from StakeholdersConfig.ready()."""

import pytest

from reviews.models import Section, SectionKind
from reviews.publishing.assembly import assemble, registered_annexes
from stakeholders.models import Contribution, Visibility
from stakeholders.tests.factories import ContributionFactory, RoundDocumentFactory
from stakeholders.uptake.annex import ANNEX_NAME, you_said_we_did_annex
from stakeholders.uptake.services import contribution_decide, round_summary_update

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

TITLE = "Stakeholder engagement: you said, we did"


@pytest.fixture
def outline(review):
    intro = Section.objects.create(review=review, title="Introduction", position=0, content="<p>Hello.</p>", version=1)
    annexes = Section.objects.create(review=review, title="Annexes", position=1, kind=SectionKind.ANNEX, version=1)
    Section.objects.create(review=review, title="Statistical annex", position=0, parent=annexes, version=1)
    return intro


@pytest.fixture
def decided(public_round, outline, contributor, editor):
    document = RoundDocumentFactory(round=public_round, section=outline, title="Introduction")
    contribution = ContributionFactory(
        round=public_round, document=document, author=contributor, body="Mention the youth council."
    )
    contribution_decide(actor=editor, contribution=contribution, decision="accepted")
    round_summary_update(actor=editor, round=public_round, summary="<p>Forty people wrote in.</p>")
    return contribution


def test_annex_is_registered():
    assert registered_annexes()[ANNEX_NAME] is you_said_we_did_annex


def test_assemble_includes_the_annex_after_the_outlines_annexes(decided, review):
    result = assemble(review)
    assert [(c.number, c.title, c.level) for c in result.chapters] == [
        ("1", "Introduction", 1),
        ("2", "Annexes", 1),
        ("2.1", "Statistical annex", 2),
        ("2.2", TITLE, 2),
    ]
    annex = result.chapters[-1].html
    assert ("Forty people wrote in." in annex, "Mention the youth council." in annex, "Taken in" in annex) == (
        True,
        True,
        True,
    )


def test_assemble_of_a_review_without_rounds_has_no_such_annex(outline, review):
    assert TITLE not in [c.title for c in assemble(review).chapters]


def test_annex_leaves_out_hidden_and_undecided_contributions(decided, contributor, public_round):
    document = decided.document
    ContributionFactory(round=public_round, document=document, author=contributor, body="UNDECIDED words.")
    hidden = ContributionFactory(
        round=public_round, document=document, author=contributor, body="HIDDEN words.", uptake="accepted"
    )
    Contribution.objects.filter(pk=hidden.pk).update(visibility=Visibility.HIDDEN)
    [(_title, html)] = you_said_we_did_annex(decided.round.review)
    assert ("UNDECIDED" in html, "HIDDEN" in html, contributor.email in html) == (False, False, False)


def test_annex_is_sanitized(public_round, outline, contributor, editor):
    document = RoundDocumentFactory(round=public_round, section=outline, title="Introduction")
    contribution = ContributionFactory(
        round=public_round, document=document, author=contributor, body="<script>alert(1)</script>"
    )
    contribution_decide(
        actor=editor, contribution=contribution, decision="not_taken", reason='<img src="file:///etc/passwd">'
    )
    [(_title, html)] = you_said_we_did_annex(public_round.review)
    assert ("<script" in html, "<img" in html, "&lt;script&gt;" in html) == (False, False, True)


def test_annex_is_none_when_nothing_was_decided(public_round, outline, contributor):
    RoundDocumentFactory(round=public_round, section=outline, title="Introduction")
    ContributionFactory(round=public_round, author=contributor)
    assert you_said_we_did_annex(public_round.review) == []


def test_annex_changes_the_content_hash(decided, review, editor):
    before = assemble(review).content_hash
    contribution_decide(actor=editor, contribution=decided, decision="partly", reason="Only in part.")
    assert assemble(review).content_hash != before


def test_annex_costs_one_query_whatever_the_number_of_rounds_and_contributions(
    decided, review, editor, django_assert_num_queries
):
    review.refresh_from_db()
    with django_assert_num_queries(1):
        you_said_we_did_annex(review)
    for _ in range(3):
        round_ = RoundDocumentFactory(round__review=review).round
        for contribution in ContributionFactory.create_batch(5, round=round_):
            contribution_decide(
                actor=editor, contribution=contribution, decision="not_taken", reason="Out of our hands."
            )
    review.refresh_from_db()
    with django_assert_num_queries(1):
        chapters = you_said_we_did_annex(review)
    assert chapters[0][1].count("Out of our hands.") == 15
