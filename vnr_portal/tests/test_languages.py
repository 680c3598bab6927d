"""vnr_portal.common.languages: the one rule for content missing in a language."""

import pytest
from django.utils import translation

from vnr_portal.common.languages import direction, has_language, language_name, pick_language

pytestmark = [pytest.mark.unit]


def test_the_requested_language_first():
    picked = pick_language({"en": "Health", "zh-Hans": "健康"}, "zh-hans", "en")
    assert (picked.value, picked.language, picked.is_fallback) == ("健康", "zh-Hans", False)


def test_then_the_source_then_english_then_any():
    texts = {"fr": "Santé", "en": "Health", "ar": "الصحة"}
    assert pick_language(texts, "ru", "ar").language == "ar"
    assert pick_language(texts, "ru", "es").language == "en"
    assert pick_language({"fr": "Santé"}, "ru", "es").language == "fr"
    assert all(pick_language(texts, "ru", source).is_fallback for source in ("ar", "es", None))


def test_empty_values_count_as_missing_and_nothing_gives_none():
    assert pick_language({"ar": "  ", "en": "Health"}, "ar").language == "en"
    assert pick_language({"ar": [], "en": ["doc"]}, "ar").value == ["doc"]
    assert pick_language({}, "ar") is None
    assert pick_language({"ar": ""}, "ar") is None


def test_a_regional_code_finds_its_language_but_scripts_stay_apart():
    assert pick_language({"fr": "Santé", "en": "Health"}, "fr-CA").language == "fr"
    assert pick_language({"zh-Hant": "健康", "en": "Health"}, "zh-hans").language == "en"


def test_the_active_language_by_default():
    with translation.override("ar"):
        assert pick_language({"ar": "الصحة", "en": "Health"}).value == "الصحة"
        assert has_language({"ar": "الصحة"}) is True
        assert has_language({"en": "Health"}) is False


def test_direction_and_name():
    assert direction("ar") == "rtl"
    assert direction("zh-Hans") == "ltr"
    assert direction("") == "ltr"
    with translation.override("en"):
        assert language_name("zh-hans") == "Simplified Chinese"
        assert language_name("fr") == "French"
        assert language_name("xx-unknown") == "xx-unknown"
