import pytest
from django.utils import translation

from indicators.models import Goal, Indicator, Target, has_language, localized

pytestmark = [pytest.mark.unit]

TITLE = {
    "en": "End poverty in all its forms everywhere",
    "zh-Hans": "在全世界消除一切形式的贫穷",
    "fr": "Éliminer la pauvreté",
}


def test_localized_returns_the_active_language():
    with translation.override("zh-hans"):
        assert localized(TITLE) == "在全世界消除一切形式的贫穷"


def test_localized_falls_back_to_english_when_the_language_is_missing():
    with translation.override("ar"):
        assert localized(TITLE) == "End poverty in all its forms everywhere"


@pytest.mark.parametrize(
    ("key", "active"),
    [("zh-Hans", "zh-hans"), ("zh-hans", "zh-hans"), ("zh-Hans", "zh-Hans"), ("ZH-HANS", "zh-hans")],
    ids=["file-case-key", "lower-case-key", "both-mixed-case", "upper-case-key"],
)
def test_localized_matches_language_codes_whatever_their_case(key, active):
    assert localized({"en": "No poverty", key: "无贫穷"}, active) == "无贫穷"


def test_localized_uses_the_base_language_of_a_regional_variant():
    assert localized(TITLE, "fr-ca") == "Éliminer la pauvreté"


def test_localized_skips_an_empty_translation():
    assert localized({"en": "No poverty", "zh-Hans": ""}, "zh-hans") == "No poverty"


def test_localized_of_no_texts_is_empty():
    assert localized({}, "en") == ""


@pytest.mark.parametrize(
    ("active", "expected"),
    [("en", False), ("zh-hans", False), ("ar", True)],
    ids=["english", "translated", "missing"],
)
def test_title_is_fallback_when_the_active_language_has_no_title(active, expected):
    indicator = Indicator(code="1.1.1", title=TITLE)
    with translation.override(active):
        assert indicator.title_is_fallback is expected


def test_has_language_ignores_an_empty_translation():
    assert has_language({"en": "No poverty", "zh-Hans": ""}, "zh-hans") is False


def test_goal_short_title_is_fallback_when_the_active_language_has_no_short_title():
    goal = Goal(number=1, title=TITLE, short_title={"en": "No poverty"})
    with translation.override("zh-hans"):
        assert (goal.short_title_localized, goal.short_title_is_fallback, goal.title_is_fallback) == (
            "No poverty",
            True,
            False,
        )


def test_indicator_repeats_point_at_the_goal_pages_of_the_other_codes():
    indicator = Indicator(code="1.5.1", title=TITLE, repeated_as=["11.5.1", "13.1.1"])
    assert indicator.repeats == [
        {"code": "11.5.1", "goal_number": 11, "anchor": "indicator-11-5-1"},
        {"code": "13.1.1", "goal_number": 13, "anchor": "indicator-13-1-1"},
    ]


def test_target_and_indicator_anchors_are_valid_ids():
    assert (Target(code="1.a").anchor, Indicator(code="1.a.1").anchor) == ("target-1-a", "indicator-1-a-1")
