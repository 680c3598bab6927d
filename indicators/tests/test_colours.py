import re

import pytest

from indicators.colours import (
    AA_GRAPHICS,
    AA_TEXT,
    BLACK,
    CATEGORY_COLOURS,
    SDG_GOAL_COLOURS,
    SDG_GOAL_TEXT_COLOURS,
    WHITE,
    contrast_ratio,
    parse_hex,
    text_colour_on,
    with_contrast,
)
from indicators.progress import Category

pytestmark = [pytest.mark.unit]


def test_the_seventeen_goals_have_their_un_colours():
    assert sorted(SDG_GOAL_COLOURS) == list(range(1, 18))
    assert all(re.fullmatch(r"#[0-9A-F]{6}", colour) for colour in SDG_GOAL_COLOURS.values())
    assert (SDG_GOAL_COLOURS[1], SDG_GOAL_COLOURS[7], SDG_GOAL_COLOURS[17]) == ("#E5243B", "#FCC30B", "#19486A")


@pytest.mark.parametrize("goal", range(1, 18))
def test_the_text_on_each_goal_tile_passes_aa_and_is_the_better_of_white_and_black(goal):
    background, text = SDG_GOAL_COLOURS[goal], SDG_GOAL_TEXT_COLOURS[goal]

    assert contrast_ratio(text, background) >= AA_TEXT
    assert text == text_colour_on(background)


@pytest.mark.parametrize("category", Category.values)
def test_every_progress_category_has_colours_whose_text_passes_aa(category):
    background, text = CATEGORY_COLOURS[category]

    assert contrast_ratio(text, background) >= AA_TEXT


def test_category_colours_name_exactly_the_categories():
    assert set(CATEGORY_COLOURS) == set(Category.values)


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [(WHITE, BLACK, 21.0), (BLACK, WHITE, 21.0), ("#777777", "#777777", 1.0), ("#767676", WHITE, 4.54)],
)
def test_contrast_ratio_is_wcags(first, second, ratio):
    assert contrast_ratio(first, second) == pytest.approx(ratio, abs=0.01)


def test_with_contrast_darkens_a_light_colour_until_it_shows_on_white():
    darker = with_contrast(SDG_GOAL_COLOURS[7])

    assert contrast_ratio(darker, WHITE) >= AA_GRAPHICS
    assert contrast_ratio(SDG_GOAL_COLOURS[7], WHITE) < AA_GRAPHICS


def test_with_contrast_keeps_a_colour_that_already_shows_and_lightens_on_black():
    assert with_contrast("#19486A") == "#19486A"
    assert contrast_ratio(with_contrast("#19486A", background=BLACK, minimum=AA_TEXT), BLACK) >= AA_TEXT


@pytest.mark.parametrize("value", ["red", "#FFF", "#GGGGGG", "", None, "#1234567"])
def test_parse_hex_refuses_anything_but_rrggbb(value):
    with pytest.raises(ValueError, match="RRGGBB"):
        parse_hex(value)
