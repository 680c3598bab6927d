"""The colours of the SDGs and of the progress categories, with text that stays readable.

Pure: no Django, no database. Contrast is WCAG 2.1's (relative luminance, ratio from 1 to
21): normal text needs 4.5 (AA, 1.4.3), lines and marks in a chart 3 (1.4.11).
"""

from __future__ import annotations

import re

WHITE = "#FFFFFF"
BLACK = "#000000"
AA_TEXT = 4.5  # WCAG 1.4.3, normal-size text
AA_GRAPHICS = 3.0  # WCAG 1.4.11, parts of a chart needed to understand it

# The 17 goal colours of the UN's "Sustainable Development Goals: Guidelines for the use
# of the SDG logo including the colour wheel, and 17 icons" (UN Department of Global
# Communications), as used by the UN's SDG icons. (Open SDG's default theme carries a
# slightly older variant of a few, e.g. #E52B3D for goal 1; the portal follows the UN.)
SDG_GOAL_COLOURS: dict[int, str] = {
    1: "#E5243B",
    2: "#DDA63A",
    3: "#4C9F38",
    4: "#C5192D",
    5: "#FF3A21",
    6: "#26BDE2",
    7: "#FCC30B",
    8: "#A21942",
    9: "#FD6925",
    10: "#DD1367",
    11: "#FD9D24",
    12: "#BF8B2E",
    13: "#3F7E44",
    14: "#0A97D9",
    15: "#56C02B",
    16: "#00689D",
    17: "#19486A",
}

# The text on each goal's tile: of white and black, the one with the higher contrast on
# the goal colour (≥ 4.5 for every goal; the UN's own icons use white on all of them,
# which is below 4.5 on ten). tests/test_colours.py recomputes it.
SDG_GOAL_TEXT_COLOURS: dict[int, str] = {
    1: BLACK,
    2: BLACK,
    3: BLACK,
    4: WHITE,
    5: BLACK,
    6: BLACK,
    7: BLACK,
    8: WHITE,
    9: BLACK,
    10: WHITE,
    11: BLACK,
    12: BLACK,
    13: WHITE,
    14: BLACK,
    15: BLACK,
    16: WHITE,
    17: WHITE,
}

# Progress categories (indicators.progress.Category values): (background, text). Neither
# the method document nor Open SDG gives official colours: ESCAP's dashboard shows its
# groups in green (maintain progress), yellow (accelerate) and red (reverse trend), and
# Statistics Canada's gauges in Open SDG use green, yellow, orange and red. These hues
# follow that order, darker green for an achieved target and grey for no data, each
# with a text colour of contrast ≥ 4.5. Never the only signal: the label goes with it.
CATEGORY_COLOURS: dict[str, tuple[str, str]] = {
    "target_achieved": ("#1B5E20", WHITE),
    "on_track": ("#2E7D32", WHITE),
    "acceleration_needed": ("#FFC107", BLACK),
    "limited_progress": ("#EF6C00", BLACK),
    "regressing": ("#C62828", WHITE),
    "insufficient_data": ("#D9D9D9", BLACK),
}

_HEX = re.compile(r"#?([0-9a-fA-F]{6})")


def parse_hex(colour: str) -> tuple[int, int, int]:
    """(red, green, blue) of "#RRGGBB"; ValueError for anything else."""
    match = _HEX.fullmatch(colour.strip()) if isinstance(colour, str) else None
    if not match:
        raise ValueError(f"Not a #RRGGBB colour: {colour!r}")
    digits = match.group(1)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def to_hex(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(channel))):02X}" for channel in rgb)


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour, 0 (black) to 1 (white)."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in parse_hex(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two colours, 1 to 21, whichever is lighter."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_on(background: str) -> str:
    """White or black, whichever contrasts more with `background` (always ≥ 4.5)."""
    return WHITE if contrast_ratio(WHITE, background) >= contrast_ratio(BLACK, background) else BLACK


def with_contrast(colour: str, background: str = WHITE, minimum: float = AA_GRAPHICS) -> str:
    """`colour`, darkened (or lightened on a dark background) in small steps until its
    contrast with `background` reaches `minimum`: a goal's yellow becomes a readable ochre."""
    towards = BLACK if relative_luminance(background) > 0.5 else WHITE
    start, end = parse_hex(colour), parse_hex(towards)
    for step in range(21):
        share = step / 20
        candidate = to_hex(tuple(a + (b - a) * share for a, b in zip(start, end, strict=True)))
        if contrast_ratio(candidate, background) >= minimum:
            return candidate
    return towards
