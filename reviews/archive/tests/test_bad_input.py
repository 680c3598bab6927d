"""A bad file is refused with a clear message, by the command as by the service, and nothing is written."""

import io
import json
import stat
import zipfile

import pytest
from django.core.management import CommandError, call_command

from reviews.models import AuditEntry, Review, Section

from .helpers import export_bytes, forget, members_of, rezip

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def members(review, coordinator, ministry_a):
    from reviews.tests.factories import EditionFactory, SectionFactory

    SectionFactory(review=review, title="Introduction")
    edition = EditionFactory(review=review, requested_by=coordinator, status="done")
    from django.core.files.base import ContentFile

    edition.file.save("report.pdf", ContentFile(b"%PDF-1.7 report"), save=True)
    found = members_of(export_bytes(review))
    forget(review)
    return found


def import_fails(tmp_path, content: bytes, message: str):
    path = tmp_path / "upload.zip"
    path.write_bytes(content)
    counts = Review.objects.count(), Section.objects.count(), AuditEntry.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("import_review", str(path), stdout=io.StringIO())
    assert (Review.objects.count(), Section.objects.count(), AuditEntry.objects.count()) == counts


def test_the_good_file_restores(members, tmp_path):
    path = tmp_path / "good.zip"
    path.write_bytes(rezip(members, sign=False))
    call_command("import_review", str(path), stdout=io.StringIO())
    assert Review.objects.filter(hlpf_year=2027, country__iso3="AUR").exists()


def test_not_a_zip(members, tmp_path):
    import_fails(tmp_path, b"%PDF-1.4 not a zip", "not a zip archive")


def test_an_empty_zip_has_no_manifest(members, tmp_path):
    import_fails(tmp_path, rezip({}, sign=False), "no manifest.json")


@pytest.mark.parametrize("name", ["../outside.json", "/etc/passwd", "data/../../x.json", "C:/windows.json", "a\\..\\b"])
def test_a_path_outside_the_folder(members, tmp_path, name):
    import_fails(tmp_path, rezip({**members, name: b"{}"}), "outside its folder")


def test_a_symbolic_link(members, tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zipped:
        for name, content in members.items():
            zipped.writestr(name, content)
        link = zipfile.ZipInfo("files/link")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zipped.writestr(link, "/etc/passwd")
    import_fails(tmp_path, out.getvalue(), "symbolic link")


def test_a_missing_file(members, tmp_path):
    name = next(name for name in members if name.startswith("files/"))
    del members[name]
    import_fails(tmp_path, rezip(members, sign=False), f"{name} listed in the manifest is missing")


def test_an_altered_file(members, tmp_path):
    members["data/reviews.Section.json"] = members["data/reviews.Section.json"].replace(b"Introduction", b"Intrusion")
    import_fails(tmp_path, rezip(members, sign=False), "was altered")


def test_an_added_file(members, tmp_path):
    members["files/extra.txt"] = b"hello"
    import_fails(tmp_path, rezip(members, sign=False), "not listed in the manifest")


def test_a_version_from_the_future(members, tmp_path):
    manifest = json.loads(members["manifest.json"])
    manifest["format_version"] = 99
    members["manifest.json"] = json.dumps(manifest).encode()
    import_fails(tmp_path, rezip(members, sign=False), "newer portal")


def test_a_manifest_that_is_not_json(members, tmp_path):
    members["manifest.json"] = b"{not json"
    import_fails(tmp_path, rezip(members, sign=False), "manifest.json is not readable")


def test_a_manifest_that_lies_about_counts(members, tmp_path):
    manifest = json.loads(members["manifest.json"])
    manifest["counts"]["reviews.Section"] = 5
    members["manifest.json"] = json.dumps(manifest).encode()
    import_fails(tmp_path, rezip(members), "counts 5 rows of reviews.Section but the archive holds 1")


def test_rows_of_a_model_this_portal_does_not_know(members, tmp_path):
    members["data/reviews.Unknown.json"] = b"[]"
    import_fails(tmp_path, rezip(members), "reviews.Unknown, which this portal does not know")


def test_a_zip_bomb(members, tmp_path, settings):
    settings.ARCHIVE_MAX_UNPACKED_BYTES = 5 * 1024 * 1024
    members["files/zeros.bin"] = b"\0" * (6 * 1024 * 1024)  # 6 MB that packs into a few kB
    packed = rezip(members)
    assert len(packed) < 100_000
    import_fails(tmp_path, packed, "would exceed 5242880 bytes")


def test_a_zip_whose_headers_lie_about_sizes(members, tmp_path, settings):
    settings.ARCHIVE_MAX_UNPACKED_BYTES = 5 * 1024 * 1024
    members["files/zeros.bin"] = b"\0" * (6 * 1024 * 1024)
    packed = bytearray(rezip(members))
    # Rewrite the declared size of that member (local and central headers) to 10 bytes.
    with zipfile.ZipFile(io.BytesIO(bytes(packed))) as zipped:
        info = zipped.getinfo("files/zeros.bin")
    size = (6 * 1024 * 1024).to_bytes(4, "little")
    packed = bytes(packed).replace(size, (10).to_bytes(4, "little"))
    assert info.file_size == 6 * 1024 * 1024
    import_fails(tmp_path, packed, "cannot be read|would exceed|was altered")


def test_a_row_pointing_at_a_row_the_file_does_not_hold(members, tmp_path):
    rows = json.loads(members["data/reviews.Section.json"])
    rows[0]["review"] = {"row": 7}
    members["data/reviews.Section.json"] = json.dumps(rows).encode()
    import_fails(tmp_path, rezip(members), "row 7 of reviews.Review, which the archive does not hold")


@pytest.mark.parametrize("name", ["../../settings.py", "/etc/cron.d/x"])
def test_a_file_stored_outside_the_media_folder(members, tmp_path, name):
    rows = json.loads(members["data/reviews.Edition.json"])
    rows[0]["file"]["name"] = name
    members["data/reviews.Edition.json"] = json.dumps(rows).encode()
    import_fails(tmp_path, rezip(members), "outside the media folder")


def test_a_value_of_the_wrong_kind(members, tmp_path):
    rows = json.loads(members["data/reviews.Review.json"])
    rows[0]["hlpf_year"] = "next year"
    members["data/reviews.Review.json"] = json.dumps(rows).encode()
    import_fails(tmp_path, rezip(members), "cannot be restored")


def test_a_row_missing_a_required_value(members, tmp_path):
    rows = json.loads(members["data/reviews.Section.json"])
    rows[0]["review"] = None
    members["data/reviews.Section.json"] = json.dumps(rows).encode()
    import_fails(tmp_path, rezip(members), "cannot be restored")


def test_more_than_one_review_in_the_file(members, tmp_path):
    rows = json.loads(members["data/reviews.Review.json"])
    members["data/reviews.Review.json"] = json.dumps(rows * 2).encode()
    manifest = json.loads(members["manifest.json"])
    manifest["counts"]["reviews.Review"] = 2
    members["manifest.json"] = json.dumps(manifest).encode()
    import_fails(tmp_path, rezip(members), "exactly one review")
