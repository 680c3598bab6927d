"""The Data page's summary and tiles are cached under a digest of what they are made of
(`tiles_version`): every kind of write that changes them shows at once, never a stale copy;
who may import data sees the link, who may not never does."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from indicators.evidence.services.series import national_target_set, series_metadata_update
from indicators.evidence.services.snapshots import take_snapshot
from indicators.models import Goal
from indicators.services import framework_load
from reviews.evidence.services.overrides import progress_override_record
from reviews.evidence.tests.pages_data import import_csv, opensdg_csv, small_data

pytestmark = pytest.mark.django_db


def body_of(client, address) -> str:
    html = client.get(address).content.decode()
    return html[html.index('<section aria-labelledby="summary-heading"') : html.index('id="legend-heading"')]


def test_every_write_shows_on_the_tiles_at_once(client, coordinator, statistician, review, first_review):
    framework_load()
    series = small_data("AUR", target=90)
    client.force_login(coordinator)
    address = reverse("reviews:evidence", args=[review.pk])

    def changed(before: str) -> str:
        # The page as the cache serves it equals the page computed anew, and differs from before.
        cached = body_of(client, address)
        cache.clear()
        assert body_of(client, address) == cached
        assert cached != before
        return cached

    page = body_of(client, address)
    assert body_of(client, address) == page  # served from the cache
    import_csv("AUR", "3.1.1", opensdg_csv(years=range(2016, 2020)))  # a new series
    page = changed(page)
    import_csv("AUR", "1.2.1", opensdg_csv(years=range(2015, 2021), regions=["North"]))  # a new version
    page = changed(page)
    series.refresh_from_db()
    series_metadata_update(series=series, polarity="lower")
    page = changed(page)
    national_target_set(series=series, year=2030, value=5)
    page = changed(page)
    progress_override_record(
        actor=statistician, review=review, series=series, baseline_year=2015, category="regressing", reason="Survey."
    )
    page = changed(page)
    progress_override_record(
        actor=statistician, review=review, series=series, baseline_year=2015, category="", reason="No."
    )
    page = changed(page)
    first_review.data_snapshot = take_snapshot(country="AUR", label="First VNR")
    first_review.hlpf_year = 2017
    first_review.save()
    page = changed(page)
    Goal.objects.filter(number=1).update(short_title={"en": "Poverty, renamed"})  # as the framework's loader
    assert "Poverty, renamed" in changed(page)


def test_the_import_link_is_never_shown_from_a_manager_s_copy(client, reviewer, statistician, review):
    framework_load()
    small_data("AUR")
    address = reverse("reviews:evidence", args=[review.pk])
    import_link = reverse("reviews:evidence-import", args=[review.pk])
    client.force_login(statistician)
    assert import_link in body_of(client, address)
    client.force_login(reviewer)
    assert import_link not in body_of(client, address)
