"""The admin's export action and restore page: for superusers, not for a coordinator."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews.archive.canonical import canonical_form
from reviews.models import Review

from .helpers import export_bytes, forget

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

CHANGELIST = "admin:reviews_review_changelist"
RESTORE = "admin:reviews_review_restore"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def staff_coordinator(coordinator):
    coordinator.is_staff = True
    coordinator.save()
    return coordinator


def export_action(client, review, action="export_review"):
    return client.post(reverse(CHANGELIST), {"action": action, "_selected_action": [review.pk], "index": 0})


def test_a_superuser_downloads_a_review_export(client, superuser, review, coordinator):
    client.force_login(superuser)

    response = export_action(client, review)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="review-aur-2027-second-vnr-of-aurelia.zip"' in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    assert canonical_form(content) == canonical_form(export_bytes(review))


def test_a_superuser_downloads_one_without_personal_data(client, superuser, review, coordinator):
    client.force_login(superuser)

    response = export_action(client, review, "export_review_without_personal_data")

    content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as zipped:
        assert b"coordinator@example.org" not in b"".join(zipped.read(n) for n in zipped.namelist())
    assert "without-personal-data" in response["Content-Disposition"]


def test_the_export_action_asks_for_one_review(client, superuser, review, other_review):
    client.force_login(superuser)

    response = client.post(
        reverse(CHANGELIST),
        {"action": "export_review", "_selected_action": [review.pk, other_review.pk], "index": 0},
        follow=True,
    )

    assert "Choose one review to export." in response.content.decode()


def test_a_superuser_restores_a_review_from_the_upload_page(client, superuser, review, coordinator):
    archive = export_bytes(review)
    forget(review)
    client.force_login(superuser)
    page = client.get(reverse(RESTORE)).content.decode()
    assert 'for="id_file"' in page and "<h1>Restore a review from its export</h1>" in page
    assert reverse(RESTORE) in client.get(reverse(CHANGELIST)).content.decode()

    response = client.post(reverse(RESTORE), {"file": SimpleUploadedFile("review.zip", archive)}, follow=True)

    restored = Review.objects.get(country__iso3="AUR", hlpf_year=2027)
    assert response.redirect_chain[-1][0] == reverse("admin:reviews_review_change", args=[restored.pk])
    assert "Restored" in response.content.decode()
    assert restored.memberships.filter(user=coordinator).exists()


def test_a_bad_upload_is_shown_at_the_field_and_nothing_is_written(client, superuser, review):
    client.force_login(superuser)
    count = Review.objects.count()

    response = client.post(reverse(RESTORE), {"file": SimpleUploadedFile("review.zip", b"not a zip")})

    assert response.status_code == 200
    page = response.content.decode()
    assert "This file is not a zip archive." in page and "The file was not restored." in page
    assert Review.objects.count() == count


def test_restoring_the_review_beside_itself_is_refused_on_the_page(client, superuser, review):
    client.force_login(superuser)

    response = client.post(reverse(RESTORE), {"file": SimpleUploadedFile("r.zip", export_bytes(review))})

    assert "already exists here" in response.content.decode()


def test_a_coordinator_may_neither_export_nor_restore(client, staff_coordinator, review):
    client.force_login(staff_coordinator)

    assert client.get(reverse(RESTORE)).status_code == 403
    upload = client.post(reverse(RESTORE), {"file": SimpleUploadedFile("r.zip", export_bytes(review))})
    assert upload.status_code == 403
    response = export_action(client, review)
    assert response.get("Content-Type") != "application/zip"
    assert reverse(RESTORE) not in client.get(reverse(CHANGELIST)).content.decode()


def test_the_permissions_are_for_superusers_only(superuser, coordinator, review):
    assert superuser.has_perm("reviews.export_review", review) and superuser.has_perm("reviews.restore_review")
    assert not coordinator.has_perm("reviews.export_review", review)
    assert not coordinator.has_perm("reviews.restore_review")
