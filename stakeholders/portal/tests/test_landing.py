"""`/`: the public portal's landing for visitors and for signed-in members of the public;
the dashboard for the review's team. Every portal open to the public is listed (several
countries on one server), with its open rounds, published drafts and final report, how
to take part and a "Staff sign in" link, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.tests.factories import CountryFactory, ReviewFactory, UserFactory
from stakeholders.tests.factories import PortalFactory, RoundDocumentFactory, RoundFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def _portal_with_rounds(name: str, iso3: str, rounds: int = 1):
    review = ReviewFactory(country=CountryFactory(name=name, iso3=iso3), title=f"VNR of {name}")
    PortalFactory(review=review)
    made = []
    for index in range(rounds):
        round_ = RoundFactory(review=review, title=f"{name} consultation {index}")
        RoundDocumentFactory(round=round_, title=f"{name} chapter {index}")
        made.append(round_)
    return review, made


def test_anonymous_sees_the_landing_with_every_public_portal(client, public_round):
    other, (other_round,) = _portal_with_rounds("Meridia", "MER")
    hidden = ReviewFactory(country=CountryFactory(name="Hiddenland", iso3="HID"), title="Secret VNR")
    PortalFactory(review=hidden, is_published=False)
    RoundFactory(review=hidden, title="Not for the public")
    closed = RoundFactory(
        review=other, title="Earlier round", opens_at=timezone.now() - timedelta(days=9), closes_at=timezone.now()
    )
    RoundDocumentFactory(round=closed, title="Earlier chapter")
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Voluntary National Reviews: have your say" in page
    for text in ("Aurelia", "Meridia", public_round.title, other_round.title, "How to take part", "Staff sign in"):
        assert text in page
    assert reverse("stakeholders:portal-round", args=[other.pk, other_round.pk]) in page
    assert reverse("stakeholders:portal-outcomes", args=[other.pk, closed.pk]) in page  # a published draft, closed
    assert f'href="{reverse("login")}"' in page
    assert "Hiddenland" not in page and "Not for the public" not in page


def test_landing_with_no_portal(client, db):
    page = client.get("/").content.decode()
    assert "No portal is open at the moment." in page and "Staff sign in" in page


def test_staff_keep_the_dashboard(client, coordinator, public_round):
    client.force_login(coordinator)
    response = client.get("/")
    assert response.status_code == 200
    assert "reviews/core/dashboard.html" in [t.name for t in response.templates]


def test_superuser_without_membership_keeps_the_dashboard(client, db):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    response = client.get("/")
    assert "reviews/core/dashboard.html" in [t.name for t in response.templates]


def test_signed_in_citizen_gets_the_portal_not_the_dashboard(client, contributor, public_round):
    client.force_login(contributor)
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "stakeholders/portal/landing.html" in [t.name for t in response.templates]
    assert "not a member of any review" not in page
    assert public_round.title in page


def test_citizen_login_without_next_lands_on_the_portal(client, contributor, public_round):
    contributor.set_password("a long enough password")
    contributor.save()
    response = client.post(
        reverse("login"), {"username": contributor.username, "password": "a long enough password"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert "stakeholders/portal/landing.html" in [t.name for t in response.templates]


@pytest.mark.parametrize("portals", [1, 8])
def test_landing_query_count_is_fixed(client, django_assert_num_queries, portals):
    for index in range(portals):
        _portal_with_rounds(f"Country {index}", f"C{index:02d}", rounds=3)
    # session-less anonymous request: portals, rounds, their documents, final editions.
    with django_assert_num_queries(4):
        assert client.get("/").status_code == 200
