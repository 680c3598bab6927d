"""An edition per language of the review: each section in its translation, else the
source text with a notice; the content hash follows the translation."""

import pytest
from django.urls import reverse

from reviews.drafting.services.translations import section_translation_save
from reviews.models import Edition
from reviews.publishing.assembly import assemble
from reviews.tests.factories import SectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def sections(review):
    health = SectionFactory(review=review, title="Health", position=0, content="<p>Clinics.</p>", version=1)
    water = SectionFactory(review=review, title="Water", position=1, content="<p>Wells.</p>", version=1)
    return health, water


def test_an_edition_in_a_further_language_uses_translations_and_marks_the_rest(review, sections, editor):
    health, _water = sections
    section_translation_save(actor=editor, section=health, language="zh-Hans", content="<p>诊所。</p>")
    result = assemble(review, language="zh-Hans")
    assert result.language == "zh-Hans"
    by_title = {chapter.title: chapter for chapter in result.chapters}
    assert "诊所。" in by_title["Health"].html
    assert not by_title["Health"].is_fallback
    assert "Wells." in by_title["Water"].html
    assert (by_title["Water"].is_fallback, by_title["Water"].language) == (True, "en")
    # The notice is in the edition's language: one, on the chapter shown in English.
    assert result.html.count('<p class="fallback-notice">') == 1
    assert "尚无该语言的译文" in result.html
    assert 'lang="en" dir="auto"' in result.html


def test_the_source_edition_is_unchanged_and_the_hash_follows_translations(review, sections, editor):
    health, _water = sections
    source = assemble(review)
    assert source.language == "en"
    assert "no translation" not in source.html
    before = assemble(review, language="zh-Hans").content_hash
    section_translation_save(actor=editor, section=health, language="zh-Hans", content="<p>诊所。</p>")
    after = assemble(review, language="zh-Hans").content_hash
    assert before != after != source.content_hash
    assert assemble(review).content_hash == source.content_hash


def test_a_coordinator_asks_for_an_edition_in_a_language_of_the_review(client, coordinator, review, sections):
    client.force_login(coordinator)
    url = reverse("reviews:edition-request", args=[review.pk])
    page = client.get(reverse("reviews:editions", args=[review.pk])).content.decode()
    assert '<option value="zh-Hans" lang="zh-Hans">' in page
    response = client.post(url, {"format": "pdf", "language": "zh-Hans"})
    assert response.status_code == 302
    assert Edition.objects.get(review=review).language == "zh-Hans"
    response = client.post(url, {"format": "pdf", "language": "ar"})
    assert response.status_code == 400
    assert "Choose one of the report&#x27;s languages." in response.content.decode()
