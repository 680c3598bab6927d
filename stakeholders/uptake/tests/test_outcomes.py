"""The public outcomes page of a round ("you said, we did") and its service."""

import pytest
from django.urls import reverse

from reviews.drafting.services.sections import section_save
from reviews.models import Section
from stakeholders.models import Contribution, Visibility
from stakeholders.tests.factories import ContributionFactory, RoundDocumentFactory, RoundFactory, StandingGroupFactory
from stakeholders.uptake.selectors import OUTCOMES_PER_PAGE, outcome_figures, outcome_list
from stakeholders.uptake.services import contribution_decide, round_summary_update

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def section(review, editor):
    section = Section.objects.create(review=review, title="Goal 3: Good health", position=0)
    section_save(actor=editor, section=section, content="<p>Clinics opened.</p>", base_version=0)
    return section


@pytest.fixture
def document(public_round, section):
    return RoundDocumentFactory(
        round=public_round, section=section, title="Goal 3: Good health", content=section.content
    )


@pytest.fixture
def decided(document, contributor, editor, section):
    contribution = ContributionFactory(
        round=document.round, document=document, author=contributor, body="Please count rural clinics too."
    )
    contribution_decide(
        actor=editor,
        contribution=contribution,
        decision="partly",
        reason="Rural clinics added.",
        revision=section.revisions.first(),
    )
    return contribution


@pytest.fixture
def hidden_decided(document, other_contributor, editor):
    contribution = ContributionFactory(
        round=document.round, document=document, author=other_contributor, body="SECRET hidden words."
    )
    contribution_decide(actor=editor, contribution=contribution, decision="accepted")
    Contribution.objects.filter(pk=contribution.pk).update(visibility=Visibility.HIDDEN, hidden_reason="Abusive")
    return contribution


def _url(round_):
    return reverse("stakeholders:portal-outcomes", kwargs={"pk": round_.review_id, "round_pk": round_.pk})


def test_outcome_rows_only_decided_visible_contributions(decided, hidden_decided, document, contributor):
    ContributionFactory(round=document.round, document=document, author=contributor, body="Undecided one.")
    rows = outcome_list(document.round)
    assert [(r.said, r.about, r.decision_label, r.reason, r.went_to, r.revision_number) for r in rows] == [
        (
            "Please count rural clinics too.",
            "Goal 3: Good health",
            "Partly taken in",
            "Rural clinics added.",
            "Goal 3: Good health",
            1,
        )
    ]


def test_outcome_rows_excerpt_is_short(document, contributor, editor):
    contribution = ContributionFactory(round=document.round, document=document, author=contributor, body="word " * 200)
    contribution_decide(actor=editor, contribution=contribution, decision="accepted")
    assert len(outcome_list(document.round)[0].said) <= 280


def test_outcome_figures_count_contributions_participants_and_decisions(decided, hidden_decided, document, contributor):
    ContributionFactory(round=document.round, document=document, author=contributor)
    figures = outcome_figures(document.round)
    assert (figures.contributions, figures.participants, figures.decided, figures.by_decision) == (
        3,
        2,
        1,
        [
            ("accepted", "Taken in", 0),
            ("partly", "Partly taken in", 1),
            ("not_taken", "Not taken in", 0),
            ("out_of_scope", "Out of scope", 0),
        ],
    )


def test_outcome_figures_leave_out_spam(decided, document, other_contributor):
    ContributionFactory(
        round=document.round, document=document, author=other_contributor, classification="spam", visibility="hidden"
    )
    figures = outcome_figures(document.round)
    assert (figures.contributions, figures.participants) == (1, 1)


def test_outcomes_page_shows_summary_and_table_to_the_public(client, decided, editor):
    round_summary_update(actor=editor, round=decided.round, summary="<p>We heard <strong>you</strong>.</p>")
    content = client.get(_url(decided.round)).content.decode()
    assert (
        "<p>We heard <strong>you</strong>.</p>" in content,
        "Please count rural clinics too." in content,
        "Rural clinics added." in content,
        "Goal 3: Good health</bdi>, revision 1" in content,
    ) == (True, True, True, True)


def test_outcomes_page_never_shows_hidden_text_or_personal_data(client, decided, hidden_decided, contributor):
    content = client.get(_url(decided.round)).content.decode()
    assert (
        "SECRET" in content,
        "Abusive" in content,
        contributor.email in content,
        contributor.contributor.display_name in content,
    ) == (False, False, False, False)


def test_outcomes_page_escapes_hostile_contribution_text(client, document, contributor, editor):
    contribution = ContributionFactory(
        round=document.round, document=document, author=contributor, body="<script>alert(1)</script>"
    )
    contribution_decide(
        actor=editor, contribution=contribution, decision="not_taken", reason="<img src=x onerror=alert(1)>"
    )
    content = client.get(_url(document.round)).content.decode()
    assert ("<script>alert(1)" in content, "<img src=x" in content, "&lt;script&gt;" in content) == (False, False, True)


def test_outcomes_page_refused_when_the_portal_is_not_published(client, decided, portal, outsider):
    portal.is_published = False
    portal.save()
    client.force_login(outsider)
    assert client.get(_url(decided.round)).status_code == 403


def test_outcomes_page_of_unpublished_portal_open_to_the_taskforce(client, decided, portal, reviewer):
    portal.is_published = False
    portal.save()
    client.force_login(reviewer)
    assert client.get(_url(decided.round)).status_code == 200


def test_outcomes_page_of_a_working_group_round_refused_to_outsiders(client, review, portal, outsider):
    group = StandingGroupFactory(review=review)
    round_ = RoundFactory(review=review, audience="working_group", group=group)
    client.force_login(outsider)
    assert client.get(_url(round_)).status_code == 403


def test_outcomes_page_wrong_review_is_404(client, decided, other_review):
    url = reverse("stakeholders:portal-outcomes", kwargs={"pk": other_review.pk, "round_pk": decided.round_id})
    assert client.get(url).status_code == 404


def test_outcomes_page_is_light_without_scripts(client, decided):
    content = client.get(_url(decided.round)).content.decode()
    assert ("<script" in content, "bootstrap" in content) == (False, False)


@pytest.mark.parametrize("count", [10, 1000], ids=["ten", "thousand"])
def test_outcomes_page_query_budget(client, document, contributor, section, count, django_assert_num_queries):
    revision = section.revisions.first()
    Contribution.objects.bulk_create(
        [
            Contribution(
                round=document.round,
                document=document,
                author=contributor,
                body=f"Point {n}",
                uptake="accepted" if n % 2 else "not_taken",
                uptake_reason="" if n % 2 else "No.",
                uptake_revision=revision if n % 2 else None,
                visibility="hidden" if n % 5 == 0 else "visible",
            )
            for n in range(count)
        ]
    )
    # the round, the titles of its sections, its outcomes (counted, a page) and their answers,
    # its figures, the published report
    with django_assert_num_queries(7):
        client.get(_url(document.round))
    with django_assert_num_queries(3):  # the outcomes from the cache
        response = client.get(_url(document.round))
    shown = min(OUTCOMES_PER_PAGE, sum(1 for n in range(count) if n % 5))
    assert response.content.decode().count('<tr id="outcome-') == shown
    assert len(response.content) < 100 * 1024


def test_outcomes_page_pages_the_rows(client, document, contributor):
    Contribution.objects.bulk_create(
        Contribution(round=document.round, document=document, author=contributor, body=f"Point {n}", uptake="accepted")
        for n in range(OUTCOMES_PER_PAGE + 1)
    )
    first = client.get(_url(document.round)).content.decode()
    assert first.count('<tr id="outcome-') == OUTCOMES_PER_PAGE
    assert '<nav aria-label="Pages of answered contributions">' in first
    assert 'aria-current="page"' in first
    last = client.get(_url(document.round) + "?page=2").content.decode()
    assert last.count('<tr id="outcome-') == 1
    assert f"Point {OUTCOMES_PER_PAGE}" in last


@pytest.mark.parametrize("value", ["99999999999", "-1", "0", "abc", "²", "1" * 5000])
def test_outcomes_page_answers_any_page_number(client, decided, value):
    response = client.get(_url(decided.round) + f"?page={value}")
    assert response.status_code == 200
    assert f'<tr id="outcome-{decided.pk}">' in response.content.decode()


def test_outcomes_page_shows_the_moderators_answer_the_round_page_shows(client, decided, moderator):
    from stakeholders.tests.factories import ModeratorResponseFactory

    ModeratorResponseFactory(contribution=decided, author=moderator, body="Thank you: we will look at rural clinics.")
    content = client.get(_url(decided.round)).content.decode()
    row = content.split(f'<tr id="outcome-{decided.pk}">')[1].split("</tr>")[0]
    assert "Our answer:" in row and "Thank you: we will look at rural clinics." in row


def test_outcomes_page_cached_part_shows_every_write_at_once(client, decided, document, section, editor, moderator):
    from stakeholders.moderation.services.actions import contribution_answer, contribution_hide

    assert "Rural clinics added." in client.get(_url(decided.round)).content.decode()
    # A decision changed.
    contribution_decide(actor=editor, contribution=decided, decision="accepted", reason="All of it.")
    assert "All of it." in client.get(_url(decided.round)).content.decode()
    # The summary.
    round_summary_update(actor=editor, round=decided.round, summary="We listened.")
    assert "We listened." in client.get(_url(decided.round)).content.decode()
    # A moderator's answer.
    contribution_answer(actor=moderator, contribution=decided, body="Thanks for the idea.")
    assert "Thanks for the idea." in client.get(_url(decided.round)).content.decode()
    # The section the contribution went to, renamed in the draft.
    contribution_decide(
        actor=editor, contribution=decided, decision="accepted", reason="", revision=section.revisions.first()
    )
    assert "<bdi>Goal 3: Good health</bdi>, revision 1" in client.get(_url(decided.round)).content.decode()
    Section.objects.filter(pk=section.pk).update(title="Goal 3: Health for all")
    assert "<bdi>Goal 3: Health for all</bdi>, revision 1" in client.get(_url(decided.round)).content.decode()
    # Moderation hides it.
    contribution_hide(actor=moderator, contribution=decided, reason="Off topic.")
    assert f'<tr id="outcome-{decided.pk}">' not in client.get(_url(decided.round)).content.decode()
