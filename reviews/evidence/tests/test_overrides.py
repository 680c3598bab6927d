"""The override of a series' progress category: computed categories shown, an override with
its reason, its withdrawal, the append-only history, who may."""

import pytest
from django.contrib import admin
from django.urls import reverse

from indicators.evidence.models import ProgressOverride, Series
from indicators.evidence.services.imports import ImportFile, evidence_import
from indicators.evidence.services.series import series_metadata_update
from indicators.evidence.signals import series_changed
from reviews.core.models import AuditEntry
from vnr_portal.common.caching import page_cache

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def _series(country="AUR", rows=10, polarity="lower"):
    """A falling series 2015-2024 (the headline) and, past 10 rows, regional figures."""
    lines = "".join(
        f"{2015 + n % 10},{'R' + str(n // 10) if n >= 10 else ''},{100 - (n % 10) * 2 + n // 10}\n" for n in range(rows)
    )
    summary = evidence_import(
        country=country,
        files=[ImportFile(name="indicator_3-1-1.csv", data=f"Year,Region,Value\n{lines}".encode())],
    )
    assert summary.observations_imported == rows, summary.errors
    series = Series.objects.get(country=country)
    if polarity:
        series_metadata_update(series=series, polarity=polarity)
    return series


@pytest.fixture
def series(review):
    return _series()


def _url(review, series_pk):
    return reverse("reviews:evidence-override", kwargs={"pk": review.pk, "series_pk": series_pk})


def _computed(review, series):
    from reviews.evidence.selectors import review_progress

    progress = review_progress(review, series=[series])[0]
    return progress.since_2015.category, progress.since_first_vnr.category


@pytest.mark.parametrize("role", ["statistician", "coordinator"])
def test_page_shows_both_computed_categories(client, review, series, role, request):
    client.force_login(request.getfixturevalue(role))
    response = client.get(_url(review, series.pk))
    assert response.status_code == 200
    content = response.content.decode()
    since_2015, since_first = _computed(review, series)
    from indicators.progress import CATEGORY_LABELS

    assert f'<td class="computed">{CATEGORY_LABELS[since_2015]}</td>' in content
    assert "Since the first VNR (2019)" in content
    assert f'<td class="computed">{CATEGORY_LABELS[since_first]}</td>' in content
    assert "No override yet." in content


def test_override_with_a_reason_then_withdraw(client, review, series, statistician):
    since_2015, _since_first = _computed(review, series)
    chosen = "regressing" if since_2015 != "regressing" else "on_track"
    client.force_login(statistician)
    response = client.post(
        _url(review, series.pk),
        {"baseline_year": "2015", "category": chosen, "reason": "The 2024 figure is provisional."},
    )
    assert response.status_code == 302
    override = ProgressOverride.objects.get()
    assert (override.baseline_year, override.category, override.computed_category, override.created_by) == (
        2015,
        chosen,
        since_2015,
        statistician,
    )
    content = client.get(_url(review, series.pk)).content.decode()
    assert "(overridden)" in content
    assert "<bdi>The 2024 figure is provisional.</bdi>" in content
    entry = AuditEntry.objects.get(action="evidence.override")
    assert entry.actor == statistician and "The 2024 figure is provisional." in entry.summary

    response = client.post(
        _url(review, series.pk), {"baseline_year": "2015", "category": "", "reason": "Final figures arrived."}
    )
    assert response.status_code == 302
    rows = list(ProgressOverride.objects.order_by("pk").values_list("category", "reason"))
    assert rows == [(chosen, "The 2024 figure is provisional."), ("", "Final figures arrived.")]
    content = client.get(_url(review, series.pk)).content.decode()
    assert "(overridden)" not in content
    assert "Withdrawn: back to the computed category" in content
    assert content.count("<tr>") >= 3  # both rows listed in the history
    assert AuditEntry.objects.filter(action="evidence.override").count() == 2


def test_override_since_the_first_vnr(client, review, series, coordinator):
    client.force_login(coordinator)
    client.post(_url(review, series.pk), {"baseline_year": "2019", "category": "on_track", "reason": "Policy X."})
    override = ProgressOverride.objects.get()
    assert (override.baseline_year, override.category) == (2019, "on_track")


def test_reason_is_required(client, review, series, statistician):
    client.force_login(statistician)
    response = client.post(_url(review, series.pk), {"baseline_year": "2015", "category": "on_track", "reason": " "})
    assert response.status_code == 400 and "Give the reason." in response.content.decode()
    assert not ProgressOverride.objects.exists()


def test_nothing_to_withdraw(client, review, series, statistician):
    client.force_login(statistician)
    response = client.post(_url(review, series.pk), {"baseline_year": "2015", "category": "", "reason": "x"})
    assert response.status_code == 400
    assert "There is no override to withdraw" in response.content.decode()
    assert not ProgressOverride.objects.exists()


@pytest.mark.parametrize("year", ["2010", "abc", ""])
def test_bad_baseline_is_refused(client, review, series, statistician, year):
    client.force_login(statistician)
    response = client.post(_url(review, series.pk), {"baseline_year": year, "category": "on_track", "reason": "x"})
    assert response.status_code == 400
    assert not ProgressOverride.objects.exists()


def test_bad_category_is_refused(client, review, series, statistician):
    client.force_login(statistician)
    response = client.post(_url(review, series.pk), {"baseline_year": "2015", "category": "great", "reason": "x"})
    assert response.status_code == 400 and not ProgressOverride.objects.exists()


def test_series_without_direction_cannot_be_overridden(client, review, statistician):
    series = _series(polarity="")
    client.force_login(statistician)
    content = client.get(_url(review, series.pk)).content.decode()
    assert "This series is not assessed" in content and '<form method="post"' not in content
    response = client.post(_url(review, series.pk), {"baseline_year": "2015", "category": "on_track", "reason": "x"})
    assert response.status_code == 400
    assert not ProgressOverride.objects.exists()


@pytest.mark.parametrize("role", ["editor", "reviewer", "focal_a", "council_member", "outsider", "other_member"])
def test_other_roles_may_not_override(client, review, series, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.get(_url(review, series.pk)).status_code == 403
    response = client.post(_url(review, series.pk), {"baseline_year": "2015", "category": "on_track", "reason": "x"})
    assert response.status_code == 403
    assert not ProgressOverride.objects.exists()


def test_series_of_another_country_is_404(client, review, statistician):
    other = _series(country="BOR")
    client.force_login(statistician)
    assert client.get(_url(review, other.pk)).status_code == 404
    assert (
        client.post(
            _url(review, other.pk), {"baseline_year": "2015", "category": "on_track", "reason": "x"}
        ).status_code
        == 404
    )
    assert client.get(_url(review, 424242)).status_code == 404


def test_overrides_are_never_changed():
    override = ProgressOverride(pk=1)
    with pytest.raises(ValueError):
        override.save()
    # Nothing in the admin edits them either.
    if admin.site.is_registered(ProgressOverride):
        model_admin = admin.site._registry[ProgressOverride]
        assert not model_admin.has_change_permission(None) and not model_admin.has_delete_permission(None)


@pytest.mark.parametrize("observations", [10, 10_000])
def test_override_page_query_budget(client, review, statistician, observations, django_assert_num_queries):
    series = _series(rows=observations)
    for n in range(3):
        ProgressOverride.objects.create(
            series=series, baseline_year=2015, category="on_track", computed_category="regressing", reason=f"r{n}"
        )
    client.force_login(statistician)
    client.get(_url(review, series.pk))
    page_cache.clear()
    with django_assert_num_queries(9):  # the assessment computed
        client.get(_url(review, series.pk))
    with django_assert_num_queries(8):  # read from the cache: no headline figures read
        response = client.get(_url(review, series.pk))
    assert response.content.decode().count("<bdi>r") == 3


def test_an_override_flags_the_sections_that_show_the_category(
    client, review, series, statistician, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, country, indicator_codes, series_ids, **kwargs):
        received.append((country, set(indicator_codes), set(series_ids)))

    series_changed.connect(receiver)
    try:
        client.force_login(statistician)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(_url(review, series.pk), {"baseline_year": "2015", "category": "on_track", "reason": "Why."})
    finally:
        series_changed.disconnect(receiver)
    assert received == [("AUR", {"3.1.1"}, {series.pk})]
