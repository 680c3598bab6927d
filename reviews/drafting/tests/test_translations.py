"""Translations of the sections: states, out of date when the source changes, the editors'
list of what is missing, the section page in a language with the source as a fallback."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reviews.drafting.selectors.translations import section_text_in
from reviews.drafting.services.sections import section_save
from reviews.drafting.services.translations import section_translation_save
from reviews.models import AuditEntry, SectionTranslation, TranslationState
from reviews.tests.factories import SectionFactory
from vnr_portal.accounts.services import profile_update

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def section(review):
    return SectionFactory(review=review, title="Health", content="<p>Clinics in every district.</p>", version=1)


def test_saving_a_translation_sanitizes_and_audits_its_state(editor, section):
    translation = section_translation_save(
        actor=editor, section=section, language="zh-Hans", content="<p>每个区都有诊所。</p><script>x()</script>"
    )
    assert translation.content == "<p>每个区都有诊所。</p>"
    assert translation.state == TranslationState.DRAFT
    assert translation.source_version == 1
    section_translation_save(
        actor=editor, section=section, language="zh-Hans", content="<p>每个区都有诊所。</p>", state="reviewed"
    )
    entries = AuditEntry.objects.filter(action="section.translate").order_by("pk")
    assert [(e.data["previous_state"], e.data["state"]) for e in entries] == [
        ("to_translate", "draft"),
        ("draft", "reviewed"),
    ]


def test_a_translation_is_refused_for_a_language_the_review_does_not_have(editor, section):
    with pytest.raises(ValidationError):
        section_translation_save(actor=editor, section=section, language="ar", content="<p>نص</p>")
    with pytest.raises(ValidationError):  # the source language is no translation
        section_translation_save(actor=editor, section=section, language="en", content="<p>Text</p>")
    with pytest.raises(ValidationError) as error:
        section_translation_save(actor=editor, section=section, language="zh-Hans", content=" ", state="reviewed")
    assert "content" in error.value.message_dict


def test_changing_the_source_makes_the_translation_out_of_date(editor, section):
    section_translation_save(actor=editor, section=section, language="zh-Hans", content="<p>诊所</p>", state="reviewed")
    section_save(actor=editor, section=section, content="<p>Clinics and schools.</p>", base_version=1)
    translation = SectionTranslation.objects.get(section=section, language="zh-Hans")
    assert translation.state == TranslationState.OUTDATED
    entry = AuditEntry.objects.get(action="section.translation_outdated")
    assert entry.data == {"section": section.pk, "language": "zh-Hans", "previous_state": "reviewed"}


def test_section_text_falls_back_to_the_source_marked(editor, section):
    picked = section_text_in(section, "zh-Hans")
    assert (picked.value, picked.language, picked.is_fallback) == ("<p>Clinics in every district.</p>", "en", True)
    section_translation_save(actor=editor, section=section, language="zh-Hans", content="<p>诊所</p>")
    picked = section_text_in(section, "zh-Hans")
    assert (picked.value, picked.language, picked.is_fallback) == ("<p>诊所</p>", "zh-Hans", False)


def test_section_page_shows_the_translation_or_the_original_with_a_notice(client, editor, section):
    client.force_login(editor)
    url = reverse("reviews:section-detail", args=[section.review_id, section.pk])
    page = client.get(url + "?lang=zh-Hans").content.decode()
    assert "Shown in English: no translation in your language yet." in page
    assert 'lang="en" dir="ltr"' in page
    section_translation_save(actor=editor, section=section, language="zh-Hans", content="<p>每个区都有诊所。</p>")
    page = client.get(url + "?lang=zh-Hans").content.decode()
    assert "每个区都有诊所。" in page
    assert "no translation in your language yet" not in page
    page = client.get(url).content.decode()
    assert "Clinics in every district." in page


def test_editors_list_shows_what_is_missing_per_language(client, editor, section, review):
    other = SectionFactory(review=review, title="Water", content="<p>Wells.</p>", version=1, position=2)
    section_translation_save(actor=editor, section=section, language="zh-Hans", content="<p>诊所</p>", state="reviewed")
    client.force_login(editor)
    response = client.get(reverse("reviews:translations", args=[review.pk]))
    assert response.status_code == 200
    states = {row["section"].title: [cell.state for cell in row["cells"]] for row in response.context["rows"]}
    assert states == {"Health": ["reviewed"], "Water": ["to_translate"]}
    assert "1 section not reviewed yet" in response.content.decode()
    assert other.title in response.content.decode()


@pytest.mark.parametrize("count", [2, 20], ids=["two", "twenty"])
def test_editors_list_query_budget(client, editor, review, django_assert_num_queries, count):
    for n in range(count):
        section = SectionFactory(review=review, title=f"S{n}", content="<p>x</p>", version=1, position=n)
        section_translation_save(actor=editor, section=section, language="zh-Hans", content="<p>x</p>")
    client.force_login(editor)
    url = reverse("reviews:translations", args=[review.pk])
    client.get(url)
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200


def test_an_editor_translates_and_a_focal_point_may_not(client, editor, focal_a, reviewer, section):
    url = reverse("reviews:section-translation", args=[section.review_id, section.pk, "zh-Hans"])
    client.force_login(editor)
    response = client.post(url, {"content": "<p>诊所</p>", "state": "draft"})
    assert response.status_code == 302
    assert SectionTranslation.objects.get(section=section, language="zh-Hans").content == "<p>诊所</p>"
    client.force_login(focal_a)
    assert client.get(url).status_code == 403
    assert client.get(reverse("reviews:translations", args=[section.review_id])).status_code == 403
    client.force_login(reviewer)
    assert client.post(url, {"content": "<p>x</p>", "state": "draft"}).status_code == 403


def test_bad_state_is_shown_at_the_field(client, editor, section):
    client.force_login(editor)
    url = reverse("reviews:section-translation", args=[section.review_id, section.pk, "zh-Hans"])
    response = client.post(url, {"content": "", "state": "reviewed"})
    assert response.status_code == 200
    assert "An empty translation cannot be marked as reviewed." in response.content.decode()
    assert (
        client.get(reverse("reviews:section-translation", args=[section.review_id, section.pk, "ar"])).status_code
        == 404
    )


def test_the_editor_and_the_text_run_in_their_own_direction_in_an_arabic_interface(client, editor, section):
    profile_update(user=editor, language="ar", time_zone="UTC")
    client.force_login(editor)
    page = client.get(reverse("reviews:section-edit", args=[section.review_id, section.pk])).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    # The editor copies lang and dir from the textarea onto its editable surface.
    textarea = page[page.index("<textarea") : page.index(">", page.index("<textarea"))]
    assert 'dir="auto"' in textarea
    assert 'lang="en"' in textarea
    page = client.get(reverse("reviews:section-detail", args=[section.review_id, section.pk])).content.decode()
    assert 'lang="en" dir="auto">' in page
