"""The data pages of a review: the Goal tiles, a Goal, an indicator (chart, table, filter,
assessment, metadata, downloads) and the reporting status."""

import re

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse

from indicators.evidence.models import NationalIndicator, NationalIndicatorKind, ProgressOverride
from indicators.evidence.services.snapshots import take_snapshot
from indicators.services import framework_load
from reviews.evidence.tests.pages_data import import_csv, large_data, opensdg_csv, small_data
from vnr_portal.common.caching import page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework(db):
    return framework_load()


@pytest.fixture
def series(framework, review):
    """Indicator 1.2.1 of Aurelia: 10 observations, higher is better, a 2030 target of 90."""
    return small_data("AUR", target=90)


def url(name, review, *args):
    return reverse(f"reviews:{name}", args=[review.pk, *args])


def page_of(client, user, address):
    client.force_login(user)
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


def text_of(html: str) -> str:
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


PAGES = [
    ("evidence", ()),
    ("evidence-goal", (1,)),
    ("evidence-indicator", ("1.2.1",)),
    ("evidence-status", ()),
]


# --- Permissions ------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_every_member_reads_the_data_pages(client, focal_a, reviewer, statistician, review, series, name, args):
    for user in (focal_a, reviewer, statistician):
        client.force_login(user)
        assert client.get(url(name, review, *args)).status_code == 200


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_outsiders_and_other_reviews_members_may_not(client, outsider, other_member, review, series, name, args):
    for user in (outsider, other_member):
        client.force_login(user)
        assert client.get(url(name, review, *args)).status_code == 403


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_anonymous_people_are_sent_to_log_in(client, review, series, name, args):
    response = client.get(url(name, review, *args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_downloads_need_the_permission_too(client, outsider, review, series):
    client.force_login(outsider)
    assert client.get(url("evidence-indicator-download", review, "1.2.1") + "?format=csv").status_code == 403
    assert client.get(url("evidence-download-zip", review)).status_code == 403


def test_a_missing_review_is_404(client, coordinator, series):
    client.force_login(coordinator)
    assert client.get(reverse("reviews:evidence", args=[999999])).status_code == 404


# --- Goal tiles ----------------------------------------------------------------------------


def test_the_tiles_show_the_category_computed_from_the_data(client, coordinator, review, framework):
    # Lower is better, and the rate rose every year: regressing.
    import_csv("AUR", "3.1.1", opensdg_csv(years=range(2015, 2021), start=100, step=5, series="Maternal deaths"))
    from indicators.evidence.models import Series

    Series.objects.filter(indicator_code="3.1.1").update(polarity="lower")
    html = page_of(client, coordinator, url("evidence", review))
    tiles = re.findall(r'<li class="evidence-tile sdg-(\d+)" id="goal-tile-\d+">(.*?)</li>\s*(?=<li|</ul>)', html, re.S)
    assert [int(number) for number, _ in tiles] == list(range(1, 18))
    goal_3 = text_of(dict(tiles)["3"])
    assert "Goal 3" in goal_3
    assert "Since 2015 ▼ Regressing" in goal_3
    assert "Since the first VNR (2019) ▼ Regressing" in goal_3
    assert "1 with data (of 28 global), 1 assessed" in goal_3
    assert "Since 2015 ? Insufficient data" in text_of(dict(tiles)["4"])
    assert f'href="{url("evidence-goal", review, 3)}"' in dict(tiles)["3"]
    # The legend names every category in words.
    legend = text_of(html.split('id="legend-heading"')[1])
    for label in ("Target achieved", "On track", "Acceleration needed", "Limited progress", "Regressing"):
        assert label in legend


def test_the_summary_counts_the_data_and_links_the_status_page(client, coordinator, review, series):
    html = page_of(client, coordinator, url("evidence", review))
    summary = text_of(html.split('id="data-summary"')[1].split("</section>")[0])
    assert "Indicators with data 1 Series 1 Observations 10" in summary
    assert "No data imported yet" not in summary
    assert url("evidence-status", review) in html
    assert url("evidence-download-zip", review) in html


def test_without_a_first_vnr_the_tiles_show_since_2015_only(client, review, series):
    from reviews.tests.factories import MembershipFactory, UserFactory

    review.previous_review = None
    review.save()
    user = UserFactory()
    MembershipFactory(review=review, user=user, role="editor")
    html = page_of(client, user, url("evidence", review))
    assert "Since 2015" in html
    assert "Since the first VNR" not in html


# --- Goal page ---------------------------------------------------------------------------


def test_the_goal_page_lists_targets_indicators_and_series(client, coordinator, review, series):
    NationalIndicator.objects.create(
        country="AUR", code="1.2.1.1", kind=NationalIndicatorKind.PROXY, title={"en": "Poor households"}
    )
    html = page_of(client, coordinator, url("evidence-goal", review, 1))
    text = text_of(html)
    assert "Target 1.2" in text
    row = text_of(html.split(f'href="{url("evidence-indicator", review, "1.2.1")}"')[1].split("</tr>")[0])
    assert "Poverty rate" in row
    assert "48 (2019)" in row  # the latest headline value and its year
    assert "1.2.1.1" in text and "national" in text and "Poor households" in text
    assert "No data" in text_of(html.split(f'href="{url("evidence-indicator", review, "1.1.1")}"')[1].split("</tr>")[0])


def test_an_override_shows_beside_the_computed_category(client, coordinator, statistician, review, series):
    ProgressOverride.objects.create(
        series=series,
        baseline_year=2015,
        category="regressing",
        computed_category="on_track",
        reason="The 2019 survey changed its sampling.",
        created_by=statistician,
    )
    html = page_of(client, coordinator, url("evidence-goal", review, 1))
    assert "▼ Regressing overridden; computed:" in text_of(html)
    tiles = page_of(client, coordinator, url("evidence", review))
    tile_1 = text_of(tiles.split('id="goal-tile-1"')[1].split("</li>")[0])
    assert "1 series' category overridden: see the Goal's page; the Goal's category is computed." in tile_1
    assert "overridden" not in text_of(tiles.split('id="goal-tile-2"')[1].split("</li>")[0])
    indicator = text_of(page_of(client, coordinator, url("evidence-indicator", review, "1.2.1")))
    assert "Since 2015: Regressing instead of the computed On track." in indicator
    assert f"By {statistician.get_full_name()} on " in indicator
    assert "The 2019 survey changed its sampling." in indicator


@pytest.mark.parametrize("number", [0, 18, 99, 1000])
def test_a_goal_outside_the_framework_is_404(client, coordinator, review, series, number):
    client.force_login(coordinator)
    assert client.get(url("evidence-goal", review, number)).status_code == 404


# --- Indicator page ----------------------------------------------------------------------


def test_the_indicator_page_shows_chart_table_assessment_and_metadata(client, coordinator, review, series):
    html = page_of(client, coordinator, url("evidence-indicator", review, "1.2.1"))
    svg = re.search(r"<svg .*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg
    description = re.search(r"<desc id=\"[^\"]+\">(.*?)</desc>", svg, re.S).group(1)
    assert "2015" in description and len(description) > 40
    assert "First VNR" in svg or "first VNR" in svg
    table = text_of(html.split(f'id="series-{series.pk}-table"')[1].split("</table>")[0])
    assert "Headline figures (no breakdown)" in table
    for year, value in [(2015, "40"), (2019, "48")]:
        assert f"{year} {value}" in table
    assert "North" not in table
    assessment = text_of(html.split(f'id="series-{series.pk}-assessment"')[1].split("</table>")[0])
    assert "Since 2015 40 (2015) 48 (2019) 90" in assessment
    assert "Since the first VNR (2019)" in assessment and "At the first VNR (2019), on its figures" in assessment
    text = text_of(html)
    for label in ("Source organisation National Statistics Office", "Unit Percentage (%)", "Share of people below"):
        assert label in text
    assert "National target 90 (2030)" in text
    for fmt in ("csv", "xlsx", "sdmx"):
        assert f"{url('evidence-indicator-download', review, '1.2.1')}?format={fmt}" in html


def test_the_filter_narrows_the_table_to_a_breakdown(client, coordinator, review, series):
    html = page_of(
        client, coordinator, url("evidence-indicator", review, "1.2.1") + f"?series={series.pk}&Region=North"
    )
    table = text_of(html.split(f'id="series-{series.pk}-table"')[1].split("</table>")[0])
    assert "Region : North" in table
    rows = re.findall(
        r"<tr>\s*<th scope=\"row\">", html.split(f'id="series-{series.pk}-table"')[1].split("</table>")[0]
    )
    assert len(rows) == 5
    assert "2015 North 41 Estimated value Note 0" in table
    assert '<option value="North" selected>' in html
    # The form works without JavaScript: a GET form with a label on each select.
    assert 'method="get"' in html and f'<label for="series-{series.pk}-dim-1">' in html


@pytest.mark.parametrize(
    "query",
    ["?series=abc", "?series=999999", "?series={pk}&Nope=1", "?series={pk}&Region=Nowhere", "?series=&Region=North"],
)
def test_bad_filter_parameters_are_ignored_with_a_message(client, coordinator, review, series, query):
    client.force_login(coordinator)
    response = client.get(url("evidence-indicator", review, "1.2.1") + query.format(pk=series.pk))
    assert response.status_code == 200
    table = text_of(response.content.decode().split(f'id="series-{series.pk}-table"')[1].split("</table>")[0])
    assert "Headline figures (no breakdown)" in table
    assert "ignored" in " ".join(str(message) for message in get_messages(response.wsgi_request))


@pytest.mark.parametrize("code", ["x", "1.2", "1.2.1.", "99.1.1", "1.2.1.1.1.1", "<script>", "1" * 300, "9.9.9"])
def test_a_malformed_or_unknown_code_is_404(client, coordinator, review, series, code):
    client.force_login(coordinator)
    assert client.get(url("evidence-indicator", review, code)).status_code == 404
    assert client.get(url("evidence-indicator-download", review, code) + "?format=csv").status_code == 404


def test_an_indicator_without_data_says_so(client, coordinator, review, series):
    html = page_of(client, coordinator, url("evidence-indicator", review, "1.1.1"))
    assert "The country has no data for this indicator yet." in html
    client.force_login(coordinator)
    assert client.get(url("evidence-indicator-download", review, "1.1.1") + "?format=csv").status_code == 404


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [("csv", "text/csv"), ("xlsx", "application/vnd.openxmlformats"), ("sdmx", "application/xml")],
)
def test_the_downloads(client, coordinator, review, series, fmt, content_type):
    client.force_login(coordinator)
    response = client.get(url("evidence-indicator-download", review, "1.2.1") + f"?format={fmt}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert "attachment" in response["Content-Disposition"]


def test_a_bad_download_format_is_404_and_the_zip_downloads(client, coordinator, review, series):
    client.force_login(coordinator)
    assert client.get(url("evidence-indicator-download", review, "1.2.1") + "?format=pdf").status_code == 404
    response = client.get(url("evidence-download-zip", review))
    assert response.status_code == 200
    assert response.content[:2] == b"PK"


def test_arabic_renders_right_to_left_with_the_chart(client, coordinator, review, series):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    html = page_of(client, coordinator, url("evidence-indicator", review, "1.2.1"))
    assert '<html lang="ar" dir="rtl">' in html
    svg = re.search(r"<svg .*?</svg>", html, re.S).group(0)
    assert 'direction="ltr"' in svg and "<path d=" in svg
    tiles = page_of(client, coordinator, url("evidence", review))
    assert '<html lang="ar" dir="rtl">' in tiles and 'id="goal-tile-17"' in tiles


# --- Reporting status ---------------------------------------------------------------------


def test_the_reporting_status_counts_indicators_with_data(client, coordinator, review, series):
    NationalIndicator.objects.create(country="AUR", code="1.2.1.1", kind=NationalIndicatorKind.PROXY)
    html = page_of(client, coordinator, url("evidence-status", review))
    text = text_of(html)
    assert "1 of the 251 global indicators have data. 0 of 1 national indicators have data." in text
    goal_1 = text_of(html.split('id="status-table"')[1].split("</tr>")[1])
    assert "Goal 1" in goal_1
    listing = text_of(html.split('id="status-goal-1"')[1].split("</table>")[0])
    assert "1.2.1 Proportion of population living below the national poverty line" in listing
    assert "data National Statistics Office" in listing
    assert "1.1.1" in listing and "no data" in listing
    assert "1.2.1.1 national" in listing
    assert '<meter class="evidence-status-bar"' in html


# --- Query budgets (10 and 10,000 observations) -------------------------------------------

# (page, arguments, queries with the assessments computed, queries with them cached)
BUDGETS = [
    ("evidence", (), 18, 9),
    ("evidence-goal", (1,), 20, 11),
    ("evidence-indicator", ("1.2.1",), 19, 9),
    ("evidence-status", (), 9, 9),
]


@pytest.mark.parametrize("size", ["small", "large"])
@pytest.mark.parametrize(("name", "args", "queries", "cached"), BUDGETS)
def test_query_budgets(
    client, coordinator, review, first_review, framework, django_assert_num_queries, size, name, args, queries, cached
):
    (small_data if size == "small" else large_data)("AUR", target=90)
    # The first VNR recorded its data: "at the first VNR" is read from its snapshot.
    first_review.data_snapshot = take_snapshot(country="AUR", label="First VNR")
    first_review.save()
    client.force_login(coordinator)
    address = url(name, review, *args)
    client.get(address)  # the session and the user are loaded once
    page_cache.clear()
    with django_assert_num_queries(queries):
        assert client.get(address).status_code == 200
    with django_assert_num_queries(cached):
        assert client.get(address).status_code == 200


@pytest.mark.parametrize("size", ["small", "large"])
def test_query_budget_of_a_filtered_indicator(client, coordinator, review, framework, django_assert_num_queries, size):
    series = (small_data if size == "small" else large_data)("AUR", target=90)
    region = "North" if size == "small" else "Region 007"
    client.force_login(coordinator)
    address = url("evidence-indicator", review, "1.2.1") + f"?series={series.pk}&Region={region}"
    client.get(address)
    page_cache.clear()
    with django_assert_num_queries(15):
        client.get(address)
    with django_assert_num_queries(14):  # the assessment cached: no headline figures read
        response = client.get(address)
    assert f'<option value="{region}" selected>' in response.content.decode()


# --- Colours and figures --------------------------------------------------------------------


def test_the_stylesheet_uses_the_official_goal_and_category_colours():
    from pathlib import Path

    from indicators.colours import CATEGORY_COLOURS, SDG_GOAL_COLOURS, SDG_GOAL_TEXT_COLOURS

    css = (Path(settings.BASE_DIR) / "static" / "css" / "evidence.css").read_text()
    for number, colour in SDG_GOAL_COLOURS.items():
        assert f".sdg-{number} {{ background-color: {colour}; color: {SDG_GOAL_TEXT_COLOURS[number]}; }}" in css
    for value, (background, text) in CATEGORY_COLOURS.items():
        selector = f".evidence-category-{value.replace('_', '-')}"
        assert f"{selector} {{ background-color: {background}; color: {text}; }}" in css


def test_figures_and_categories_as_the_pages_write_them():
    from reviews.templatetags.evidence_pages import category_class, category_icon, category_label, figure

    assert [figure(value) for value in (None, float("nan"), float("inf"), 0, 12.5, 1289.8530000000003)] == [
        "—",
        "—",
        "∞",
        "0",
        "12.5",
        "1,289.85",
    ]
    assert (category_label("on_track"), category_icon("on_track"), category_class("on_track")) == (
        "On track",
        "▲",
        "on-track",
    )
    # Anything else is shown as no data, never an error.
    assert (category_label(None), category_class("<x>")) == ("Insufficient data", "insufficient-data")


def test_the_filter_takes_dimension_names_as_the_source_writes_them(client, coordinator, review, framework):
    text = (
        "Year,Age__group,Zone (urban/rural),المنطقة,Value\n"
        "2015,,,,10\n2016,,,,11\n"
        "2015,15-24,Urban,الشمال,20\n2016,15-24,Urban,الشمال,21\n"
        "2015,25-64,Rural,الجنوب,30\n2016,25-64,Rural,الجنوب,31\n"
    )
    import_csv("AUR", "1.2.1", text)
    from indicators.evidence.models import Series

    series = Series.objects.get(country="AUR")
    client.force_login(coordinator)
    address = url("evidence-indicator", review, "1.2.1")
    response = client.get(address, {"series": series.pk, "Age__group": "25-64", "المنطقة": "الجنوب"})
    assert response.status_code == 200
    table = text_of(response.content.decode().split(f'id="series-{series.pk}-table"')[1].split("</table>")[0])
    assert "2015 25-64 Rural الجنوب 30" in table and "2016 25-64 Rural الجنوب 31" in table
    assert " 20 " not in table and " 10 " not in table
    # One figure a year: the chart draws them (Zone is the same for every row).
    assert len(re.findall(r"<circle cx=\"[\d.]+\" cy=\"[\d.]+\" r=\"3.5\">", response.content.decode())) == 2
    response = client.get(address, {"series": series.pk, "Age__group__gt": "1", "Zone (urban/rural)": "Urban"})
    table = text_of(response.content.decode().split(f'id="series-{series.pk}-table"')[1].split("</table>")[0])
    assert "2015 15-24 Urban الشمال 20" in table
    assert "ignored" in " ".join(str(message) for message in get_messages(response.wsgi_request))


def test_a_country_without_data_gets_empty_pages(client, coordinator, review, goals):
    html = page_of(client, coordinator, url("evidence", review))
    assert "No data imported yet." in html and 'id="goal-tile-17"' in html
    assert url("evidence-download-zip", review) not in html
    assert "The country has no data" not in page_of(client, coordinator, url("evidence-goal", review, 5))
    assert "0 of the 0 global indicators have data." in text_of(
        page_of(client, coordinator, url("evidence-status", review))
    )


def test_only_statisticians_and_coordinators_get_the_manage_links(
    client, statistician, coordinator, focal_a, review, series
):
    for user, can_manage in [(statistician, True), (coordinator, True), (focal_a, False)]:
        client.force_login(user)
        response = client.get(url("evidence-indicator", review, "1.2.1"))
        assert response.context["can_manage"] is can_manage


def test_a_long_table_is_cut_and_says_so(client, coordinator, review, series, monkeypatch):
    from reviews.evidence.selectors import pages as selectors

    monkeypatch.setattr(selectors, "MAX_TABLE_ROWS", 3)
    html = page_of(client, coordinator, url("evidence-indicator", review, "1.2.1"))
    table = html.split(f'id="series-{series.pk}-table"')[1].split("</table>")[0]
    assert "the first 3 of 5 rows; the downloads hold them all" in text_of(table)
    assert len(re.findall(r'<th scope="row">', table)) == 3
