"""The progress assessments are cached under a key made of the data they are computed from:
after every write that can change a category (an import, the desired direction, a national
target, an override, the first VNR's snapshot, a reload of the framework) the pages show the
new category at once, and a warm page reads fewer queries, a fixed number whatever the data."""

import re

import pytest
from django.urls import reverse

from indicators.evidence.assessments import goal_aggregates
from indicators.evidence.models import Series
from indicators.evidence.services.series import national_target_set, series_metadata_update
from indicators.services import framework_load
from reviews.evidence.selectors import review_progress
from reviews.evidence.services.overrides import progress_override_record
from reviews.evidence.tests.evidence_data import record_first_vnr
from reviews.evidence.tests.pages_data import import_csv, large_data, opensdg_csv, small_data
from vnr_portal.common.caching import page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework(db):
    return framework_load()


def _text(html: str) -> str:
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def tile_3(client, review) -> str:
    html = client.get(reverse("reviews:evidence", args=[review.pk])).content.decode()
    return _text(html.split('id="goal-tile-3"')[1].split("</li>")[0])


def goal_3(client, review) -> str:
    return _text(client.get(reverse("reviews:evidence-goal", args=[review.pk, 3])).content.decode())


def rising(start=100, step=5, years=range(2015, 2021)):
    return opensdg_csv(years=years, start=start, step=step, series="Maternal deaths")


@pytest.fixture
def deaths(framework, review):
    """Maternal deaths rising every year, lower is better: regressing."""
    import_csv("AUR", "3.1.1", rising())
    series = Series.objects.get(country="AUR", indicator_code="3.1.1")
    return series_metadata_update(series=series, polarity="lower")


def test_each_write_shows_the_new_category_at_once(client, coordinator, statistician, review, deaths):
    client.force_login(coordinator)
    assert "Since 2015 ▼ Regressing" in tile_3(client, review)
    assert "Since 2015 ▼ Regressing" in tile_3(client, review)  # from the cache

    # The desired direction: rising is now good, and with no target the direction decides.
    series_metadata_update(series=deaths, polarity="higher")
    assert "Since 2015 ◆ Acceleration needed" in tile_3(client, review)

    # A national target within reach at this pace.
    national_target_set(series=deaths, year=2030, value=150)
    assert "Since 2015 ▲ On track" in tile_3(client, review)

    # Already above the target: achieved.
    national_target_set(series=deaths, year=2030, value=110)
    assert "Target achieved" in tile_3(client, review)

    # A new import (a new version of the series): falling now, away from the target.
    import_csv("AUR", "3.1.1", rising(start=100, step=-5))
    assert "Target achieved" not in tile_3(client, review)
    assert "Since 2015 ▼ Regressing" in tile_3(client, review)

    # An override shows on the Goal page at once (the tile counts it).
    deaths.refresh_from_db()
    progress_override_record(
        actor=statistician, review=review, series=deaths, baseline_year=2015, category="on_track", reason="Revised."
    )
    assert "1 series' category overridden" in tile_3(client, review)
    assert "Overridden" in goal_3(client, review) or "overridden" in goal_3(client, review)

    # A reload of the framework changes nothing the assessment computes.
    framework_load()
    assert "Since 2015 ▼ Regressing" in tile_3(client, review)


def test_the_first_vnrs_snapshot_is_read_when_recorded(review, first_review, deaths):
    # Without a snapshot, "at the first VNR" is the current data up to 2019.
    assert review_progress(review)[0].points_at_first_vnr == 5
    import_csv("AUR", "3.1.1", rising(years=range(2015, 2018)))
    assert review_progress(review)[0].points_at_first_vnr == 3
    record_first_vnr(first_review)
    import_csv("AUR", "3.1.1", rising(years=range(2012, 2025)))
    review.refresh_from_db()
    # The snapshot holds the 3 figures of the data then, whatever came after.
    assert review_progress(review)[0].points_at_first_vnr == 3
    first_review.data_snapshot = None
    first_review.save(update_fields=["data_snapshot"])
    review.refresh_from_db()
    assert review_progress(review)[0].points_at_first_vnr == 8  # 2012-2019 of the current data


def test_cached_assessments_equal_computed_ones(review, first_review, framework):
    large_data("AUR", target=90)
    record_first_vnr(first_review)
    review.refresh_from_db()
    cold = review_progress(review)
    warm = review_progress(review)
    assert [(item.series.pk, item.since_2015, item.since_first_vnr, item.at_first_vnr) for item in warm] == [
        (item.series.pk, item.since_2015, item.since_first_vnr, item.at_first_vnr) for item in cold
    ]


def test_cached_goal_aggregates_equal_computed_ones(review, first_review, framework):
    large_data("AUR", target=90)
    record_first_vnr(first_review)
    review.refresh_from_db()
    for since in ("2015", "first_vnr"):
        computed = goal_aggregates(list(review_progress(review)), since=since)  # a plain list: never cached
        assert computed
        assert goal_aggregates(review_progress(review), since=since) == computed  # computed, then cached
        assert goal_aggregates(review_progress(review), since=since) == computed  # from the cache


# The page bodies are cached too (test_pages_cache): warm is the body from the cache.
@pytest.mark.parametrize("size", ["small", "large"])
@pytest.mark.parametrize(("name", "args", "cold", "warm"), [("evidence", (), 18, 9), ("evidence-goal", (1,), 20, 11)])
def test_query_counts_cold_and_warm(
    client, coordinator, review, first_review, framework, django_assert_num_queries, size, name, args, cold, warm
):
    (small_data if size == "small" else large_data)("AUR", target=90)
    record_first_vnr(first_review)
    client.force_login(coordinator)
    address = reverse(f"reviews:{name}", args=[review.pk, *args])
    client.get(address)  # the session and the user are loaded once
    page_cache.clear()
    with django_assert_num_queries(cold):
        client.get(address)
    with django_assert_num_queries(warm):
        assert client.get(address).status_code == 200
