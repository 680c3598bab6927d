from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

LOCALE = Path(settings.BASE_DIR) / "locale"


# Every interface language but English (the source) needs a complete catalogue: a
# language is either complete or not offered.
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != "en"]


def _catalogue(language_code):
    from django.utils.translation import to_locale

    return polib.pofile(str(LOCALE / to_locale(language_code) / "LC_MESSAGES/django.po"))


@pytest.mark.parametrize("language_code", TRANSLATED)
def test_catalogue_is_complete(language_code):
    catalogue = _catalogue(language_code)
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert (untranslated, fuzzy) == ([], [])


@pytest.mark.parametrize("language_code", TRANSLATED)
def test_catalogue_keeps_every_placeholder(language_code):
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]")
    for entry in _catalogue(language_code).translated_entries():
        expected = sorted(placeholder.findall(entry.msgid_plural or entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            assert set(placeholder.findall(text)) <= set(expected), entry.msgid


def test_planner_speaks_chinese(client, coordinator, review):
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = client.get(reverse("reviews:review-detail", args=[review.pk])).content.decode()
    assert '<html lang="zh-hans" dir="ltr">' in page
    assert '<h2 id="tasks-heading" class="h4">筹备工作清单</h2>' in page


def test_arabic_is_laid_out_right_to_left(client, coordinator, review):
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    page = client.get(reverse("reviews:review-detail", args=[review.pk])).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "bootstrap.rtl.min.css" in page


def test_language_switcher_sets_the_language(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"}, follow=True)
    assert response.content.decode().count("我的评估") >= 1
