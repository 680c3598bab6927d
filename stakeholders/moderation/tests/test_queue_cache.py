"""The queue's counts and cards are cached under the tokens of the review's rounds: every
write that changes what they show (classing, hiding, answering, flags, new contributions,
names) shows at once; filters and pages are cached apart."""

import pytest
from django.urls import reverse

from stakeholders.moderation.services.actions import (
    contribution_answer,
    contribution_classify,
    contributions_mark_spam,
)
from stakeholders.tests.factories import ContributionFactory, ContributionFlagFactory, ContributorFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def _queue(client, review, **query) -> str:
    url = reverse("stakeholders:moderation", args=[review.pk])
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def contribution(public_round):
    return ContributionFactory(
        round=public_round,
        document=public_round.documents.get(),
        body="Schools need water.",
        author=ContributorFactory(),
    )


def test_classing_and_counts_show_at_once(client, moderator, review, contribution):
    client.force_login(moderator)
    assert "Not classified" in _queue(client, review, status="all")
    contribution_classify(actor=moderator, contribution=contribution, classification="constructive")
    page = _queue(client, review, status="all")
    assert '<span class="badge text-bg-info">Constructive</span>' in page
    assert "Schools need water." not in _queue(client, review)  # "To classify" no longer lists it


def test_answers_flags_and_new_contributions_show_at_once(client, moderator, review, public_round, contribution):
    client.force_login(moderator)
    _queue(client, review, status="all")
    contribution_answer(actor=moderator, contribution=contribution, body="We will add it to chapter 4.")
    assert "We will add it to chapter 4." in _queue(client, review, status="all")
    ContributionFlagFactory(contribution=contribution, reason="Copied from elsewhere")
    assert "Copied from elsewhere" in _queue(client, review, status="all")
    ContributionFactory(round=public_round, document=contribution.document, body="And roads.")
    assert "And roads." in _queue(client, review, status="all")


def test_names_show_at_once(client, moderator, review, contribution):
    client.force_login(moderator)
    contribution_answer(actor=moderator, contribution=contribution, body="Noted.")
    _queue(client, review, status="all")
    moderator.first_name, moderator.last_name = "Nadia", "Karimi"
    moderator.save()
    assert "Answer by Nadia Karimi" in _queue(client, review, status="all")
    profile = contribution.author.contributor
    profile.display_name = "Teachers of Kuma"
    profile.save()
    assert "Teachers of Kuma" in _queue(client, review, status="all")


def test_spam_in_bulk_shows_at_once(client, moderator, review, contribution):
    client.force_login(moderator)
    _queue(client, review, status="all")
    contributions_mark_spam(actor=moderator, review=review, contributions=[contribution], reason="Spam")
    page = _queue(client, review, status="all")
    assert '<span class="badge text-bg-dark">Hidden by a moderator</span>' in page
    assert "Shown to the public: Hidden by a moderator: <bdi>Spam</bdi>" in page


def test_pages_and_filters_are_cached_apart(client, moderator, review, public_round):
    document = public_round.documents.get()
    for n in range(30):
        ContributionFactory(round=public_round, document=document, body=f"comment number {n}.")
    client.force_login(moderator)
    first, second = _queue(client, review, status="all"), _queue(client, review, status="all", page=2)
    assert "comment number 29." in first and "comment number 29." not in second
    assert "comment number 0." in second and "comment number 0." not in first
    assert "comment number 0." in _queue(client, review, status="all", page="999")  # past the end: the last
    assert "No contribution here." in _queue(client, review, status="hidden")
    # The bulk form's CSRF token is the request's own, not the cached cards'.
    assert 'name="csrfmiddlewaretoken"' in first
