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
