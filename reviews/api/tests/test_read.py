"""The review endpoints of the REST API: the same permissions as the pages (both ways, with
another country's member), anonymous people only what is public, JSON errors, ETags, and a
fixed number of queries with 10 and 1,000 rows."""

import pytest
from django.urls import reverse

from indicators.services import framework_load
from reviews.evidence.tests.pages_data import import_csv, opensdg_csv, small_data
from reviews.tests.factories import (
    CommitmentFactory,
    EditionFactory,
    GoalAssignmentFactory,
    MinistryFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

NESTED = [
    "ministries",
    "role-matrix",
    "sections",
    "section-revisions",
    "commitments",
    "progress-reports",
    "series",
    "observations",
]


def api(name, review, **query):
    url = reverse(f"api:review-{name}", args=[review.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def get(client, user, url, **headers):
    if user is not None:
        client.force_login(user)
    return client.get(url, **headers)


@pytest.mark.parametrize("name", NESTED)
def test_members_read_and_outsiders_do_not(client, coordinator, outsider, other_member, review, name):
    assert get(client, coordinator, api(name, review)).status_code == 200
    for user in (outsider, other_member):
        response = get(client, user, api(name, review))
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"


@pytest.mark.parametrize("name", NESTED)
def test_anonymous_requests_are_asked_to_authenticate(client, review, name):
    response = client.get(api(name, review))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["code"] == "not_authenticated"


def test_the_review_list_holds_only_the_reviews_one_works_on(client, coordinator, review, other_review, superuser):
    rows = get(client, coordinator, reverse("api:review-list")).json()["results"]
    assert [row["id"] for row in rows] == [review.pk]
    assert rows[0]["country"] == "AUR"
    assert get(client, coordinator, reverse("api:review-detail", args=[other_review.pk])).status_code == 404
    ids = {row["id"] for row in get(client, superuser, reverse("api:review-list")).json()["results"]}
    assert {review.pk, other_review.pk} <= ids
    client.logout()
    assert client.get(reverse("api:review-list")).json()["results"] == []


def test_a_missing_review_is_a_json_404(client, coordinator):
    response = get(client, coordinator, reverse("api:review-ministries", args=[999999]))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_contacts_only_for_those_who_may_see_them(client, coordinator, focal_a, ministry_a, review):
    MinistryFactory(review=review, name="Ministry of Finance", focal_point_email="fin@example.org")
    rows = get(client, coordinator, api("ministries", review)).json()["results"]
    assert "fin@example.org" in [row["focal_point_email"] for row in rows]
    rows = get(client, focal_a, api("ministries", review)).json()["results"]
    assert {row["focal_point_email"] for row in rows} == {None}


def test_a_focal_point_reads_only_their_ministrys_reports(client, focal_a, coordinator, review, ministry_a, ministry_b):
    from reviews.tests.factories import ProgressReportFactory

    mine = ProgressReportFactory(review=review, ministry=ministry_a)
    theirs = ProgressReportFactory(review=review, ministry=ministry_b)
    rows = get(client, focal_a, api("progress-reports", review)).json()["results"]
    assert [row["id"] for row in rows] == [mine.pk]
    rows = get(client, coordinator, api("progress-reports", review)).json()["results"]
    assert {row["id"] for row in rows} == {mine.pk, theirs.pk}


def test_editions_public_final_ones_for_everyone(client, focal_a, coordinator, review):
    public = EditionFactory(review=review, is_final=True, is_public=True, status="done")
    draft = EditionFactory(review=review)
    assert [row["id"] for row in client.get(api("editions", review)).json()["results"]] == [public.pk]
    assert [row["id"] for row in get(client, focal_a, api("editions", review)).json()["results"]] == [public.pk]
    rows = get(client, coordinator, api("editions", review)).json()["results"]
    assert {row["id"] for row in rows} == {public.pk, draft.pk}


def test_the_framework_is_public(client, db):
    framework_load()
    goals = client.get(reverse("api:goal-list")).json()
    assert len(goals) == 17 and goals[0]["number"] == 1
    goal = client.get(reverse("api:goal-detail", args=[3])).json()
    assert goal["targets"][0]["code"] == "3.1" and goal["targets"][0]["indicators"][0]["code"] == "3.1.1"


def test_observations_filter_by_indicator_years_and_breakdown(client, statistician, review):
    framework_load()
    small_data("AUR")
    url = api("observations", review, indicator="1.2.1", year_min=2016, year_max=2017)
    rows = get(client, statistician, url).json()["results"]
    assert sorted({row["year"] for row in rows}) == [2016, 2017] and len(rows) == 4
    rows = get(client, statistician, api("observations", review, headline="true")).json()["results"]
    assert len(rows) == 5 and all(row["disaggregation"] == {} for row in rows)
    rows = get(client, statistician, api("observations", review, disaggregation="Region:North")).json()["results"]
    assert len(rows) == 5 and all(row["disaggregation"] == {"Region": "North"} for row in rows)
    series = get(client, statistician, api("series", review, indicator="1.2.1")).json()["results"]
    assert len(series) == 1 and series[0]["observation_count"] == 10


@pytest.mark.parametrize(
    "query",
    [{"year_min": "soon"}, {"year_max": "99999999999999999999"}, {"disaggregation": "nocolon"}, {"series": "abc"}],
)
def test_a_malformed_filter_is_a_json_400(client, statistician, review, query):
    response = get(client, statistician, api("observations", review, **query))
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and set(body["errors"]) == set(query)


def test_a_tampered_cursor_is_a_json_404(client, coordinator, review):
    response = get(client, coordinator, api("ministries", review, cursor="bz1hYmM="))
    assert response.status_code == 404
    assert response.json()["detail"] == "Invalid cursor"


def test_an_unknown_api_address_is_a_json_404(client):
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_an_etag_answers_304_when_nothing_changed(client, coordinator, review, ministry_a):
    first = get(client, coordinator, api("ministries", review))
    assert first["ETag"]
    again = client.get(api("ministries", review), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    MinistryFactory(review=review, name="Ministry of Water")
    assert client.get(api("ministries", review), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_commitments_with_their_current_status(client, focal_a, review):
    commitment = CommitmentFactory(review=review)
    rows = get(client, focal_a, api("commitments", review)).json()["results"]
    assert rows == [
        {
            "id": commitment.pk,
            "text": commitment.text,
            "kind": commitment.kind,
            "source_review": None,
            "goals": [],
            "targets": [],
            "ministries": [],
            "status": None,
            "pending_updates": 0,
        }
    ]
    assert get(client, focal_a, api("commitments", review, status="bogus")).status_code == 400


# --- Query budgets: the same number of queries for 10 and 1,000 rows ----------------------------


def _fill(review, name, count):
    if name == "ministries":
        MinistryFactory.create_batch(count, review=review)
    elif name == "role-matrix":
        from indicators.tests.factories import GoalFactory

        goals = [GoalFactory(number=n) for n in range(1, 18)]
        ministries = MinistryFactory.create_batch(count // 10 + 1, review=review)
        for index in range(count):
            GoalAssignmentFactory(
                review=review, ministry=ministries[index // 17], goal=goals[index % 17], role="associate"
            )
    elif name == "commitments":
        from indicators.tests.factories import GoalFactory

        goal = GoalFactory(number=5)
        ministry = MinistryFactory(review=review)
        for commitment in CommitmentFactory.create_batch(count, review=review):
            commitment.goals.add(goal)
            commitment.ministries.add(ministry)
    elif name in ("sections", "section-revisions"):
        from indicators.tests.factories import GoalFactory
        from reviews.tests.factories import SectionFactory, SectionRevisionFactory

        goal = GoalFactory(number=4)
        for section in SectionFactory.create_batch(count, review=review, goal=goal, content="<p>Text</p>"):
            SectionRevisionFactory(section=section, number=1, content="<p>Text</p>")
    elif name == "editions":
        EditionFactory.create_batch(count, review=review, is_final=True, is_public=True, status="done")
    elif name == "observations":
        framework_load()
        years = range(2000, 2000 + count // 10)
        import_csv("AUR", "1.2.1", opensdg_csv(years=years, regions=[f"R{n}" for n in range(9)]))


@pytest.mark.parametrize(
    "name", ["ministries", "role-matrix", "sections", "section-revisions", "commitments", "editions", "observations"]
)
@pytest.mark.parametrize("count", [10, 1000])
def test_list_queries_do_not_grow_with_the_data(client, coordinator, review, django_assert_num_queries, name, count):
    _fill(review, name, count)
    client.force_login(coordinator)
    budget = {
        "ministries": 5,
        "role-matrix": 5,
        "commitments": 8,
        "sections": 5,
        "section-revisions": 5,
        "editions": 5,
        "observations": 5,
    }[name]
    with django_assert_num_queries(budget):
        response = client.get(api(name, review, page_size=500))
    assert response.status_code == 200
    assert len(response.json()["results"]) == min(count, 500)


def test_focal_points_do_not_read_the_draft(client, focal_a, editor, review):
    from reviews.tests.factories import SectionFactory

    section = SectionFactory(review=review, content="<p>Draft text</p>")
    assert get(client, focal_a, api("sections", review)).status_code == 403
    rows = get(client, editor, api("sections", review)).json()["results"]
    assert [(row["id"], row["content"]) for row in rows] == [(section.pk, "<p>Draft text</p>")]
