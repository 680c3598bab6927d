"""Export → restore → export gives the same review, on every demo review."""

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from indicators.services import framework_load
from reviews.archive.canonical import canonical_form
from reviews.archive.graph import owned_models
from reviews.archive.registry import exclusions, personal_fields
from reviews.archive.services.restore import review_restore
from reviews.models import AuditEntry, Review

from .helpers import export_bytes, forget, members_of

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def demo(db, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.DEBUG = True
    framework_load()
    call_command("seed_demo", stdout=io.StringIO())


def test_every_demo_review_exported_restored_and_exported_again_is_the_same(demo):
    reviews = list(Review.objects.order_by("pk"))
    assert len(reviews) >= 4
    for review in reviews:
        first = export_bytes(review)
        forget(review)

        restored, warnings = review_restore(actor=None, source=io.BytesIO(first))

        assert restored.pk != review.pk
        assert canonical_form(export_bytes(restored)) == canonical_form(first), review
        assert AuditEntry.objects.filter(review=restored, action="archive.restored").count() == 1


def test_the_export_holds_every_kind_of_row_the_demo_has(demo):
    second = Review.objects.filter(previous_review__isnull=False).order_by("pk").first()
    manifest = __import__("json").loads(members_of(export_bytes(second))["manifest.json"])
    counts = manifest["counts"]

    for label in [
        "reviews.Section",
        "reviews.SectionRevision",
        "reviews.Ministry",
        "reviews.GoalAssignment",
        "reviews.Membership",
        "reviews.ProgressReport",
        "reviews.AuditEntry",
        "reviews.Commitment",
        "stakeholders.ConsultationRound",
        "stakeholders.Contribution",
        "stakeholders.Contact",
    ]:
        assert counts[label] > 0, label
    assert set(counts) - {"people"} == {model._meta.label for model in owned_models()}
    assert not set(counts) & set(exclusions())
    assert "auth.User.email" in manifest["personal_data"]["fields"]
    assert "stakeholders.Contact.phone" in manifest["personal_data"]["fields"]
    # Every member has its checksum.
    assert set(manifest["files"]) == set(members_of(export_bytes(second))) - {"manifest.json"}


def test_without_personal_data_no_name_or_address_is_in_the_file(demo):
    review = Review.objects.filter(previous_review__isnull=False).order_by("pk").first()
    archive = export_bytes(review, without_personal_data=True)
    text = b"".join(content for name, content in members_of(archive).items()).decode("utf-8", "replace")
    manifest = __import__("json").loads(members_of(archive)["manifest.json"])

    assert manifest["personal_data"] == {"included": False, "fields": []}
    for user in get_user_model().objects.filter(vnr_memberships__review=review).distinct():
        assert user.email not in text
        assert f'"{user.username}"' not in text
        if user.last_name:
            assert f'"{user.last_name}"' not in text
    from django.apps import apps

    for label, fields in personal_fields().items():
        model = apps.get_model(label)
        if label == "auth.User":
            continue
        for row in model._base_manager.values(*fields):
            for value in row.values():
                if value and len(value) > 3:
                    assert f'"{value}"' not in text, (label, value)


def test_a_review_without_personal_data_restores_with_pseudonymous_inactive_people(demo):
    review = Review.objects.filter(previous_review__isnull=False).order_by("pk").first()
    archive = export_bytes(review, without_personal_data=True)
    forget(review)

    restored, _ = review_restore(actor=None, source=io.BytesIO(archive))

    people = get_user_model().objects.filter(vnr_memberships__review=restored).distinct()
    assert people and all(p.username.startswith("anonymous-") and not p.is_active for p in people)
    assert all(p.email == "" and not p.has_usable_password() for p in people)


def test_the_zip_is_a_plain_zip_with_a_manifest_first(demo):
    review = Review.objects.order_by("pk").first()
    with zipfile.ZipFile(io.BytesIO(export_bytes(review))) as zipped:
        assert zipped.namelist()[0] == "manifest.json"
        assert all(name.startswith(("data/", "files/", "manifest.json")) for name in zipped.namelist())


def test_the_data_a_review_used_is_found_again_by_its_series_or_taken_again(demo):
    from indicators.models import DataSnapshot, SnapshotVersion

    review = Review.objects.filter(data_snapshot__isnull=False).select_related("data_snapshot").first()
    assert review is not None
    snapshot = review.data_snapshot
    versions = set(snapshot.versions.values_list("pk", flat=True))
    archive = export_bytes(review)
    forget(review)
    Review.objects.filter(data_snapshot=snapshot).update(data_snapshot=None)
    SnapshotVersion.objects.filter(snapshot=snapshot).delete()
    snapshot.delete()

    restored, warnings = review_restore(actor=None, source=io.BytesIO(archive))

    again = DataSnapshot.objects.get(pk=restored.data_snapshot_id)
    assert (again.label, again.taken_at, again.country) == (snapshot.label, snapshot.taken_at, snapshot.country)
    assert set(again.versions.values_list("pk", flat=True)) == versions
    assert canonical_form(export_bytes(restored)) == canonical_form(archive)


def test_every_demo_review_restored_into_a_database_without_reviews_countries_or_people(demo):
    from reviews.models import Country

    reviews = list(Review.objects.order_by("hlpf_year", "pk"))
    archives = [export_bytes(review) for review in reviews]
    for review in reviews:
        forget(review)
    AuditEntry.objects.all().delete()
    get_user_model().objects.all().delete()
    Country.objects.all().delete()

    for archive in archives:  # first VNRs before the second ones that compare with them
        restored, warnings = review_restore(actor=None, source=io.BytesIO(archive))
        assert canonical_form(export_bytes(restored)) == canonical_form(archive), restored
        assert [str(w) for w in warnings if "was created" not in str(w)] == []

    assert Country.objects.count() == 2
    assert not get_user_model().objects.filter(is_active=True).exists()
