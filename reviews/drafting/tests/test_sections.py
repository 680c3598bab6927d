import datetime
import io
import json
from pathlib import Path

import cssselect2
import pytest
import tinyhtml5
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageFile

from reviews.core.sanitize import IMAGE_SRC
from reviews.drafting import diffing
from reviews.drafting.selectors.sections import section_presence_list_others
from reviews.drafting.services.outline import section_add
from reviews.drafting.services.sections import (
    SectionConflict,
    section_presence_touch,
    section_restore,
    section_save,
    text_to_html,
)
from reviews.models import (
    AuditEntry,
    Review,
    Section,
    SectionComment,
    SectionImage,
    SectionRevision,
    SectionStatus,
)
from reviews.tests.factories import MembershipFactory, SectionFactory, SectionImageFactory, UserFactory
from vnr_portal.tests import hostile_files as hostile

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

HOSTILE = json.loads(Path("/work/shared/data/security/hostile-inputs.json").read_text())


@pytest.fixture
def section(coordinator, review):
    return Section.objects.select_related("review").get(
        pk=section_add(actor=coordinator, review=review, title="Introduction").pk
    )


@pytest.fixture
def assigned_editor(review, section):
    user = UserFactory(username="assigned", first_name="Asha", last_name="Rao")
    MembershipFactory(review=review, user=user, role="editor")
    section.editors.add(user)
    return user


def texts(page: str, selector: str) -> list[str]:
    root = cssselect2.ElementWrapper.from_html_root(tinyhtml5.parse(page))
    return [" ".join("".join(e.etree_element.itertext()).split()) for e in root.query_all(selector)]


def _freeze(review):
    Review.objects.filter(pk=review.pk).update(frozen_at=datetime.datetime(2027, 6, 1, tzinfo=datetime.UTC))


# --- Services ---------------------------------------------------------------------------


def test_section_save_numbers_revisions_and_updates_the_section(editor, section):
    first = section_save(actor=editor, section=section, content="<p>One two</p>", base_version=0)
    second = section_save(actor=editor, section=section, content="<p>One two three</p>", base_version=1)
    assert (first.number, second.number) == (1, 2)
    section.refresh_from_db()
    assert (section.version, section.word_count, section.content) == (2, 3, "<p>One two three</p>")
    assert list(section.revisions.values_list("number", "author_id")) == [(2, editor.pk), (1, editor.pk)]


def test_section_save_without_change_makes_no_revision(editor, section):
    section_save(actor=editor, section=section, content="<p>Same</p>", base_version=0)
    assert section_save(actor=editor, section=section, content="<p>Same</p>", base_version=1) is None
    assert section.revisions.count() == 1


def test_section_save_wraps_plain_text_into_paragraphs(editor, section):
    section_save(actor=editor, section=section, content="First line\nsame paragraph\n\nSecond & <last>", base_version=0)
    assert section.content == "<p>First line<br>same paragraph</p><p>Second &amp; &lt;last&gt;</p>"


def test_text_to_html_leaves_html_to_the_sanitizer():
    assert text_to_html("<h2>Title</h2><p>x</p>") == "<h2>Title</h2><p>x</p>"


def test_section_save_refuses_a_stale_base_version_with_the_current_revision(editor, coordinator, section):
    section_save(actor=coordinator, section=section, content="Theirs", base_version=0)
    stale = Section.objects.select_related("review").get(pk=section.pk)
    stale.version = 0
    with pytest.raises(SectionConflict) as conflict:
        section_save(actor=editor, section=stale, content="Mine", base_version=0)
    assert conflict.value.revision.number == 1
    assert conflict.value.section.content == "<p>Theirs</p>"
    assert SectionRevision.objects.filter(section=section).count() == 1


def test_section_save_refuses_oversize_text_at_the_field(editor, section):
    with pytest.raises(ValidationError) as error:
        section_save(actor=editor, section=section, content="x" * 500_001, base_version=0)
    assert list(error.value.message_dict) == ["content"]


def test_section_save_refused_when_frozen(editor, review, section):
    _freeze(review)
    section = Section.objects.select_related("review").get(pk=section.pk)
    with pytest.raises(ValidationError):
        section_save(actor=editor, section=section, content="Late", base_version=0)
    assert section.revisions.count() == 0


def test_section_save_puts_an_approved_section_back_in_review(editor, section):
    section_save(actor=editor, section=section, content="Approved text", base_version=0)
    Section.objects.filter(pk=section.pk).update(status=SectionStatus.APPROVED)
    section.refresh_from_db()
    section_save(actor=editor, section=section, content="Changed text", base_version=1)
    assert Section.objects.get(pk=section.pk).status == SectionStatus.IN_REVIEW


def test_section_save_counts_cjk_characters_as_words(editor, section):
    section_save(actor=editor, section=section, content="<p>可持续发展 goals</p>", base_version=0)
    assert section.word_count == 6


@pytest.mark.parametrize("hostile", HOSTILE["xss_html"], ids=range(len(HOSTILE["xss_html"])))
def test_section_save_stores_hostile_html_inert(editor, section, hostile):
    section_save(actor=editor, section=section, content=hostile, base_version=0)
    stored = Section.objects.get(pk=section.pk).content.lower()
    for bad in ("<script", "onerror", "onload", "javascript:", "<iframe", "<style", "style=", "<svg", "<form", "<meta"):
        assert bad not in stored


def test_section_save_drops_file_and_foreign_images(editor, section):
    section_save(
        actor=editor,
        section=section,
        content='<p>a<img src="file:///etc/passwd" alt="x"><img src="https://evil.example/x.png" alt="y"></p>',
        base_version=0,
    )
    assert "file:" not in section.content and "evil.example" not in section.content


def test_section_restore_makes_a_new_revision_and_audits(editor, section):
    section_save(actor=editor, section=section, content="Old text", base_version=0)
    section_save(actor=editor, section=section, content="New text", base_version=1)
    new = section_restore(actor=editor, section=section, revision=section.revisions.get(number=1))
    assert (new.number, new.restored_from, new.content) == (3, 1, "<p>Old text</p>")
    assert Section.objects.get(pk=section.pk).content == "<p>Old text</p>"
    assert AuditEntry.objects.get(action="section.restore").data == {
        "section": section.pk,
        "restored_from": 1,
        "revision": 3,
    }


def test_section_presence_lists_others_seen_recently(editor, coordinator, section):
    section_presence_touch(user=editor, section=section)
    section_presence_touch(user=editor, section=section)
    section_presence_touch(user=coordinator, section=section)
    assert list(section_presence_list_others(user=coordinator, section=section)) == [editor]


# --- Permission ladder --------------------------------------------------------------------


def _edit_url(section):
    return reverse("reviews:section-edit", args=[section.review_id, section.pk])


@pytest.mark.parametrize(
    "who,status",
    [
        ("focal_a", 403),
        ("editor", 403),  # an editor, but others are assigned to this section
        ("reviewer", 403),
        ("other_member", 403),
        ("assigned_editor", 200),
        ("coordinator", 200),
    ],
)
def test_section_edit_permission_ladder(request, client, section, assigned_editor, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_edit_url(section)).status_code == status


def test_section_edit_open_to_any_editor_when_nobody_is_assigned(client, editor, section):
    client.force_login(editor)
    assert client.get(_edit_url(section)).status_code == 200


def test_section_edit_sends_anonymous_get_to_login(client, section):
    response = client.get(_edit_url(section))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_section_edit_refused_with_a_reason_when_frozen(client, coordinator, review, section):
    _freeze(review)
    client.force_login(coordinator)
    response = client.post(_edit_url(section), {"content": "x", "base_version": 0})
    assert response.status_code == 403
    assert "frozen" in response.content.decode()


@pytest.mark.parametrize(
    "who,status", [("focal_a", 403), ("other_member", 403), ("reviewer", 200), ("council_member", 200)]
)
def test_section_detail_permission_ladder(request, client, section, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("reviews:section-detail", args=[section.review_id, section.pk])).status_code == status


def test_section_of_another_review_is_404_through_mine(client, coordinator, review, other_review):
    foreign = SectionFactory(review=other_review, title="Foreign")
    client.force_login(coordinator)
    assert client.get(reverse("reviews:section-detail", args=[review.pk, foreign.pk])).status_code == 404


# --- Edit page ------------------------------------------------------------------------------


def test_section_edit_page_has_the_editor_hooks(client, editor, section):
    client.force_login(editor)
    html = client.get(_edit_url(section)).content.decode()
    upload = reverse("reviews:section-image-upload", args=[section.review_id, section.pk])
    assert f'data-upload-url="{upload}"' in html
    assert f'data-draft-key="section-{section.pk}"' in html
    assert 'data-base-version="0"' in html
    assert "data-rich-editor" in html
    assert 'name="base_version"' in html


def test_section_edit_saves_plain_text_and_shows_it(client, editor, section):
    client.force_login(editor)
    response = client.post(_edit_url(section), {"content": "Hello world", "base_version": 0}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("reviews:section-detail", args=[section.review_id, section.pk])
    html = response.content.decode()
    assert "<p>Hello world</p>" in html
    assert "Saved as revision 1." in html


def test_section_edit_oversize_text_is_handed_back_with_a_field_error(client, editor, section):
    client.force_login(editor)
    text = "word " * 100_001
    response = client.post(_edit_url(section), {"content": text, "base_version": 0})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["content"]
    assert response.context["form"]["content"].value() == text
    assert section.revisions.count() == 0


def test_section_edit_conflict_shows_both_texts_then_a_merge_saves(client, editor, coordinator, section):
    client.force_login(coordinator)
    client.post(_edit_url(section), {"content": "Their sentence.", "base_version": 0})
    client.force_login(editor)
    response = client.post(_edit_url(section), {"content": "My sentence.", "base_version": 0})
    assert response.status_code == 409
    html = response.content.decode()
    assert "My sentence." in html  # yours, as typed
    assert "<p>Their sentence.</p>" in html  # theirs, as saved
    assert response.context["form"]["base_version"].value() == 1
    assert [op for op, _ in response.context["diff"]] == ["delete", "insert", "equal"]
    merged = client.post(_edit_url(section), {"content": "Their sentence. My sentence.", "base_version": 1})
    assert merged.status_code == 302
    assert Section.objects.get(pk=section.pk).content == "<p>Their sentence. My sentence.</p>"


def test_section_edit_expired_session_hands_the_text_back(client, section):
    response = client.post(_edit_url(section), {"content": "Two hours of work", "base_version": 0})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Two hours of work</textarea>" in html
    assert "Log in (opens in a new tab)" in html
    assert section.revisions.count() == 0


def test_section_edit_expired_session_escapes_the_text(client, section):
    response = client.post(_edit_url(section), {"content": "</textarea><script>alert(1)</script>", "base_version": 0})
    assert "<script>alert(1)" not in response.content.decode()


def test_section_edit_bad_base_version_is_a_form_error(client, editor, section):
    client.force_login(editor)
    response = client.post(_edit_url(section), {"content": "x", "base_version": "abc"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["base_version"]


def test_section_detail_renders_the_sanitized_text(client, editor, section):
    section_save(actor=editor, section=section, content='<h2>Title</h2><p onclick="x()">Body</p>', base_version=0)
    client.force_login(editor)
    html = client.get(reverse("reviews:section-detail", args=[section.review_id, section.pk])).content.decode()
    assert "<h2>Title</h2><p>Body</p>" in html
    assert 'href="' + reverse("reviews:section-edit", args=[section.review_id, section.pk]) + '"' in html


def test_section_detail_hides_edit_from_a_reviewer(client, reviewer, section):
    client.force_login(reviewer)
    html = client.get(reverse("reviews:section-detail", args=[section.review_id, section.pk])).content.decode()
    assert _edit_url(section) not in html


@pytest.mark.parametrize("revisions", [1, 100], ids=["one-revision", "hundred-revisions"])
def test_section_detail_query_budget(client, editor, section, revisions, django_assert_num_queries):
    SectionRevision.objects.bulk_create(
        SectionRevision(section=section, number=n, content=f"<p>{n}</p>", author=editor)
        for n in range(1, revisions + 1)
    )
    Section.objects.filter(pk=section.pk).update(version=revisions, content=f"<p>{revisions}</p>")
    SectionComment.objects.bulk_create(
        SectionComment(section=section, author=editor, body=f"Comment {n}") for n in range(2 * revisions)
    )
    client.force_login(editor)
    with django_assert_num_queries(5):
        client.get(reverse("reviews:section-detail", args=[section.review_id, section.pk]))


# --- Revisions, diff, restore ----------------------------------------------------------------


@pytest.mark.parametrize("revisions", [3, 100], ids=["three", "hundred"])
def test_section_revisions_query_budget(client, editor, section, revisions, django_assert_num_queries):
    SectionRevision.objects.bulk_create(
        SectionRevision(
            section=section, number=n, content="<p>x</p>", author=editor, restored_from=1 if n == 3 else None
        )
        for n in range(1, revisions + 1)
    )
    Section.objects.filter(pk=section.pk).update(version=revisions)
    client.force_login(editor)
    with django_assert_num_queries(7):
        response = client.get(reverse("reviews:section-revisions", args=[section.review_id, section.pk]))
    assert [r.number for r in response.context["page"]] == list(range(revisions, max(revisions - 50, 0), -1))


def test_section_revisions_lists_restored_from(client, editor, section):
    section_save(actor=editor, section=section, content="a", base_version=0)
    section_save(actor=editor, section=section, content="b", base_version=1)
    section_restore(actor=editor, section=section, revision=section.revisions.get(number=1))
    client.force_login(editor)
    html = client.get(reverse("reviews:section-revisions", args=[section.review_id, section.pk])).content.decode()
    assert "Restored from revision 1" in html


def test_section_revision_compare_shows_words_added_and_removed(client, editor, section):
    section_save(actor=editor, section=section, content="<p>The <strong>old</strong> plan</p>", base_version=0)
    section_save(actor=editor, section=section, content="<p>The new plan works</p>", base_version=1)
    client.force_login(editor)
    url = reverse("reviews:section-revision-compare", args=[section.review_id, section.pk])
    response = client.get(url, {"old": 1, "new": 2})
    assert response.context["diff"] == [
        ("equal", "The "),
        ("delete", "old"),
        ("insert", "new"),
        ("equal", " plan"),
        ("insert", " works"),
    ]
    html = response.content.decode()
    assert '<del class="bg-danger-subtle"><span class="visually-hidden">removed: </span>' in html
    assert "&lt;strong&gt;" not in html and "<strong>old" not in html
    assert response.context["stats"] == {"added": 2, "removed": 1}


def test_section_revision_compare_says_when_a_passage_is_shown_whole(client, editor, section, monkeypatch):
    monkeypatch.setattr(diffing, "PASSAGE_WORK", 1)
    section_save(actor=editor, section=section, content="<p>The old plan</p><p>Same</p>", base_version=0)
    section_save(actor=editor, section=section, content="<p>A new plan</p><p>Same</p>", base_version=1)
    client.force_login(editor)
    url = reverse("reviews:section-revision-compare", args=[section.review_id, section.pk])
    response = client.get(url, {"old": 1, "new": 2})
    assert response.context["diff"] == [("delete", "The old"), ("insert", "A new"), ("equal", " plan\nSame")]
    page = response.content.decode()
    assert texts(page, ".section-diff-whole") == [
        "One changed passage is too long to compare word by word: it is shown removed and added whole."
    ]


def test_section_revision_compare_of_a_word_level_diff_has_no_whole_notice(client, editor, section):
    section_save(actor=editor, section=section, content="<p>The old plan</p>", base_version=0)
    section_save(actor=editor, section=section, content="<p>The new plan</p>", base_version=1)
    client.force_login(editor)
    url = reverse("reviews:section-revision-compare", args=[section.review_id, section.pk])
    assert texts(client.get(url, {"old": 1, "new": 2}).content.decode(), ".section-diff-whole") == []


def test_section_revision_compare_missing_revision_is_a_field_error(client, editor, section):
    section_save(actor=editor, section=section, content="a", base_version=0)
    client.force_login(editor)
    url = reverse("reviews:section-revision-compare", args=[section.review_id, section.pk])
    response = client.get(url, {"old": 1, "new": 99})
    assert response.context["form"].errors == {"new": ["This section has no revision 99."]}
    assert client.get(url, {"old": "'; DROP TABLE", "new": ""}).status_code == 200


def test_section_revision_restore_confirms_then_restores(client, editor, section):
    section_save(actor=editor, section=section, content="Old", base_version=0)
    section_save(actor=editor, section=section, content="New", base_version=1)
    client.force_login(editor)
    url = reverse("reviews:section-revision-restore", args=[section.review_id, section.pk, 1])
    assert "Restore revision 1?" in client.get(url).content.decode()
    client.post(url)
    section.refresh_from_db()
    assert (section.version, section.content) == (3, "<p>Old</p>")


def test_section_revision_restore_refused_to_a_reviewer(client, editor, reviewer, section):
    section_save(actor=editor, section=section, content="Old", base_version=0)
    client.force_login(reviewer)
    url = reverse("reviews:section-revision-restore", args=[section.review_id, section.pk, 1])
    assert client.post(url).status_code == 403
    assert section.revisions.count() == 1


# --- Images -----------------------------------------------------------------------------------


def _png(size=(4, 4), fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, fmt)
    return buffer.getvalue()


def _upload_url(section):
    return reverse("reviews:section-image-upload", args=[section.review_id, section.pk])


def test_section_image_upload_returns_json_src_matching_the_sanitizer(client, editor, section, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(editor)
    response = client.post(
        _upload_url(section),
        {"image": SimpleUploadedFile("chart.png", _png(), "image/png"), "alt_text": "A red square"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 201
    image = SectionImage.objects.get()
    assert response.json() == {
        "src": f"/reviews/{section.review_id}/sections/{section.pk}/images/{image.pk}/",
        "alt": "A red square",
    }
    assert IMAGE_SRC.match(response.json()["src"])
    served = client.get(response.json()["src"])
    assert (served["Content-Type"], served["X-Content-Type-Options"]) == ("image/png", "nosniff")
    assert b"".join(served.streaming_content) == _png()


def test_section_image_upload_without_js_shows_the_html_to_paste(client, editor, section, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(editor)
    response = client.post(
        _upload_url(section), {"image": SimpleUploadedFile("a.jpg", _png(fmt="JPEG"), "image/jpeg"), "alt_text": "Map"}
    )
    image = SectionImage.objects.get()
    assert image.content_type == "image/jpeg"
    assert f"/reviews/{section.review_id}/sections/{section.pk}/images/{image.pk}/" in response.content.decode()


@pytest.mark.parametrize(
    "name,data",
    [
        ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'),
        ("x.png", b"not an image at all"),
        ("x.html", b"<html><script>alert(1)</script></html>"),
    ],
    ids=["svg", "fake-png", "html"],
)
def test_section_image_upload_refuses_what_is_not_a_bitmap(client, editor, section, name, data, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(editor)
    response = client.post(_upload_url(section), {"image": SimpleUploadedFile(name, data), "alt_text": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "image": ["Upload a PNG, JPEG, GIF or WebP image (SVG and other files are refused)."]
    }
    assert SectionImage.objects.count() == 0


PIXELS = (
    "The picture has too many pixels (%s): at most 12,000 pixels a side and 25 megapixels in all. "
    "Make it smaller and upload it again."
)


@pytest.fixture
def no_decoding(monkeypatch):
    """Decoding a picture fails the test: a pixel bomb must be refused before."""

    def load(self):
        raise AssertionError("a picture was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


def test_section_image_upload_refuses_a_small_png_that_decodes_to_gigabytes(
    client, editor, section, settings, tmp_path, no_decoding
):
    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(editor)
    bomb = hostile.png_bomb(11_000, 11_000)  # ~15 KB, 121 megapixels: under Pillow's own refusal
    response = client.post(
        _upload_url(section),
        {"image": SimpleUploadedFile("chart.png", bomb, "image/png"), "alt_text": "x"},
        headers={"Accept": "application/json"},
    )
    assert (response.status_code, response.json(), SectionImage.objects.count()) == (
        400,
        {"errors": {"image": [PIXELS % "11,000 × 11,000"]}},
        0,
    )


@pytest.mark.parametrize("name", [*hostile.PIXEL_BOMBS, *hostile.GIF_BOMBS])
def test_section_image_upload_refuses_pixel_bombs_at_the_field(
    client, editor, section, settings, tmp_path, no_decoding, name
):
    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(editor)
    data = {**hostile.PIXEL_BOMBS, **hostile.GIF_BOMBS}[name]()
    response = client.post(_upload_url(section), {"image": SimpleUploadedFile("x.png", data), "alt_text": "x"})
    errors = response.context["form"].errors
    assert (response.status_code, list(errors), errors["image"][0].startswith("The picture has too many pixels")) == (
        200,
        ["image"],
        True,
    )
    assert SectionImage.objects.count() == 0


@pytest.mark.parametrize("name", hostile.BROKEN_PICTURES)
def test_section_image_upload_refuses_pictures_that_cannot_be_read(client, editor, section, settings, tmp_path, name):
    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(editor)
    data = hostile.BROKEN_PICTURES[name]()
    response = client.post(_upload_url(section), {"image": SimpleUploadedFile("x.png", data), "alt_text": "x"})
    assert response.context["form"].errors == {
        "image": [
            "The file could not be read as a picture: it may be damaged or cut short. "
            "Save it again and upload it once more."
        ]
    }
    assert SectionImage.objects.count() == 0


def test_section_image_upload_refuses_oversize_and_missing_alt(client, editor, section, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(editor)
    big = SimpleUploadedFile("big.png", _png() + b"\0" * (5 * 1024 * 1024), "image/png")
    response = client.post(
        _upload_url(section), {"image": big, "alt_text": "x"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    assert response.json() == {"errors": {"image": ["The image is too large: at most 5 MB."]}}
    response = client.post(_upload_url(section), {"image": SimpleUploadedFile("a.png", _png())})
    assert list(response.context["form"].errors) == ["alt_text"]


def test_section_image_upload_refused_to_a_reviewer(client, reviewer, section):
    client.force_login(reviewer)
    response = client.post(_upload_url(section), {"image": SimpleUploadedFile("a.png", _png()), "alt_text": "x"})
    assert response.status_code == 403


def test_section_image_is_not_served_to_another_review(client, editor, other_member, section, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    image = SectionImageFactory(
        section=section, image=SimpleUploadedFile("a.png", _png()), content_type="image/png", alt_text="x"
    )
    url = reverse("reviews:section-image", args=[section.review_id, section.pk, image.pk])
    client.force_login(other_member)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


# --- Presence ---------------------------------------------------------------------------------


def test_section_edit_page_says_who_else_is_editing(client, editor, coordinator, section):
    section_presence_touch(user=coordinator, section=section)
    coordinator.first_name, coordinator.last_name = "Chen", "Wei"
    coordinator.save()
    client.force_login(editor)
    html = client.get(_edit_url(section)).content.decode()
    assert "Also editing now: <bdi>Chen Wei</bdi>" in html
    assert 'hx-trigger="load, every 20s"' in html
    assert 'aria-live="polite"' in html


def test_section_presence_poll_records_and_lists_others(client, editor, coordinator, section):
    client.force_login(coordinator)
    client.get(reverse("reviews:section-presence", args=[section.review_id, section.pk]))
    client.force_login(editor)
    response = client.get(reverse("reviews:section-presence", args=[section.review_id, section.pk]))
    assert list(response.context["others"]) == [coordinator]


def test_section_presence_poll_refused_to_a_focal_point(client, focal_a, section):
    client.force_login(focal_a)
    assert client.get(reverse("reviews:section-presence", args=[section.review_id, section.pk])).status_code == 403


def test_section_presence_poll_after_the_session_expired_swaps_nothing(client, section):
    url = reverse("reviews:section-presence", args=[section.review_id, section.pk])
    assert client.get(url, headers={"HX-Request": "true"}).status_code == 204
    assert client.get(url).status_code == 302


@pytest.mark.parametrize("fmt,content_type", [("GIF", "image/gif"), ("WEBP", "image/webp")])
def test_section_image_upload_accepts_gif_and_webp(client, editor, section, settings, tmp_path, fmt, content_type):
    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(editor)
    upload = SimpleUploadedFile("picture.bin", _png(fmt=fmt), "application/octet-stream")
    response = client.post(
        _upload_url(section), {"image": upload, "alt_text": "x"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 201
    assert SectionImage.objects.get().content_type == content_type


EDGE_TEXTS = [v for v in HOSTILE["text_edges"] if not v.startswith("LONG:")] + HOSTILE["pdf_fetch"]


@pytest.mark.parametrize("value", EDGE_TEXTS, ids=range(len(EDGE_TEXTS)))
def test_section_edit_takes_edge_texts_without_a_500(client, editor, section, value):
    client.force_login(editor)
    response = client.post(_edit_url(section), {"content": value, "base_version": "0"})
    assert response.status_code in (200, 302)
    stored = Section.objects.get(pk=section.pk).content.lower()
    assert "<script" not in stored and "file:" not in stored and "<iframe" not in stored


@pytest.mark.parametrize("value", HOSTILE["numbers"], ids=range(len(HOSTILE["numbers"])))
def test_section_revision_compare_takes_hostile_numbers_without_a_500(client, editor, section, value):
    client.force_login(editor)
    url = reverse("reviews:section-revision-compare", args=[section.review_id, section.pk])
    assert client.get(url, {"old": value, "new": value}).status_code == 200
    assert client.post(_edit_url(section), {"content": "x", "base_version": value}).status_code in (200, 302, 409)


def test_section_conflict_page_shows_your_text_as_formatted_sanitized_html(client, editor, coordinator, section):
    client.force_login(coordinator)
    client.post(_edit_url(section), {"content": "<p>Their sentence.</p>", "base_version": 0})
    client.force_login(editor)
    typed = '<p>My <strong>bold</strong> sentence.</p><p onclick="steal()">Second.</p>'
    response = client.post(_edit_url(section), {"content": typed, "base_version": 0})
    assert response.status_code == 409
    html = response.content.decode()
    yours = html.split('id="yours-heading"')[1].split("</section>")[0]
    assert "<p>My <strong>bold</strong> sentence.</p><p>Second.</p>" in yours
    assert "&lt;p&gt;" not in yours and "steal()" not in html


@pytest.mark.parametrize(
    "content,languages",
    [("", ["en"]), ("<p>Texte “dit” & <b>gras</b></p>", ["fr", "en"]), ('"><script>alert(1)</script>', ["ar"])],
)
def test_section_edit_fields_html_is_crispys_markup(section, content, languages):
    """The editor page writes its unbound form with `SectionContentForm.as_fields_html`: the
    same elements, attributes and text as `{{ form|crispy }}`."""
    from django.template import engines
    from django.test.html import parse_html
    from django.utils import translation

    from reviews.drafting.forms.sections import SectionContentForm

    Review.objects.filter(pk=section.review_id).update(languages=languages)
    section = Section.objects.select_related("review").get(pk=section.pk)
    crispy = engines["django"].from_string("{% load crispy_forms_tags %}{{ form|crispy }}")
    for language in ["en", "ar"]:
        with translation.override(language):
            initial = {"content": content, "base_version": 7}
            light = SectionContentForm(initial=initial, section=section).as_fields_html()
            expected = crispy.render({"form": SectionContentForm(initial=initial, section=section)})
            assert parse_html(light) == parse_html(expected)
            # The newline that opens a textarea (which the parser drops) is kept.
            assert 'id="id_content">\n' in light, light


def test_editor_strings_are_in_the_active_language():
    from django.utils import translation

    from reviews.drafting.forms.sections import EDITOR_STRINGS, editor_strings

    for language in ["fr", "en", "ar", "fr"]:
        with translation.override(language):
            assert editor_strings() == {key: str(text) for key, text in EDITOR_STRINGS.items()}
    with translation.override("fr"):
        assert editor_strings()["bold"] != "Bold"
