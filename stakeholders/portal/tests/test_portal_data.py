"""The public copies of a review's data pages on its portal: open to anyone once the
portal is published, to the review's team before; read-only; the same content as the
staff pages, without the names of the people who overrode a category."""

import re

import pytest
from django.urls import reverse

from indicators.evidence.models import ProgressOverride
from indicators.services import framework_load
from reviews.evidence.tests.pages_data import large_data, small_data
from vnr_portal.common.caching import page_cache

pytestmark = pytest.mark.django_db

PAGES = [
    ("portal-data", ()),
    ("portal-data-goal", (1,)),
    ("portal-data-indicator", ("1.2.1",)),
    ("portal-data-status", ()),
]


@pytest.fixture
def framework(db):
    return framework_load()


@pytest.fixture
def series(framework, review):
    return small_data("AUR", target=90)


def url(name, review, *args):
    return reverse(f"stakeholders:{name}", args=[review.pk, *args])


def text_of(html: str) -> str:
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_anyone_reads_the_data_of_a_published_portal(client, portal, series, name, args):
    response = client.get(url(name, portal.review, *args))
    assert response.status_code == 200
    assert "stakeholders/public/base.html" in [template.name for template in response.templates]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_an_unpublished_portal_shows_no_data_to_the_public(client, outsider, portal, series, name, args):
    portal.is_published = False
    portal.save()
    assert client.get(url(name, portal.review, *args)).status_code == 404
    client.force_login(outsider)
    assert client.get(url(name, portal.review, *args)).status_code == 404


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_the_team_sees_the_data_of_its_unpublished_portal(client, focal_a, portal, series, name, args):
    portal.is_published = False
    portal.save()
    client.force_login(focal_a)
    assert client.get(url(name, portal.review, *args)).status_code == 200


def test_a_review_without_a_portal_has_no_public_data(client, review, series):
    assert client.get(url("portal-data", review)).status_code == 404


def test_the_tiles_link_the_public_goal_pages(client, portal, series):
    html = client.get(url("portal-data", portal.review)).content.decode()
    assert 'id="goal-tile-1"' in html and 'id="goal-tile-17"' in html
    assert f'href="{url("portal-data-goal", portal.review, 1)}"' in html
    assert f'href="{url("portal-data-status", portal.review)}"' in html
    assert "/reviews/" not in html.split("<main")[1]  # no link into the staff pages


def test_the_public_tiles_never_come_from_the_staff_copy(client, statistician, portal, series):
    # The staff page (with the inventory and import links) cached first: the public one is
    # cached apart, and shows a write at once.
    client.force_login(statistician)
    assert client.get(reverse("reviews:evidence", args=[portal.review.pk])).status_code == 200
    client.logout()
    html = client.get(url("portal-data", portal.review)).content.decode()
    assert "/reviews/" not in html.split("<main")[1]
    small_data("AUR", code="3.1.1")
    html = client.get(url("portal-data", portal.review)).content.decode()
    assert "/reviews/" not in html.split("<main")[1]
    assert 'id="data-summary"' in html and "Series</dt><dd>2</dd>" in html


def test_the_public_indicator_page_has_the_chart_table_and_downloads(client, portal, series):
    html = client.get(
        url("portal-data-indicator", portal.review, "1.2.1") + f"?series={series.pk}&Region=North"
    ).content.decode()
    assert re.search(r'<svg [^>]*role="img"', html)
    assert "2019 North 49 Estimated value Note 0" in text_of(html)
    download = url("portal-data-download", portal.review, "1.2.1")
    assert f"{download}?format=csv" in html
    response = client.get(f"{download}?format=sdmx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert client.get(f"{download}?format=exe").status_code == 404
    assert client.get(url("portal-data-zip", portal.review)).content[:2] == b"PK"


def test_the_public_sees_an_overrides_reason_but_not_who_made_it(client, portal, statistician, series):
    ProgressOverride.objects.create(
        series=series,
        baseline_year=2015,
        category="regressing",
        computed_category="on_track",
        reason="The 2019 survey changed its sampling.",
        created_by=statistician,
    )
    html = client.get(url("portal-data-indicator", portal.review, "1.2.1")).content.decode()
    text = text_of(html)
    assert "Since 2015: Regressing instead of the computed On track." in text
    assert "The 2019 survey changed its sampling." in text
    assert statistician.username not in html and statistician.last_name not in html and "By " not in text
    assert "▼ Regressing overridden; computed:" in text_of(
        client.get(url("portal-data-goal", portal.review, 1)).content.decode()
    )


def test_the_public_pages_have_no_edit_links(client, portal, coordinator, series):
    client.force_login(coordinator)
    html = client.get(url("portal-data-indicator", portal.review, "1.2.1")).content.decode()
    assert "Edit the metadata" not in html and "Override the category" not in html and "Import data" not in html


@pytest.mark.parametrize("code", ["x", "1.2.1.", "99.1.1", "<b>", "9.9.9"])
def test_a_bad_code_is_404_on_the_portal(client, portal, series, code):
    assert client.get(url("portal-data-indicator", portal.review, code)).status_code == 404
    assert client.get(url("portal-data-download", portal.review, code)).status_code == 404


def test_bad_filter_parameters_never_break_the_public_page(client, portal, series):
    for query in ("?series=x", f"?series={series.pk}&Region=%00", f"?series={series.pk}&%3Cb%3E=1"):
        assert client.get(url("portal-data-indicator", portal.review, "1.2.1") + query).status_code == 200


def test_the_portal_navigation_links_the_data(client, portal, series):
    html = client.get(reverse("stakeholders:portal-home", args=[portal.review.pk])).content.decode()
    assert f'href="{url("portal-data", portal.review)}"' in html


def test_arabic_public_data_is_right_to_left(client, portal, series, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    html = client.get(url("portal-data-indicator", portal.review, "1.2.1")).content.decode()
    assert '<html lang="ar" dir="rtl">' in html and re.search(r'<svg [^>]*direction="ltr"', html)


@pytest.mark.parametrize("size", ["small", "large"])
@pytest.mark.parametrize(
    ("name", "args", "queries"),
    [
        ("portal-data", (), 14),
        ("portal-data-goal", (1,), 16),
        ("portal-data-indicator", ("1.2.1",), 15),
        ("portal-data-status", (), 6),
    ],
)
def test_public_query_budgets(client, portal, framework, django_assert_num_queries, size, name, args, queries):
    (small_data if size == "small" else large_data)("AUR", target=90)
    address = url(name, portal.review, *args)
    client.get(address)
    page_cache.clear()  # the assessments computed (cached, 1 query fewer: reviews/evidence/tests)
    with django_assert_num_queries(queries):
        assert client.get(address).status_code == 200
