"""The round's public page keeps its body in the cache under the round's public token:
every write that changes what the page shows gives a new token, so it shows at once; the
forms' CSRF tokens and what depends on the person stay outside the cached part."""

import re

import pytest
from django.urls import reverse

from stakeholders.moderation.services.actions import contribution_answer, contribution_hide
from stakeholders.portal.models import Visibility
from stakeholders.portal.services.contributions import contribution_flag
from stakeholders.rounds.models import RoundPublicVersion
from stakeholders.tests.factories import (
    ContributionAttachmentFactory,
    ContributionFactory,
    ContributorFactory,
    OrganisationFactory,
    RoundDocumentFactory,
)


def _round(round_, **query):
    url = reverse("stakeholders:portal-round", args=[round_.review_id, round_.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _page(client, round_, **query) -> str:
    response = client.get(_round(round_, **query))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def contribution(public_round, contributor):
    document = public_round.documents.get()
    return ContributionFactory(
        round=public_round, document=document, paragraph=0, author=contributor, body="More clinics in the north."
    )


def test_second_reading_comes_from_the_cache(client, public_round, contribution, django_assert_num_queries):
    first = _page(client, public_round)
    with django_assert_num_queries(2):  # the review with its portal, the round with its token
        second = _page(client, public_round)
    assert "More clinics in the north." in second
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", first) == strip.sub("", second)


def test_every_round_has_a_token(public_round):
    assert RoundPublicVersion.objects.filter(round=public_round).exists()


def test_a_new_contribution_shows_at_once(client, public_round, contribution, other_contributor):
    assert "Water for every village." not in _page(client, public_round)
    ContributionFactory(
        round=public_round,
        document=contribution.document,
        paragraph=1,
        author=other_contributor,
        body="Water for every village.",
    )
    assert "Water for every village." in _page(client, public_round)


def test_hiding_and_answering_show_at_once(client, public_round, contribution, moderator):
    _page(client, public_round)
    contribution_answer(actor=moderator, contribution=contribution, body="Thank you, noted for chapter 3.")
    assert "Thank you, noted for chapter 3." in _page(client, public_round)
    contribution_hide(actor=moderator, contribution=contribution, reason="Off topic")
    page = _page(client, public_round)
    assert "Hidden by a moderator: Off topic" in page
    assert "More clinics in the north." not in page


def test_flags_that_hide_show_at_once(client, public_round, contribution):
    public_round.flag_threshold = 1
    public_round.save()
    flagger = ContributorFactory(username="flagger")
    ContributionFactory(round=public_round, document=contribution.document, author=flagger, body="Mine.")
    assert "More clinics in the north." in _page(client, public_round)
    assert contribution_flag(actor=flagger, contribution=contribution, reason="Rude")
    contribution.refresh_from_db()
    assert contribution.visibility == Visibility.AWAITING
    page = _page(client, public_round)
    assert "Waiting for a moderator" in page
    assert "More clinics in the north." not in page


def test_attachments_names_and_the_round_show_at_once(client, public_round, contribution):
    _page(client, public_round)
    ContributionAttachmentFactory(contribution=contribution, original_name="evidence-north.pdf")
    assert "evidence-north.pdf" in _page(client, public_round)
    profile = contribution.author.contributor
    profile.display_name = "Amina of the North"
    profile.save()
    assert "Amina of the North" in _page(client, public_round)
    organisation = OrganisationFactory(review=public_round.review, name="Clinics Network")
    contribution.on_behalf_of = organisation
    contribution.save()
    assert "for Clinics Network" in _page(client, public_round)
    organisation.name = "Rural Clinics Network"
    organisation.save()
    assert "for Rural Clinics Network" in _page(client, public_round)
    public_round.description = "<p>Read and comment.</p>"
    public_round.save()
    assert "Read and comment." in _page(client, public_round)


def test_a_new_document_shows_at_once(client, public_round):
    _page(client, public_round)
    RoundDocumentFactory(round=public_round, position=5, title="Goal 6: Clean water", content="<p>Wells.</p>")
    assert "Goal 6: Clean water" in _page(client, public_round)


def test_each_part_and_page_is_its_own(client, public_round, contribution):
    RoundDocumentFactory(round=public_round, position=5, title="Goal 6: Clean water", content="<p>Wells dug.</p>")
    assert "Clinics opened." in _page(client, public_round)
    second = _page(client, public_round, doc=2)
    assert "Wells dug." in second
    assert "Clinics opened." not in second
    assert "Clinics opened." in _page(client, public_round, doc=1)
    assert client.get(_round(public_round, doc=3)).status_code == 404
    assert client.get(_round(public_round, doc=3)).status_code == 404  # never cached as a page
    assert _page(client, public_round, page="x" * 40)  # not a plain query: rendered, not cached


def test_the_csrf_token_stays_per_request(client, public_round, contribution):
    tokens = [
        re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', _page(client, public_round)).group(1) for _ in range(2)
    ]
    assert tokens[0] != tokens[1]  # masked afresh on each request: outside the cached part


def test_a_person_who_may_flag_gets_their_own_forms(client, public_round, contribution, other_contributor):
    ContributionFactory(round=public_round, document=contribution.document, author=other_contributor, body="Mine.")
    _page(client, public_round)  # an anonymous reading fills the cache
    client.force_login(other_contributor)
    page = _page(client, public_round)
    assert "Report this contribution" in page
    assert f'action="{reverse("stakeholders:portal-flag", args=[public_round.review_id, contribution.pk])}"' in page
    client.logout()
    assert "Report this contribution" not in _page(client, public_round)
