"""The public portal through the API: its data endpoints answer whoever may see the portal
(anonymous people once it is published, the team before), exactly what the public data
pages show (an override's reason, never who made it); the portals list; a round's documents
with their frozen paragraphs; bad filters a JSON 400; fixed queries with 10 and 1,000 rows."""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.evidence.models import Series
from indicators.services import framework_load
from reviews.evidence.services.overrides import progress_override_record
from reviews.evidence.tests.pages_data import HEADER, import_csv, opensdg_csv, small_data
from stakeholders.tests.factories import PortalFactory, RoundDocumentFactory
from vnr_portal.accounts.services import api_token_create
from vnr_portal.common.caching import page_cache

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

DATA = ["portal-series", "portal-observations", "portal-assessments", "portal-goal-assessments"]
NAMES = itertools.count()


def url(name, pk, **query):
    address = reverse(f"api:{name}", args=[pk])
    return address + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def get(client, user, address):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(address)


def rows(response):
    assert response.status_code == 200, response.content
    body = response.json()
    return body["results"] if isinstance(body, dict) else body


@pytest.fixture
def assessed(review, goals, statistician):
    framework_load()
    series = small_data("AUR", target=60.0)
    progress_override_record(
        actor=statistician,
        review=review,
        series=series,
        baseline_year=2015,
        category="acceleration_needed",
        reason="The 2019 figure is provisional.",
    )
    return series


# --- Who may read ------------------------------------------------------------------------


@pytest.mark.parametrize("name", DATA)
def test_anyone_reads_the_data_of_a_public_portal(client, portal, assessed, outsider, other_member, name):
    for user in (None, outsider, other_member):
        assert rows(get(client, user, url(name, portal.review_id)))


@pytest.mark.parametrize("name", DATA)
def test_a_private_portal_is_for_its_team_only(client, review, assessed, focal_a, coordinator, outsider, name):
    PortalFactory(review=review, is_published=False)
    for user in (coordinator, focal_a):
        assert rows(get(client, user, url(name, review.pk)))
    response = get(client, None, url(name, review.pk))
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
    response = get(client, outsider, url(name, review.pk))
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


@pytest.mark.parametrize("name", DATA)
def test_no_review_or_no_portal_is_a_json_404(client, review, other_review, coordinator, name):
    PortalFactory(review=other_review)
    for address in (url(name, 999999), url(name, review.pk)):
        response = get(client, coordinator, address)
        assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_another_countrys_public_portal_shows_only_its_own_data(client, portal, other_review, assessed):
    PortalFactory(review=other_review)  # another country, no data of its own
    assert rows(get(client, None, url("portal-series", other_review.pk))) == []
    assert [row["id"] for row in rows(get(client, None, url("portal-series", portal.review_id)))] == [assessed.pk]


def test_a_token_of_another_country_reads_the_public_portal(client, portal, assessed, other_member):
    expires = timezone.localdate() + datetime.timedelta(days=30)
    token = api_token_create(user=other_member, name="platform", scope="read", expires_on=expires)[1]
    client.logout()
    response = client.get(url("portal-observations", portal.review_id), HTTP_AUTHORIZATION=f"Token {token}")
    assert len(rows(response)) == 10
    # The review's own endpoints stay for its members.
    address = reverse("api:review-observations", args=[portal.review_id])
    response = client.get(address, HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 403


def test_writes_are_not_taken(client, portal, coordinator):
    client.force_login(coordinator)
    response = client.post(url("portal-series", portal.review_id), {}, content_type="application/json")
    assert response.status_code == 405


# --- What it shows -----------------------------------------------------------------------


def test_an_override_shows_its_category_and_reason_never_who_or_when(client, portal, assessed):
    [row] = rows(get(client, None, url("portal-assessments", portal.review_id)))
    assert row["series"] == assessed.pk and row["category"] == "acceleration_needed"
    assert row["override_2015"] == {
        "category": "acceleration_needed",
        "computed_category": row["since_2015"]["category"],
        "reason": "The 2019 figure is provisional.",
    }
    assert "statistician" not in str(row).lower()


def test_the_goal_tiles_aggregates(client, portal, assessed):
    [goal] = rows(get(client, None, url("portal-goal-assessments", portal.review_id)))
    assert goal["goal"] == 1 and goal["since_2015"]["count"] == 1


def test_observations_filter_as_the_review_endpoint_does(client, portal, assessed):
    address = url("portal-observations", portal.review_id, year_min=2018, headline="true")
    assert sorted(row["year"] for row in rows(get(client, None, address))) == [2018, 2019]
    address = url("portal-observations", portal.review_id, disaggregation="Region:North")
    assert {row["disaggregation"]["Region"] for row in rows(get(client, None, address))} == {"North"}


@pytest.mark.parametrize(
    "name, query",
    [
        ("portal-observations", "year_min=abc"),
        ("portal-observations", "year_max=99999"),
        ("portal-observations", "disaggregation=nocolon"),
        ("portal-observations", "series=0"),
        ("portal-observations", "headline=null"),
        ("portal-series", "page_size=0"),
        ("round-documents", "language=" + "x" * 11),
        ("portals", "page_size=501"),
    ],
)
def test_a_bad_filter_is_a_json_400(client, public_round, name, query):
    pk = public_round.pk if name == "round-documents" else public_round.review_id
    address = (reverse("api:portals") if name == "portals" else reverse(f"api:{name}", args=[pk])) + "?" + query
    response = get(client, None, address)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid" or response.json()["errors"]


# --- The portals -------------------------------------------------------------------------


def test_the_portals_list_the_public_ones_and_ones_own(client, review, other_review, coordinator, other_member):
    PortalFactory(review=review, is_published=False)
    public = PortalFactory(review=other_review)
    listed = rows(get(client, None, reverse("api:portals")))
    assert [row["review"] for row in listed] == [other_review.pk]
    assert listed[0]["country"] == other_review.country.iso3
    assert listed[0]["introduction"] == "<p>How the review is prepared.</p>"
    assert [row["review"] for row in rows(get(client, other_member, reverse("api:portals")))] == [other_review.pk]
    assert {row["review"] for row in rows(get(client, coordinator, reverse("api:portals")))} == {
        review.pk,
        public.review_id,
    }


def test_portal_texts_are_sanitized(client, review):
    PortalFactory(review=review, introduction='<p onclick="x()">Hi<script>alert(1)</script></p>')
    [row] = rows(get(client, None, reverse("api:portals")))
    assert "script" not in row["introduction"] and "onclick" not in row["introduction"]


# --- A round's documents -----------------------------------------------------------------


def test_a_rounds_documents_with_their_paragraphs(client, public_round):
    RoundDocumentFactory(round=public_round, language="fr", title="Objectif 3", content="<p>Un.</p>", position=1)
    documents = rows(get(client, None, url("round-documents", public_round.pk)))
    assert [(d["title"], d["language"]) for d in documents] == [("Goal 3: Good health", "en"), ("Objectif 3", "fr")]
    assert documents[0]["paragraphs"] == ["<p>Clinics opened.</p>", "<p>Vaccination rose.</p>"]
    french = rows(get(client, None, url("round-documents", public_round.pk, language="fr")))
    assert [d["paragraphs"] for d in french] == [["<p>Un.</p>"]]


def test_a_copy_never_frozen_is_split_and_sanitized_as_the_page_does(client, public_round):
    RoundDocumentFactory(round=public_round, content="<p>A<script>x</script></p><p>B</p>", frozen_at=None)
    documents = rows(get(client, None, url("round-documents", public_round.pk)))
    assert documents[1]["paragraphs"] == ["<p>A</p>", "<p>B</p>"]


def test_documents_of_a_round_one_may_not_see(client, coordinator, outsider, public_round, draft_round, invited_round):
    for user in (None, outsider):
        assert get(client, user, url("round-documents", draft_round.pk)).status_code == 404
    assert get(client, None, url("round-documents", invited_round.pk)).status_code == 401
    assert get(client, outsider, url("round-documents", invited_round.pk)).status_code == 403
    assert get(client, coordinator, url("round-documents", draft_round.pk)).status_code == 200
    response = get(client, None, url("round-documents", 999999))
    assert response.status_code == 404 and response.json()["code"] == "not_found"


# --- Fixed queries -----------------------------------------------------------------------


def _many_series(count: int) -> None:
    lines = [HEADER]
    for number in range(count):
        for index, year in enumerate((2015, 2020)):
            lines.append(f"{year},Series {number:04d},Percentage (%),,,,{10 + number % 7 + index}\n")
    import_csv("AUR", "1.2.1", "".join(lines))
    Series.objects.filter(country="AUR").update(polarity="higher")


@pytest.mark.parametrize("count", [10, 1000])
def test_portal_data_queries_do_not_grow(client, portal, goals, django_assert_num_queries, count):
    framework_load()
    _many_series(count)
    client.logout()
    review = portal.review_id
    # The review with its country, portal and previous one (1), the page of series (1).
    with django_assert_num_queries(2):
        response = client.get(url("portal-series", review, page_size=500))
    assert len(rows(response)) == min(count, 500)
    # The review with its previous one (1), the page (1), the headline figures, targets and
    # overrides (3).
    with django_assert_num_queries(5):
        response = client.get(url("portal-assessments", review, page_size=500))
    assert len(rows(response)) == min(count, 500)
    page_cache.clear()  # computed again: the page above may have cached every series' assessment
    with django_assert_num_queries(5):  # the series instead of a page of them
        response = client.get(url("portal-goal-assessments", review))
    assert rows(response)[0]["since_2015"]["count"] == 1
    with django_assert_num_queries(4):  # the assessments cached: no headline figures read
        response = client.get(url("portal-goal-assessments", review))
    assert rows(response)[0]["since_2015"]["count"] == 1


@pytest.mark.parametrize("count", [10, 1000])
def test_portal_observation_queries_do_not_grow(client, portal, goals, django_assert_num_queries, count):
    framework_load()
    import_csv("AUR", "1.2.1", opensdg_csv(years=range(2000, 2000 + count // 10), regions=[f"R{n}" for n in range(9)]))
    client.logout()
    with django_assert_num_queries(2):
        response = client.get(url("portal-observations", portal.review_id, page_size=500))
    assert len(rows(response)) == min(count, 500)


@pytest.mark.parametrize("count", [10, 1000])
def test_documents_and_portals_queries_do_not_grow(client, public_round, django_assert_num_queries, count):
    RoundDocumentFactory.create_batch(count - 1, round=public_round)
    client.logout()
    # The round with its review and portal (1), the page of documents (1).
    with django_assert_num_queries(2):
        response = client.get(url("round-documents", public_round.pk, page_size=500))
    assert len(rows(response)) == min(count, 500)
    from reviews.tests.factories import ReviewFactory

    for review in ReviewFactory.create_batch(count // 10):
        PortalFactory(review=review)
    with django_assert_num_queries(1):
        response = client.get(reverse("api:portals") + "?page_size=500")
    assert len(rows(response)) == count // 10 + 1
