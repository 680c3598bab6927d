"""The admin lists a country's data and lets only metadata be edited."""

import pytest
from django.urls import reverse

from indicators.evidence.models import DataSnapshot, NationalIndicator, Observation, Series, SeriesVersion
from indicators.evidence.services.snapshots import take_snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def data(import_files):
    import_files({"indicator_8-3-1-1.csv": "Year,Sex,Value\n2015,Female,1\n2016,,2\n"})
    take_snapshot(country="GBR", label="First VNR")


@pytest.mark.parametrize("model", [NationalIndicator, Series, SeriesVersion, Observation, DataSnapshot])
def test_admin_lists_and_shows_each_model(admin_client, data, model):
    info = (model._meta.app_label, model._meta.model_name)
    changelist = admin_client.get(reverse("admin:{}_{}_changelist".format(*info)))
    change = admin_client.get(reverse("admin:{}_{}_change".format(*info), args=[model.objects.first().pk]))

    assert (changelist.status_code, change.status_code) == (200, 200)


@pytest.mark.parametrize("model", [NationalIndicator, Series, SeriesVersion, Observation, DataSnapshot])
def test_admin_adds_no_data_by_hand(admin_client, data, model):
    response = admin_client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add"))

    assert response.status_code == 403


def test_admin_edits_a_series_metadata_but_not_its_key(admin_client, data):
    series = Series.objects.get()
    url = reverse("admin:indicators_series_change", args=[series.pk])

    page = admin_client.get(url).content.decode()

    assert 'name="source_organisation"' in page
    assert 'name="unit"' not in page
    assert 'name="code"' not in page
