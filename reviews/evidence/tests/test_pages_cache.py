"""The Data page's summary and tiles, a Goal page's body and an indicator page's series are
cached under a digest of what they are made of (`tiles_version`, `goal_version`,
`indicator_version`): every kind of write that changes them shows at once, never a stale
copy; who may import data or edit a series sees the link, who may not never does."""

import pytest
from django.urls import reverse

from indicators.evidence.models import NationalIndicator, NationalIndicatorKind
from indicators.evidence.services.series import national_target_set, series_metadata_update
from indicators.evidence.services.snapshots import take_snapshot
from indicators.models import Goal, Indicator, Target
from indicators.services import framework_load
from reviews.evidence.services.overrides import progress_override_record
from reviews.evidence.tests.pages_data import import_csv, opensdg_csv, small_data
from vnr_portal.common.caching import page_cache

pytestmark = pytest.mark.django_db


def body_of(client, address) -> str:
    html = client.get(address).content.decode()
    for start in ('id="goal-summary"', 'id="summary-heading"', '<section aria-labelledby="series-'):
        if start in html:
            return html[html.index(start) : html.index("</main>")]
    raise AssertionError("no body")


@pytest.mark.parametrize(
    ("name", "args"), [("evidence", ()), ("evidence-goal", (1,)), ("evidence-indicator", ("1.2.1",))]
)
def test_every_write_shows_at_once(client, coordinator, statistician, review, first_review, name, args):
    framework_load()
    series = small_data("AUR", target=90)
    client.force_login(coordinator)
    address = reverse(f"reviews:{name}", args=[review.pk, *args])

    def changed(before: str, *, differs=True) -> str:
        # The page as the cache serves it equals the page computed anew, and differs from before.
        cached = body_of(client, address)
        page_cache.clear()
        assert body_of(client, address) == cached
        assert (cached != before) is differs
        return cached

    page = body_of(client, address)
    assert body_of(client, address) == page  # served from the cache
    import_csv("AUR", "3.1.1", opensdg_csv(years=range(2016, 2020)))  # a new series, of Goal 3
    page = changed(page, differs=name == "evidence")
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
    # The framework's loader writes with bulk_update, past every signal.
    Goal.objects.filter(number=1).update(short_title={"en": "Poverty, renamed"}, title={"en": "End it, renamed"})
    page = changed(page, differs=name != "evidence-indicator")
    assert "renamed" in page or name == "evidence-indicator"
    if name == "evidence-indicator":
        series_metadata_update(series=series, source_organisation="Bureau", definition="Changed", contact="x@y.org")
        page = changed(page)
        national_target_set(series=series, year=2030, value=5, note="A new note")
        page = changed(page)
        progress_override_record(
            actor=statistician, review=review, series=series, baseline_year=2015, category="on_track", reason="Why."
        )
        page = changed(page)
        statistician.first_name = "Renamed"
        statistician.save()
        assert "Renamed" in changed(page)
    if name == "evidence-goal":
        Target.objects.filter(code="1.2").update(title={"en": "Halve poverty, renamed"})
        page = changed(page)
        Indicator.objects.filter(code="1.2.1").update(title={"en": "Poverty line, renamed"})
        page = changed(page)
        national = NationalIndicator.objects.create(
            country="AUR", code="1.2.1.1", kind=NationalIndicatorKind.PROXY, title={"en": "Poor households"}
        )
        page = changed(page)
        national.title = {"en": "Poor households, renamed"}
        national.save()
        assert "Poor households, renamed" in changed(page)


def test_the_import_link_is_never_shown_from_a_manager_s_copy(client, reviewer, statistician, review):
    framework_load()
    small_data("AUR")
    address = reverse("reviews:evidence", args=[review.pk])
    import_link = reverse("reviews:evidence-import", args=[review.pk])
    client.force_login(statistician)
    assert import_link in body_of(client, address)
    client.force_login(reviewer)
    assert import_link not in body_of(client, address)


def test_a_breakdown_is_never_cached_and_shows_its_problems(client, coordinator, review):
    framework_load()
    series = small_data("AUR")
    client.force_login(coordinator)
    address = reverse("reviews:evidence-indicator", args=[review.pk, "1.2.1"])
    headline = body_of(client, address)
    chosen = body_of(client, f"{address}?series={series.pk}&Region=North")
    assert chosen != headline and "The chosen breakdown." in chosen
    response = client.get(f"{address}?series={series.pk}&Nothing=1")
    assert "has no breakdown by" in response.content.decode()
    assert body_of(client, address) == headline


def test_every_write_shows_on_the_inventory_at_once(client, coordinator, review, first_review):
    framework_load()
    series = small_data("AUR")
    client.force_login(coordinator)
    address = reverse("reviews:evidence-inventory", args=[review.pk])

    def changed(before: str) -> str:
        html = client.get(address).content.decode()
        cached = html[html.index('id="inventory-summary"') : html.index("</main>")]
        page_cache.clear()
        html = client.get(address).content.decode()
        assert html[html.index('id="inventory-summary"') : html.index("</main>")] == cached != before
        return cached

    page = changed("")
    import_csv("AUR", "3.1.1", opensdg_csv(years=range(2016, 2020)))  # a new series
    page = changed(page)
    import_csv("AUR", "1.2.1", opensdg_csv(years=range(2010, 2021), regions=["North", "South"]))  # a new version
    page = changed(page)
    series.refresh_from_db()
    series_metadata_update(series=series, source_organisation="Bureau of Statistics")
    page = changed(page)
    national = NationalIndicator.objects.create(
        country="AUR", code="1.2.1.1", kind=NationalIndicatorKind.PROXY, title={"en": "Poor households"}
    )
    page = changed(page)
    national.title = {"en": "Poor households, renamed"}
    national.save()
    page = changed(page)
    first_review.data_snapshot = take_snapshot(country="AUR", label="First VNR")
    first_review.save()
    page = changed(page)
    Indicator.objects.filter(code="1.1.1").update(title={"en": "Renamed"})  # as the framework's loader
    assert "Renamed" in changed(page)
