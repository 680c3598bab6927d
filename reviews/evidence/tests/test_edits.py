"""A series' metadata, desired direction and national target, edited from the review."""

import datetime

import pytest
from django.urls import reverse

from indicators.evidence.models import NationalTarget, Series
from indicators.evidence.services.imports import ImportFile, evidence_import
from reviews.core.models import AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def _series(country="AUR", code="3.1.1", rows=2):
    """A series of `rows` observations (the headline and then regions, 2000-2029)."""
    lines = "".join(f"{2000 + n % 30},{'R' + str(n // 30) if n >= 30 else ''},{10 - n / 10000}\n" for n in range(rows))
    name = f"indicator_{code.replace('.', '-')}.csv"
    summary = evidence_import(
        country=country, files=[ImportFile(name=name, data=f"Year,Region,Value\n{lines}".encode())]
    )
    assert summary.observations_imported == rows, summary.errors
    return Series.objects.get(country=country, indicator_code=code)


@pytest.fixture
def series(review):
    return _series()


def _url(review, series_pk):
    return reverse("reviews:evidence-series-edit", kwargs={"pk": review.pk, "series_pk": series_pk})


FORM = {
    "source_organisation": "Aurelia Statistics Office",
    "source_type": "official",
    "source_kind": "survey",
    "periodicity": "annual",
    "definition": "Maternal deaths per 100,000 live births.",
    "method": "Deaths divided by births.",
    "last_release": "2025-05-10",
    "next_release": "",
    "contact": "stats@aurelia.example",
    "polarity": "lower",
    "target_value": "7",
    "target_year": "2030",
}


@pytest.mark.parametrize("role", ["statistician", "coordinator"])
def test_importers_edit_metadata_and_target(client, review, series, role, request):
    user = request.getfixturevalue(role)
    client.force_login(user)
    page = client.get(_url(review, series.pk))
    assert page.status_code == 200
    assert "Series metadata and target" in page.content.decode()
    response = client.post(_url(review, series.pk), FORM)
    assert response.status_code == 302
    series.refresh_from_db()
    assert (series.source_organisation, series.source_kind, series.polarity, series.last_release) == (
        "Aurelia Statistics Office",
        "survey",
        "lower",
        datetime.date(2025, 5, 10),
    )
    assert list(NationalTarget.objects.values_list("year", "value")) == [(2030, 7.0)]
    entry = AuditEntry.objects.get(action="evidence.series_edit")
    assert entry.actor == user
    changed = {change["field"]: (change["before"], change["after"]) for change in entry.data["changes"]}
    assert changed["polarity"] == ("", "lower")
    assert changed["target 2030"] == ("", "7.0")
    assert "source_type" not in changed  # unchanged: official before and after
    # The page shows the saved values.
    page = client.get(_url(review, series.pk)).content.decode()
    assert 'value="Aurelia Statistics Office"' in page and 'value="7.0"' in page


def test_saving_unchanged_writes_no_audit_entry(client, review, series, statistician):
    client.force_login(statistician)
    client.post(_url(review, series.pk), FORM)
    client.post(_url(review, series.pk), FORM)
    assert AuditEntry.objects.filter(action="evidence.series_edit").count() == 1


@pytest.mark.parametrize("role", ["editor", "reviewer", "focal_a", "council_member", "outsider", "other_member"])
def test_other_roles_may_not_edit(client, review, series, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.get(_url(review, series.pk)).status_code == 403
    assert client.post(_url(review, series.pk), FORM).status_code == 403
    series.refresh_from_db()
    assert series.polarity == "" and not NationalTarget.objects.exists()


def test_series_of_another_country_is_404(client, review, statistician):
    other = _series(country="BOR")
    client.force_login(statistician)
    assert client.get(_url(review, other.pk)).status_code == 404
    assert client.post(_url(review, other.pk), FORM).status_code == 404
    assert client.get(_url(review, 999999)).status_code == 404
    assert client.get(f"/reviews/{review.pk}/data/series/x/edit/").status_code == 404


def test_bad_input_is_shown_at_the_fields(client, review, series, statistician):
    client.force_login(statistician)
    bad = {**FORM, "polarity": "sideways", "target_year": "1800", "last_release": "yesterday", "target_value": "x"}
    response = client.post(_url(review, series.pk), bad)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Select a valid choice." in content
    assert "Ensure this value is greater than or equal to 2000." in content
    assert "Enter a valid date." in content
    assert "Enter a number." in content
    series.refresh_from_db()
    assert series.polarity == "" and not AuditEntry.objects.filter(action="evidence.series_edit").exists()


def test_target_value_needs_a_year(client, review, series, statistician):
    client.force_login(statistician)
    response = client.post(_url(review, series.pk), {**FORM, "target_year": ""})
    assert response.status_code == 400 and "Give the year of the target." in response.content.decode()


@pytest.mark.parametrize("observations", [10, 10_000])
def test_edit_page_query_budget(client, review, statistician, observations, django_assert_num_queries):
    series = _series(rows=observations)
    client.force_login(statistician)
    client.get(_url(review, series.pk))
    with django_assert_num_queries(7):
        assert client.get(_url(review, series.pk)).status_code == 200
