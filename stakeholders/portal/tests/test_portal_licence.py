"""The licence of a review's open data, set by the coordinator on the portal's settings page."""

import pytest
from django.urls import reverse

from reviews.models import AuditEntry
from stakeholders.models import Portal
from stakeholders.portal.services.settings import portal_for
from stakeholders.tests.helpers import HOSTILE

pytestmark = pytest.mark.django_db


def _url(review):
    return reverse("stakeholders:portal-settings", args=[review.pk])


def _post(client, review, licence, name="", url=""):
    return client.post(
        _url(review), {"licence-licence": licence, "licence-licence_name": name, "licence-licence_url": url}
    )


def test_a_new_portal_publishes_under_cc_by(review):
    assert portal_for(review).licence_info == (
        "Creative Commons Attribution 4.0 International (CC BY 4.0)",
        "https://creativecommons.org/licenses/by/4.0/",
    )


def test_the_coordinator_chooses_a_common_licence(client, coordinator, review):
    client.force_login(coordinator)
    assert 'name="licence-licence"' in client.get(_url(review)).content.decode()

    response = _post(client, review, "cc0-1.0", name="ignored", url="https://ignored.example")

    assert response.status_code == 302
    portal = Portal.objects.get(review=review)
    assert (portal.licence, portal.licence_name, portal.licence_url) == ("cc0-1.0", "", "")
    assert portal.licence_info[1] == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert AuditEntry.objects.filter(review=review, action="stakeholders.portal_licence").count() == 1
    _post(client, review, "cc0-1.0")
    assert AuditEntry.objects.filter(review=review, action="stakeholders.portal_licence").count() == 1


def test_a_national_licence_needs_its_name_and_address(client, coordinator, review):
    client.force_login(coordinator)

    response = _post(client, review, "custom", name="", url="javascript:alert(1)")

    assert response.status_code == 200
    errors = response.context["licence_form"].errors
    assert "licence_name" in errors and "licence_url" in errors
    assert Portal.objects.get(review=review).licence == "cc-by-4.0"
    response = _post(client, review, "custom", name="Aurelia", url="ftp://gov.example/licence")
    assert response.status_code == 200 and "licence_url" in response.context["licence_form"].errors
    assert Portal.objects.get(review=review).licence == "cc-by-4.0"

    response = _post(client, review, "custom", name="Open Licence\nof Aurelia", url="https://gov.example/licence")
    assert response.status_code == 302
    portal = Portal.objects.get(review=review)
    assert portal.licence_info == ("Open Licence of Aurelia", "https://gov.example/licence")


@pytest.mark.parametrize("text", HOSTILE["xss_html"][:3] + HOSTILE["csv_formula"][:2] + ["LONG"])
def test_bad_input_is_refused_or_stored_inert_never_a_500(client, coordinator, review, text):
    client.force_login(coordinator)
    name = "x" * 500 if text == "LONG" else text
    response = _post(client, review, "custom", name=name, url="https://gov.example/" + "a")
    assert response.status_code in (200, 302)
    assert _post(client, review, "not-a-licence").status_code == 200
    portal = Portal.objects.get(review=review)
    if response.status_code == 302:
        assert portal.licence_name == text
        portal.is_published = True
        portal.save()
        html = client.get(reverse("stakeholders:portal-home", args=[review.pk])).content.decode()
        assert "<script>alert(1)" not in html and "<img src=x onerror" not in html


def test_only_who_manages_engagement_sets_the_licence(client, focal_a, review):
    portal_for(review)
    client.force_login(focal_a)
    assert _post(client, review, "cc0-1.0").status_code in (403, 404)
    assert Portal.objects.get(review=review).licence == "cc-by-4.0"
    client.logout()
    assert _post(client, review, "cc0-1.0").status_code == 302  # to the login page
    assert Portal.objects.get(review=review).licence == "cc-by-4.0"
