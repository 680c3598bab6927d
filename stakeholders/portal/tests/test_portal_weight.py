"""Every public page weighs under 100 KB in all without cache: its HTML plus every
stylesheet, script and image it links (low-bandwidth users, DESIGN.md §1)."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from stakeholders.tests.factories import ConductAcceptanceFactory, ContributionFactory, ModeratorResponseFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

LIMIT = 100 * 1024
ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src|img[^>]+src)="([^"]+)"')


def _weight(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    total = len(response.content)
    for href in set(ASSET.findall(html)):
        assert href.startswith("/static/"), f"{url} links {href} from elsewhere"
        path = finders.find(href.removeprefix("/static/"))
        assert path, href
        with open(path, "rb") as handle:
            total += len(handle.read())
    return total


def test_public_pages_weigh_under_100_kb(client, public_round, contributor, moderator):
    review = public_round.review
    document = public_round.documents.get()
    for n in range(25):
        contribution = ContributionFactory(round=public_round, document=document, paragraph=n % 2, body="Words " * 400)
        ModeratorResponseFactory(contribution=contribution, body="Thank you " * 20, author=moderator)
    anonymous = [
        reverse("stakeholders:portal-index"),
        reverse("stakeholders:portal-home", args=[review.pk]),
        reverse("stakeholders:portal-round", args=[review.pk, public_round.pk]),
        reverse("stakeholders:portal-signup"),
    ]
    weights = {url: _weight(client, url) for url in anonymous}
    ConductAcceptanceFactory(review=review, user=contributor)
    client.force_login(contributor)
    signed_in = [
        reverse("stakeholders:portal-round", args=[review.pk, public_round.pk]),
        reverse("stakeholders:portal-contribute", args=[review.pk, public_round.pk])
        + f"?document={document.pk}&paragraph=0",
        reverse("stakeholders:portal-conduct", args=[review.pk]),
        reverse("stakeholders:portal-mine"),
    ]
    weights.update({f"{url} (signed in)": _weight(client, url) for url in signed_in})
    assert {url: weight for url, weight in weights.items() if weight >= LIMIT} == {}


def test_public_pages_link_no_script(client, public_round):
    html = client.get(
        reverse("stakeholders:portal-round", args=[public_round.review_id, public_round.pk])
    ).content.decode()
    assert "<script" not in html


def test_public_pages_stay_light_at_a_thousand_contributions(client, portal):
    """The portal's other public pages do not grow with the contributions: the index, the
    landing, the portal's home and the round's outcomes, with 1,000 contributions (500
    answered) on 20 documents."""
    from stakeholders.models import Contribution
    from stakeholders.tests.factories import ContributorFactory, RoundDocumentFactory, RoundFactory

    round_ = RoundFactory(review=portal.review)
    documents = [RoundDocumentFactory(round=round_, position=n, title=f"Goal {n + 1}") for n in range(20)]
    author = ContributorFactory()
    Contribution.objects.bulk_create(
        Contribution(
            round=round_,
            document=documents[n % 20],
            paragraph=n % 2,
            author=author,
            body="We need more clinics in the north. " * 15,
            uptake="accepted" if n % 2 else "",
            uptake_reason="Taken into the draft." if n % 2 else "",
        )
        for n in range(1000)
    )
    review = portal.review
    pages = [
        reverse("home"),
        reverse("stakeholders:portal-index"),
        reverse("stakeholders:portal-home", args=[review.pk]),
        reverse("stakeholders:portal-round", args=[review.pk, round_.pk]),
        reverse("stakeholders:portal-outcomes", args=[review.pk, round_.pk]),
    ]
    weights = {url: _weight(client, url) for url in pages}
    assert {url: weight for url, weight in weights.items() if weight >= LIMIT} == {}
