"""The cover picture of the report: upload, replace, remove, permissions, the PDF, the fetcher."""

import io
import json
import re
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageFile

from reviews.models import AuditEntry, Review
from reviews.publishing import cover as cover_services
from reviews.publishing.assembly import assemble
from reviews.publishing.fetcher import REPORT_BASE_URL, FetchRefused, ReportURLFetcher
from reviews.publishing.pdf import render_pdf
from reviews.tests.factories import SectionFactory
from vnr_portal.tests import hostile_files as hostile

pytestmark = [pytest.mark.django_db, pytest.mark.integration, pytest.mark.usefixtures("media")]

HOSTILE = json.loads(Path("/work/shared/data/security/hostile-inputs.json").read_text(encoding="utf-8"))
ALT = "The national emblem of Aurelia: a blue heron over three waves"


def _picture(kind="PNG", size=(40, 30), color=(20, 80, 160), mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, color).save(out, format=kind)
    return out.getvalue()


def _upload(data: bytes, name="emblem.png", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def _png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height pixels (a decompression bomb's shape)."""
    png = bytearray(_picture(size=(1, 1)))
    ihdr = png.index(b"IHDR")
    png[ihdr + 4 : ihdr + 12] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(png[ihdr : ihdr + 17]))
    png[ihdr + 17 : ihdr + 21] = struct.pack(">I", crc)
    return bytes(png)


def _cover_url(review):
    return reverse("reviews:cover-upload", args=[review.pk])


def _post_cover(client, review, data: bytes | None, alt=ALT, name="emblem.png"):
    payload = {"cover-alt_text": alt}
    if data is not None:
        payload["cover-image"] = _upload(data, name=name)
    return client.post(_cover_url(review), payload)


def _covers(media) -> list[str]:
    folder = media / "reviews" / "covers"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


# --- Upload -----------------------------------------------------------------------------


def test_cover_upload_coordinator_adds_png(client, review, coordinator, media):
    client.force_login(coordinator)
    response = _post_cover(client, review, _picture())
    review.refresh_from_db()
    entry = AuditEntry.objects.filter(review=review, action="review.cover_add").get()
    assert (response.status_code, response.url) == (302, reverse("reviews:editions", args=[review.pk]))
    assert re.fullmatch(rf"reviews/covers/review-{review.pk}-[0-9a-f]{{16}}\.png", review.cover_image.name)
    assert (review.cover_image_alt, _covers(media), entry.actor_id) == (
        ALT,
        [Path(review.cover_image.name).name],
        coordinator.pk,
    )


def test_cover_upload_jpeg_is_stored_as_jpeg_without_metadata(client, review, editor):
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Secret camera"  # Make
    Image.new("RGB", (50, 40), (200, 10, 10)).save(out, format="JPEG", exif=exif)
    client.force_login(editor)
    response = _post_cover(client, review, out.getvalue(), name="photo.jpeg")
    review.refresh_from_db()
    stored = review.cover_image.open("rb").read()
    review.cover_image.close()
    assert (response.status_code, review.cover_image.name.endswith(".jpg")) == (302, True)
    assert (stored.startswith(b"\xff\xd8\xff"), b"Secret camera" in stored) == (True, False)


def test_cover_upload_large_picture_is_scaled_down(review, coordinator):
    cover_services.review_cover_set(
        actor=coordinator, review=review, upload=_upload(_picture(size=(4000, 1000))), alt_text=ALT
    )
    with Image.open(review.cover_image.open("rb")) as image:
        assert image.size == (2400, 600)
    review.cover_image.close()


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>', "emblem.png"),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "emblem.svg"),
        (b"<html><script>alert(1)</script></html>", "emblem.jpg"),
        (b"GIF89a" + b"\x00" * 40, "emblem.png"),
        (b"%PDF-1.7\n" + b"0" * 40, "emblem.png"),
        (b"", "emblem.png"),
    ],
    ids=["svg-named-png", "svg", "html-named-jpg", "gif-header", "pdf", "empty"],
)
def test_cover_upload_refuses_other_types_by_content(client, review, coordinator, media, data, name):
    client.force_login(coordinator)
    response = _post_cover(client, review, data, name=name)
    review.refresh_from_db()
    content = response.content.decode()
    assert response.status_code == 400
    assert (
        "Upload a PNG or JPEG picture" in content
        or "Choose a PNG or JPEG picture" in content
        or "The submitted file is empty" in content
    )
    assert (
        review.cover_image.name,
        _covers(media),
        AuditEntry.objects.filter(action__startswith="review.cover").count(),
    ) == (
        "",
        [],
        0,
    )


def test_cover_upload_refuses_real_gif(review, coordinator):
    with pytest.raises(cover_services.ValidationError) as error:
        cover_services.review_cover_set(actor=coordinator, review=review, upload=_upload(_picture("GIF")), alt_text=ALT)
    assert error.value.message_dict == {"image": [str(cover_services.MESSAGES["type"])]}


def test_cover_upload_refuses_truncated_png(client, review, coordinator, media):
    client.force_login(coordinator)
    noisy = Image.frombytes("RGB", (300, 300), bytes((n * 7919) % 251 for n in range(300 * 300 * 3)))
    out = io.BytesIO()
    noisy.save(out, format="PNG")
    data = out.getvalue()
    response = _post_cover(client, review, data[: len(data) // 2])
    assert (response.status_code, "could not be read" in response.content.decode(), _covers(media)) == (400, True, [])


def test_cover_upload_refuses_too_big_file(client, review, coordinator, media):
    client.force_login(coordinator)
    data = _picture() + b"\x00" * (5 * 1024 * 1024)
    response = _post_cover(client, review, data)
    assert (response.status_code, "at most 5 MB" in response.content.decode(), _covers(media)) == (400, True, [])


@pytest.mark.parametrize(
    "size", [(60000, 60000), (20000, 100), (6000, 5000)], ids=["bomb", "too-wide", "too-many-pixels"]
)
def test_cover_upload_refuses_pixel_bombs_before_decoding(client, review, coordinator, media, size):
    client.force_login(coordinator)
    response = _post_cover(client, review, _png_declaring(*size))
    assert (response.status_code, "too many pixels" in response.content.decode(), _covers(media)) == (400, True, [])


@pytest.mark.parametrize("name", hostile.PIXEL_BOMBS)
def test_cover_upload_refuses_hostile_pixel_bombs_undecoded_saying_their_size(
    review, coordinator, media, monkeypatch, name
):
    def load(self):
        raise AssertionError("a picture was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    with pytest.raises(cover_services.ValidationError) as error:
        cover_services.review_cover_set(
            actor=coordinator, review=review, upload=_upload(hostile.PIXEL_BOMBS[name]()), alt_text=ALT
        )
    [message] = error.value.message_dict["image"]
    assert (message.startswith("The picture has too many pixels ("), "×" in message, _covers(media)) == (True, True, [])


@pytest.mark.parametrize("name", hostile.BROKEN_PICTURES)
def test_cover_upload_refuses_hostile_broken_pictures(review, coordinator, media, name):
    with pytest.raises(cover_services.ValidationError) as error:
        cover_services.review_cover_set(
            actor=coordinator, review=review, upload=_upload(hostile.BROKEN_PICTURES[name]()), alt_text=ALT
        )
    assert (error.value.message_dict, _covers(media)) == (
        {
            "image": [
                "The file could not be read as a picture: it may be damaged or cut short. "
                "Save it again and upload it once more."
            ]
        },
        [],
    )


@pytest.mark.parametrize(
    ("alt", "message"),
    [
        ("", "Describe the picture for readers who cannot see it."),
        ("   ", "Describe the picture for readers who cannot see it."),
        ("x" * 301, "under 300 characters"),
    ],
    ids=["empty", "blank", "too-long"],
)
def test_cover_upload_needs_a_text_alternative(client, review, coordinator, media, alt, message):
    client.force_login(coordinator)
    response = _post_cover(client, review, _picture(), alt=alt)
    content = response.content.decode()
    review.refresh_from_db()
    assert response.status_code == 400
    assert message in content
    assert (review.cover_image.name, _covers(media)) == ("", [])


def test_cover_upload_without_file_and_without_picture_asks_for_one(client, review, coordinator):
    client.force_login(coordinator)
    response = _post_cover(client, review, None)
    assert (response.status_code, "Choose a PNG or JPEG picture." in response.content.decode()) == (400, True)


@pytest.mark.parametrize("name", HOSTILE["filenames"])
def test_cover_upload_hostile_file_names_never_reach_the_disk(client, review, coordinator, media, name):
    name = "n" * 300 + ".png" if name.startswith("LONGNAME:") else name
    client.force_login(coordinator)
    response = _post_cover(client, review, _picture(), name=name)
    review.refresh_from_db()
    assert response.status_code == 302
    assert re.fullmatch(rf"reviews/covers/review-{review.pk}-[0-9a-f]{{16}}\.png", review.cover_image.name)
    assert _covers(media) == [Path(review.cover_image.name).name]


class _Tags(HTMLParser):
    """Every start tag of a page with its attributes."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("alt", list(HOSTILE["xss_html"][:8]) + ["العربية mixed English 中文", "a\u0000b"])
def test_cover_hostile_alt_text_is_inert_on_the_page_and_in_the_report(client, review, coordinator, alt):
    client.force_login(coordinator)
    response = _post_cover(client, review, _picture(), alt=alt)
    if response.status_code == 400:  # a NUL byte: refused at the field, not a 500
        assert "Null characters are not allowed" in response.content.decode()
        return
    review.refresh_from_db()
    expected = " ".join(alt.split())
    page = _Tags(client.get(reverse("reviews:editions", args=[review.pk])).content.decode()).tags
    report = _Tags(assemble(review).html).tags
    for tags in (page, report):
        assert [attrs for tag, attrs in tags if any(name.startswith("on") for name in attrs)] == []
        assert [attrs["alt"] for tag, attrs in tags if tag == "img"] == [expected]
        assert [tag for tag, attrs in tags if tag == "script" and "src" not in attrs] == []


# --- Replace, describe, remove ---------------------------------------------------------


def test_cover_replace_deletes_old_file_and_is_audited(review, coordinator, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cover_services.review_cover_set(actor=coordinator, review=review, upload=_upload(_picture()), alt_text=ALT)
    first = review.cover_image.name
    with django_capture_on_commit_callbacks(execute=True):
        cover_services.review_cover_set(
            actor=coordinator, review=review, upload=_upload(_picture(color=(0, 0, 0))), alt_text="A black square"
        )
    review.refresh_from_db()
    actions = list(AuditEntry.objects.filter(review=review).order_by("pk").values_list("action", flat=True))
    assert (review.cover_image.name != first, _covers(media), review.cover_image_alt) == (
        True,
        [Path(review.cover_image.name).name],
        "A black square",
    )
    assert actions[-2:] == ["review.cover_add", "review.cover_replace"]


def test_cover_describe_changes_only_the_alt(client, review, coordinator):
    cover_services.review_cover_set(actor=coordinator, review=review, upload=_upload(_picture()), alt_text=ALT)
    name = review.cover_image.name
    client.force_login(coordinator)
    response = _post_cover(client, review, None, alt="A new description")
    review.refresh_from_db()
    assert (response.status_code, review.cover_image.name, review.cover_image_alt) == (302, name, "A new description")
    assert AuditEntry.objects.filter(review=review, action="review.cover_describe").count() == 1


def test_cover_remove_clears_picture_and_file(client, review, coordinator, media, django_capture_on_commit_callbacks):
    cover_services.review_cover_set(actor=coordinator, review=review, upload=_upload(_picture()), alt_text=ALT)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reviews:cover-remove", args=[review.pk]))
    review.refresh_from_db()
    assert (response.status_code, review.cover_image.name, review.cover_image_alt, _covers(media)) == (302, "", "", [])
    assert AuditEntry.objects.filter(review=review, action="review.cover_remove").count() == 1


# --- Permissions ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["coordinator", "editor"])
def test_cover_upload_allowed_for_coordinator_and_editor(client, review, request, who):
    client.force_login(request.getfixturevalue(who))
    assert _post_cover(client, review, _picture()).status_code == 302


@pytest.mark.parametrize("who", ["focal_a", "reviewer", "outsider", "other_member"])
def test_cover_upload_and_remove_forbidden_for_others(client, review, coordinator, media, request, who):
    cover_services.review_cover_set(actor=coordinator, review=review, upload=_upload(_picture()), alt_text=ALT)
    name = review.cover_image.name
    client.force_login(request.getfixturevalue(who))
    upload = _post_cover(client, review, _picture(color=(1, 2, 3)))
    remove = client.post(reverse("reviews:cover-remove", args=[review.pk]))
    review.refresh_from_db()
    assert (upload.status_code, remove.status_code, review.cover_image.name, len(_covers(media))) == (403, 403, name, 1)


def test_cover_upload_anonymous_redirected_to_login(client, review):
    response = _post_cover(client, review, _picture())
    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next={_cover_url(review)}")


def test_cover_upload_unknown_review_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.post(reverse("reviews:cover-upload", args=[999999]), {"cover-alt_text": ALT}).status_code == 404


def test_cover_picture_view_readers_of_the_draft_only(client, review, coordinator, reviewer, focal_a, outsider):
    cover_services.review_cover_set(actor=coordinator, review=review, upload=_upload(_picture()), alt_text=ALT)
    url = reverse("reviews:cover-picture", args=[review.pk])
    client.force_login(focal_a)
    assert client.get(url).status_code == 403
    client.force_login(reviewer)
    response = client.get(url)
    body = b"".join(response.streaming_content)
    assert (response.status_code, response["Content-Type"], response["X-Content-Type-Options"], body[:8]) == (
        200,
        "image/png",
        "nosniff",
        b"\x89PNG\r\n\x1a\n",
    )
    client.force_login(outsider)
    assert client.get(url).status_code == 403


def test_cover_picture_view_without_picture_is_404(client, review, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("reviews:cover-picture", args=[review.pk])).status_code == 404


def test_editions_page_shows_cover_form_to_editors_only(client, review, coordinator, editor, reviewer, focal_a):
    cover_services.review_cover_set(actor=coordinator, review=review, upload=_upload(_picture()), alt_text=ALT)
    pages = {}
    for who, user in (("editor", editor), ("reviewer", reviewer), ("focal_a", focal_a)):
        client.force_login(user)
        pages[who] = client.get(reverse("reviews:editions", args=[review.pk])).content.decode()
    assert {who: f'alt="{ALT}"' in page for who, page in pages.items()} == {
        "editor": True,
        "reviewer": True,
        "focal_a": False,
    }
    assert {who: 'name="cover-image"' in page for who, page in pages.items()} == {
        "editor": True,
        "reviewer": False,
        "focal_a": False,
    }


@pytest.mark.parametrize("with_cover", [False, True], ids=["no-cover", "cover"])
def test_editions_page_query_budget_with_cover(client, review, coordinator, with_cover, django_assert_num_queries):
    if with_cover:
        cover_services.review_cover_set(actor=coordinator, review=review, upload=_upload(_picture()), alt_text=ALT)
    client.force_login(coordinator)
    client.get(reverse("reviews:editions", args=[review.pk]))
    with django_assert_num_queries(6):
        client.get(reverse("reviews:editions", args=[review.pk]))


# --- The report -------------------------------------------------------------------------


def test_assembly_shows_cover_with_alt_and_hash_follows_the_picture(
    review, coordinator, django_capture_on_commit_callbacks
):
    SectionFactory(review=review, title="Introduction", position=0, content="<p>Text.</p>", version=1)
    without = assemble(review)
    cover_services.review_cover_set(actor=coordinator, review=review, upload=_upload(_picture()), alt_text=ALT)
    first = assemble(review)
    cover_services.review_cover_set(
        actor=coordinator, review=review, upload=_upload(_picture(color=(9, 9, 9))), alt_text=ALT
    )
    second = assemble(review)
    cover_services.review_cover_set(actor=coordinator, review=review, upload=None, alt_text="Another description")
    described = assemble(review)
    with django_capture_on_commit_callbacks(execute=True):
        cover_services.review_cover_remove(actor=coordinator, review=review)
    removed = assemble(review)
    cover_html = first.html.split('<nav class="toc"', 1)[0]
    assert re.search(
        rf'<img src="/media/reviews/covers/review-{review.pk}-[0-9a-f]{{16}}\.png" alt="{ALT}">', cover_html
    )
    hashes = [without.content_hash, first.content_hash, second.content_hash, described.content_hash]
    assert len(set(hashes)) == 4
    assert (removed.content_hash, "<img" in removed.html) == (without.content_hash, False)


def test_pdf_shows_the_cover_picture_with_its_alt_text(review, coordinator, tmp_path):
    SectionFactory(review=review, title="Introduction", position=0, content="<p>Text.</p>", version=1)
    cover_services.review_cover_set(
        actor=coordinator, review=review, upload=_upload(_picture(size=(321, 123), color=(10, 120, 60))), alt_text=ALT
    )
    asked = []
    fetcher = ReportURLFetcher(review_id=review.pk)
    real = fetcher.fetch
    fetcher.fetch = lambda url, headers=None: asked.append(url) or real(url, headers)
    rendered = render_pdf(assemble(review), url_fetcher=fetcher)
    path = tmp_path / "report.pdf"
    path.write_bytes(rendered.data)
    listing = subprocess.run(
        ["pdfimages", "-list", "-f", "1", "-l", "1", str(path)], check=True, capture_output=True, text=True
    ).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    assert [(row[3], row[4]) for row in rows if row[2] == "image"] == [("321", "123")]
    assert fetcher.refused == [] and any("/media/reviews/covers/" in url for url in asked)
    streams = [rendered.data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", rendered.data, re.S):
        try:
            streams.append(zlib.decompress(match[1]))
        except zlib.error:
            pass
    objects = b"".join(streams)
    alt = re.search(rb"/Alt\s*\((.*?)\)\s*[/>]", objects, re.S) or re.search(rb"/Alt\s*<([0-9A-Fa-f]+)>", objects)
    assert alt is not None
    value = alt[1]
    text = bytes.fromhex(value.decode()) if re.fullmatch(rb"[0-9A-Fa-f]+", value) else value
    assert ALT in (text.decode("utf-16") if text.startswith(b"\xfe\xff") else text.decode("latin-1"))


def test_fetcher_serves_only_this_reviews_current_cover(
    review, other_review, coordinator, other_member, media, django_capture_on_commit_callbacks
):
    cover_services.review_cover_set(actor=coordinator, review=review, upload=_upload(_picture()), alt_text=ALT)
    cover_services.review_cover_set(
        actor=other_member, review=other_review, upload=_upload(_picture(color=(1, 1, 1))), alt_text=ALT
    )
    mine = f"{REPORT_BASE_URL}media/{review.cover_image.name}"
    theirs = f"{REPORT_BASE_URL}media/{other_review.cover_image.name}"
    assert ReportURLFetcher(review_id=review.pk).fetch(mine).read()[:8] == b"\x89PNG\r\n\x1a\n"
    for fetcher, url in [
        (ReportURLFetcher(review_id=review.pk), theirs),
        (ReportURLFetcher(review_id=other_review.pk), mine),
        (ReportURLFetcher(review_id=None), mine),
        (ReportURLFetcher(review_id=review.pk), f"{REPORT_BASE_URL}media/reviews/covers/../covers/{Path(theirs).name}"),
        (ReportURLFetcher(review_id=review.pk), f"{REPORT_BASE_URL}media/reviews/covers/"),
    ]:
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)
    # A replaced picture's old file is not the review's cover any more.
    old = mine
    with django_capture_on_commit_callbacks(execute=False):
        cover_services.review_cover_set(
            actor=coordinator, review=review, upload=_upload(_picture(color=(5, 5, 5))), alt_text=ALT
        )
    with pytest.raises(FetchRefused):
        ReportURLFetcher(review_id=review.pk).fetch(old)


def test_pdf_with_missing_cover_file_fails_with_a_reason(review, coordinator):
    from reviews.publishing.pdf import RenderError

    cover_services.review_cover_set(actor=coordinator, review=review, upload=_upload(_picture()), alt_text=ALT)
    Path(review.cover_image.path).unlink()
    with pytest.raises(RenderError, match="could not be read"):
        render_pdf(assemble(Review.objects.get(pk=review.pk)))


def test_word_export_has_the_cover_picture_with_its_alt_text(review, coordinator):
    import docx

    from reviews.publishing.docx_export import export_docx

    cover_services.review_cover_set(actor=coordinator, review=review, upload=_upload(_picture()), alt_text=ALT)

    document = docx.Document(io.BytesIO(export_docx(assemble(review))))
    (shape,) = document.inline_shapes
    assert shape._inline.docPr.get("descr") == ALT
    blob = document.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
    assert Image.open(io.BytesIO(blob)).size == (40, 30)


def test_word_export_without_a_cover_picture_has_no_picture(review):
    import docx

    from reviews.publishing.docx_export import export_docx

    assert len(docx.Document(io.BytesIO(export_docx(assemble(review)))).inline_shapes) == 0
