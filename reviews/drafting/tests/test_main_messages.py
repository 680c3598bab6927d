import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from reviews.drafting.selectors.main_messages import main_messages_get_draft
from reviews.drafting.services.main_messages import (
    main_messages_create,
    main_messages_translation_save,
)
from reviews.models import AuditEntry, Section, SectionKind, SectionRevision, SectionTranslation
from reviews.tests.factories import SectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

HOSTILE = json.loads(Path("/work/shared/data/security/hostile-inputs.json").read_text(encoding="utf-8"))


def _section(review, kind, content, position):
    return SectionFactory(review=review, kind=kind, title=str(kind), content=content, position=position)


@pytest.fixture
def report(review):
    _section(review, SectionKind.OPENING, "<p>Opening <em>one</em>.</p><p>Opening two.</p>", 1)
    _section(review, SectionKind.HIGHLIGHTS, "<h2>Key</h2><p>Highlight one.</p><ul><li>Not a paragraph</li></ul>", 2)
    _section(review, SectionKind.INTRODUCTION, "<p>Not taken.</p>", 3)


@pytest.fixture
def main_messages(review, coordinator, report):
    return main_messages_create(actor=coordinator, review=review)


@pytest.fixture
def page_url(review):
    return reverse("reviews:main-messages", args=[review.pk])


def _translation_url(review, language="zh-Hans"):
    return reverse("reviews:main-messages-translation", args=[review.pk, language])


# --- Services -----------------------------------------------------------------------


def test_main_messages_create_drafts_from_highlights_and_opening(review, coordinator, report):
    section = main_messages_create(actor=coordinator, review=review)

    expected = "<p>Highlight one.</p>\n<p>Opening <em>one</em>.</p>\n<p>Opening two.</p>"
    assert (section.kind, section.title, section.word_limit, section.content, section.word_count, section.version) == (
        SectionKind.MAIN_MESSAGES,
        "Main messages",
        700,
        expected,
        6,
        1,
    )
    assert list(SectionRevision.objects.filter(section=section).values_list("number", "content", "author")) == [
        (1, expected, coordinator.pk)
    ]
    assert AuditEntry.objects.filter(action="main_messages.create").count() == 1


def test_main_messages_draft_trims_to_about_700_words(review):
    _section(review, SectionKind.HIGHLIGHTS, "<p>" + " ".join(["word"] * 500) + "</p>" * 1, 1)
    _section(review, SectionKind.OPENING, "<p>" + " ".join(["more"] * 500) + "</p><p>Dropped.</p>", 2)

    draft = main_messages_get_draft(review=review)

    assert draft == "<p>" + " ".join(["word"] * 500) + "</p>\n<p>" + " ".join(["more"] * 200) + " …</p>"


def test_main_messages_create_empty_when_report_empty(review, coordinator):
    section = main_messages_create(actor=coordinator, review=review)

    assert (section.content, section.word_count, section.revisions.count()) == ("", 0, 1)


def test_main_messages_create_once_per_review(review, coordinator, main_messages):
    with pytest.raises(ValidationError) as error:
        main_messages_create(actor=coordinator, review=review)

    assert error.value.messages == ["This review already has its main messages."]


def test_main_messages_draft_keeps_hostile_text_inert(review):
    _section(review, SectionKind.HIGHLIGHTS, "<p>&lt;script&gt;alert(1)&lt;/script&gt; fine</p>", 1)

    assert main_messages_get_draft(review=review) == "<p>&lt;script&gt;alert(1)&lt;/script&gt; fine</p>"


def test_translation_save_sanitizes_and_records_version(main_messages, editor):
    translation = main_messages_translation_save(
        actor=editor,
        section=main_messages,
        language="zh-Hans",
        content='<p onclick="x()">主要信息</p><script>x</script>',
    )

    assert (translation.content, translation.word_count, translation.source_version) == ("<p>主要信息</p>", 4, 1)


def test_translation_save_refuses_language_not_of_review(main_messages, editor):
    with pytest.raises(ValidationError) as error:
        main_messages_translation_save(actor=editor, section=main_messages, language="fr", content="<p>Bonjour</p>")

    assert error.value.messages == ["This language is not one of the review's further languages."]


# --- The page -----------------------------------------------------------------------


def test_main_messages_page_redirects_anonymous(client, page_url):
    response = client.get(page_url)

    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next={page_url}")


@pytest.mark.parametrize("who", ["outsider", "other_member", "focal_a"])
def test_main_messages_page_forbidden_to_non_draft_roles(client, request, page_url, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(page_url).status_code == 403


def test_main_messages_page_offers_creation_to_coordinator_only(client, review, coordinator, reviewer, page_url):
    client.force_login(reviewer)
    as_reviewer = client.get(page_url).content.decode()
    client.force_login(coordinator)
    as_coordinator = client.get(page_url).content.decode()

    assert ("Draft the main messages" in as_reviewer, "Draft the main messages" in as_coordinator) == (False, True)


def test_main_messages_create_view_forbidden_to_editor(client, review, editor):
    client.force_login(editor)

    response = client.post(reverse("reviews:main-messages-create", args=[review.pk]))

    assert (response.status_code, Section.objects.filter(kind=SectionKind.MAIN_MESSAGES).count()) == (403, 0)


def test_main_messages_create_view_by_coordinator(client, review, coordinator, report, page_url):
    client.force_login(coordinator)

    response = client.post(reverse("reviews:main-messages-create", args=[review.pk]))

    assert (response.status_code, response.url) == (302, page_url)
    assert Section.objects.get(kind=SectionKind.MAIN_MESSAGES).word_count == 6


def test_main_messages_page_marks_translation_out_of_date(client, review, editor, main_messages, page_url):
    main_messages_translation_save(actor=editor, section=main_messages, language="zh-Hans", content="<p>主要</p>")
    client.force_login(editor)
    before = client.get(page_url)
    Section.objects.filter(pk=main_messages.pk).update(version=2)

    after = client.get(page_url)

    assert [row["out_of_date"] for row in before.context["translations"]] == [False]
    assert [row["out_of_date"] for row in after.context["translations"]] == [True]
    assert ("Out of date" in before.content.decode(), "Out of date" in after.content.decode()) == (False, True)
    assert (
        '<div class="border rounded p-3 mb-3 section-content" lang="zh-Hans" dir="auto"><p>主要</p></div>'
        in after.content.decode()
    )


@pytest.mark.parametrize("translations", [0, 1], ids=["untranslated", "translated"])
def test_main_messages_page_query_budget(
    client, review, editor, main_messages, page_url, translations, django_assert_num_queries
):
    review.languages = ["en", "zh-Hans", "fr", "ar"]
    review.save()
    if translations:
        for language in ["zh-Hans", "fr", "ar"]:
            main_messages_translation_save(actor=editor, section=main_messages, language=language, content="<p>x</p>")
    client.force_login(editor)

    with django_assert_num_queries(7):
        response = client.get(page_url)

    assert len(response.context["translations"]) == 3


# --- Translation editing ------------------------------------------------------------


@pytest.mark.parametrize("who", ["reviewer", "council_member", "other_member", "outsider"])
def test_translation_edit_forbidden_without_change_section(client, request, review, main_messages, who):
    client.force_login(request.getfixturevalue(who))

    response = client.post(_translation_url(review), {"content": "<p>x</p>"})

    assert (response.status_code, SectionTranslation.objects.count()) == (403, 0)


def test_translation_edit_unknown_language_is_404(client, review, editor, main_messages):
    client.force_login(editor)

    assert client.get(_translation_url(review, "fr")).status_code == 404


def test_translation_edit_saves_and_redirects(client, review, editor, main_messages, page_url):
    client.force_login(editor)

    response = client.post(_translation_url(review), {"content": "<p>主要信息</p>"})

    assert (response.status_code, response.url) == (302, page_url)
    assert list(SectionTranslation.objects.values_list("language", "content", "source_version", "updated_by")) == [
        ("zh-Hans", "<p>主要信息</p>", 1, editor.pk)
    ]


def test_translation_edit_refused_when_frozen(client, review, editor, main_messages):
    review.frozen_at = timezone.now()
    review.save()
    client.force_login(editor)

    assert client.post(_translation_url(review), {"content": "<p>x</p>"}).status_code == 403


@pytest.mark.parametrize("value", HOSTILE["xss_html"], ids=range(len(HOSTILE["xss_html"])))
def test_translation_edit_keeps_hostile_html_inert(client, review, editor, main_messages, page_url, value):
    client.force_login(editor)

    client.post(_translation_url(review), {"content": value})
    content = client.get(page_url).content.decode()

    stored = SectionTranslation.objects.values_list("content", flat=True).first() or ""
    assert ("<script" in stored.lower(), "onerror=" in stored.lower(), "javascript:" in stored.lower()) == (
        False,
        False,
        False,
    )
    assert "<script>alert" not in content


def test_main_messages_page_links_to_edit_and_review_pages(client, review, editor, main_messages, page_url):
    client.force_login(editor)

    content = client.get(page_url).content.decode()

    edit_url = reverse("reviews:section-edit", args=[review.pk, main_messages.pk])
    review_url = reverse("reviews:section-review", args=[review.pk, main_messages.pk])
    assert (f'href="{edit_url}"' in content, f'href="{review_url}"' in content) == (True, True)
    assert "6 of at most 700" in content
