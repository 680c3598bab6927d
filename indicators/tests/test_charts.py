"""Server-made SVG charts: valid XML, accessible, to scale, inert with hostile text, printable."""

import logging
import math

import pytest
from django.utils import translation
from lxml import etree

from indicators.charts import cached_line_chart, line_chart, line_chart_geometry
from indicators.colours import AA_GRAPHICS, AA_TEXT, SDG_GOAL_COLOURS, WHITE, contrast_ratio
from vnr_portal.common.caching import page_cache

pytestmark = [pytest.mark.unit]

SVG = "{http://www.w3.org/2000/svg}"
SERIES = [(2015, 60.0), (2017, 68.0), (2019, 75.0), (2021, 82.0), (2023, 88.0)]
HOSTILE = [
    "<script>alert(1)</script>",
    'Tom & Jerry\'s "<b>bold</b>"',
    "</title><script>alert(1)</script>",
    "<svg onload=alert(1)>",
    "]]><!ENTITY x SYSTEM 'file:///etc/passwd'>",
    "{{ 7*7 }} {% debug %}",
    "a\x00b\x0bc\ufffe",
    "\u202eevil\u202c العربية 中文",
]


def parse(svg: str) -> etree._Element:
    return etree.fromstring(svg.encode("utf-8"), parser=etree.XMLParser(resolve_entities=False, no_network=True))


def circles(root, group: str) -> list[etree._Element]:
    return root.findall(f".//{SVG}g[@class='{group}']/{SVG}circle")


def plot_area(root) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) from the two axis lines."""
    vertical, horizontal = root.findall(f".//{SVG}g[@class='chart-axes']/{SVG}line")[:2]
    return (
        float(vertical.get("x1")),
        float(vertical.get("y1")),
        float(horizontal.get("x2")),
        float(horizontal.get("y2")),
    )


def text_of(root) -> str:
    return " ".join(text.text or "" for text in root.iter(f"{SVG}text"))


# --- Structure and accessibility -------------------------------------------------------------


def test_line_chart_is_an_svg_image_named_by_its_title_and_described_by_its_desc():
    root = parse(line_chart(SERIES, title="Access to electricity", unit="%", first_vnr_year=2019, target_value=100))

    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.tag == f"{SVG}svg"
    assert (root.get("role"), root.get("viewBox")) == ("img", "0 0 640 360")
    assert (root.get("aria-labelledby"), root.get("aria-describedby")) == (title.get("id"), desc.get("id"))
    assert title.text == "Access to electricity"
    assert desc.text.endswith("Latest value: 88 in 2023. Target: 100 by 2030.")


def test_the_description_says_what_the_chart_shows():
    chart = line_chart_geometry(SERIES, title="Access", unit="%", baseline_value=60.0, first_vnr_year=2019)

    assert chart.description == (
        "Line chart of Access, in %: 5 values from 2015 to 2023. The lowest is 60, the highest 88. "
        "Baseline 2015: 60. The first VNR was in 2019. Latest value: 88 in 2023."
    )


def test_the_chart_labels_the_baseline_the_first_vnr_the_latest_value_and_the_target():
    root = parse(
        line_chart(
            SERIES, title="Access", unit="% of population", baseline_value=60.0, first_vnr_year=2019, target_value=95
        )
    )

    labels = text_of(root)
    for label in ("% of population", "Baseline 2015: 60", "First VNR 2019", "Latest 2023: 88", "Target 2030: 95"):
        assert label in labels
    assert len(root.findall(f".//{SVG}g[@class='chart-marker']")) == 2
    assert root.find(f".//{SVG}g[@class='chart-target']/{SVG}polygon") is not None


def test_the_chart_is_self_contained_and_inert():
    root = parse(line_chart(SERIES, title="Access", unit="%", first_vnr_year=2019, target_value=100))

    tags = {element.tag for element in root.iter() if isinstance(element.tag, str)}
    assert tags <= {f"{SVG}{name}" for name in ("svg", "title", "desc", "rect", "text", "g", "line", "path")} | {
        f"{SVG}circle",
        f"{SVG}polygon",
    }
    attributes = [(name, value) for element in root.iter() for name, value in element.attrib.items()]
    assert [name for name, _value in attributes if name.lower().startswith("on") or name in ("style", "href")] == []
    assert [value for _name, value in attributes if "url(" in value or "http" in value or "javascript" in value] == []
    assert (root.get("width"), root.get("height")) == (None, None)


def test_the_same_chart_renders_to_the_same_bytes_and_an_id_can_be_given():
    first, second = line_chart(SERIES, title="Access"), line_chart(SERIES, title="Access")
    named = parse(line_chart(SERIES, title="Access", chart_id="goal-7-chart"))

    assert first == second
    assert named.find(f"{SVG}title").get("id") == "goal-7-chart-title"
    with pytest.raises(ValueError, match="id"):
        line_chart(SERIES, title="Access", chart_id='x" onload="alert(1)')


def test_a_light_goal_colour_is_darkened_and_every_text_passes_aa():
    root = parse(line_chart(SERIES, title="Energy", colour=SDG_GOAL_COLOURS[7], target_value=100))

    line = root.find(f".//{SVG}path").get("stroke")
    assert contrast_ratio(line, WHITE) >= AA_GRAPHICS
    assert root.find(f"{SVG}rect").get("fill") == WHITE
    assert all(contrast_ratio(text.get("fill"), WHITE) >= AA_TEXT for text in root.iter(f"{SVG}text"))


# --- Scale ------------------------------------------------------------------------------------


def test_the_highest_value_sits_on_the_top_of_the_plot_area_and_the_lowest_on_the_bottom():
    root = parse(line_chart(SERIES, title="Access", baseline_year=None))

    left, top, right, bottom = plot_area(root)
    points = circles(root, "chart-series")
    assert [float(point.get("cy")) for point in (points[-1], points[0])] == [top, bottom]
    assert [float(point.get("cx")) for point in (points[0], points[-1])] == [left, right]


def test_values_are_placed_in_proportion():
    root = parse(line_chart([(2010, 0.0), (2015, 25.0), (2020, 100.0)], title="x", baseline_year=None))

    _left, top, _right, bottom = plot_area(root)
    middle = circles(root, "chart-series")[1]
    assert float(middle.get("cy")) == pytest.approx(bottom - (bottom - top) / 4, abs=0.01)


def test_the_target_and_marker_years_widen_the_axes():
    root = parse(line_chart([(2017, 10.0), (2019, 12.0)], title="x", target_value=30, target_year=2030))

    left, top, right, _bottom = plot_area(root)
    target = root.find(f".//{SVG}g[@class='chart-target']/{SVG}line")
    assert (float(target.get("x2")), float(target.get("y1"))) == (right, top)
    baseline = root.find(f".//{SVG}g[@class='chart-marker']/{SVG}line")
    assert float(baseline.get("x1")) == left


def test_one_point_is_drawn_without_a_line():
    root = parse(line_chart([(2019, 45.0)], title="Only one", baseline_year=None))

    left, top, right, bottom = plot_area(root)
    point = circles(root, "chart-series")[0]
    assert root.findall(f".//{SVG}path") == []
    assert (float(point.get("cx")), float(point.get("cy"))) == ((left + right) / 2, (top + bottom) / 2)
    assert "Latest 2019: 45" in text_of(root)
    assert root.find(f"{SVG}desc").text == "Chart of Only one: one value, for 2019. Latest value: 45 in 2019."


@pytest.mark.parametrize("gap", [None, math.nan, math.inf, "n/a"], ids=["none", "nan", "inf", "text"])
def test_a_gap_breaks_the_line(gap):
    root = parse(line_chart([(2015, 1.0), (2016, 2.0), (2017, gap), (2018, 3.0), (2019, 4.0)], title="x"))

    assert len(root.findall(f".//{SVG}path")) == 2
    assert len(circles(root, "chart-series")) == 4


def test_negative_values_get_a_zero_line_and_negative_labels():
    root = parse(line_chart([(2015, -40.0), (2018, -5.0), (2021, 20.0)], title="Balance", baseline_year=None))

    _left, top, _right, bottom = plot_area(root)
    zero = root.find(f".//{SVG}line[@class='chart-zero']")
    assert float(zero.get("y1")) == pytest.approx(bottom - (bottom - top) * 40 / 60, abs=0.01)
    assert "-40" in text_of(root)
    assert [float(point.get("cy")) for point in circles(root, "chart-series")][::2] == [bottom, top]


def test_equal_values_sit_in_the_middle():
    root = parse(line_chart([(2015, 7.0), (2018, 7.0), (2021, 7.0)], title="Flat"))

    _left, top, _right, bottom = plot_area(root)
    assert {float(point.get("cy")) for point in circles(root, "chart-series")} == {(top + bottom) / 2}


@pytest.mark.parametrize(
    ("values", "label"),
    [((1e12, 3e12), "3,000,000,000,000"), ((2e200, 8e200), "8e+200"), ((1.5e-5, 2.5e-5), "0.000025")],
    ids=["trillions", "astronomic", "tiny"],
)
def test_huge_and_tiny_values_are_labelled_and_drawn(values, label):
    svg = line_chart([(2015, values[0]), (2020, values[1])], title="x")
    root = parse(svg)

    assert label in text_of(root)
    assert "nan" not in svg.lower() and "inf" not in svg.lower()
    _left, top, _right, _bottom = plot_area(root)
    assert float(circles(root, "chart-series")[-1].get("cy")) == top


def test_values_beyond_any_statistic_are_gaps_not_errors():
    root = parse(line_chart([(2015, 1.0), (2016, 1e308), (2017, 2.0)], title="x"))

    assert len(circles(root, "chart-series")) == 2


def test_no_data_says_so():
    root = parse(line_chart([(2015, None)], title="Nothing yet"))

    assert "No data to show" in text_of(root)
    assert root.find(f"{SVG}desc").text == "Nothing yet: no data to show."


@pytest.mark.parametrize(
    ("series", "options"),
    [
        ([(2015.5, 1.0)], {}),
        ([("2015", 1.0)], {}),
        ([(math.inf, 1.0)], {}),
        ([(2015, 1.0), (2015, 2.0)], {}),
        ([(2015, 1.0)], {"first_vnr_year": "2019"}),
        ([(2015, 1.0)], {"target_value": 5, "target_year": 2030.5}),
    ],
)
def test_malformed_years_are_refused(series, options):
    with pytest.raises(ValueError, match="year"):
        line_chart(series, title="x", **options)


def test_years_far_apart_get_few_ticks():
    root = parse(line_chart([(1, 1.0), (9999, 2.0)], title="x", baseline_year=None))

    years = [text.text for text in root.findall(f".//{SVG}g[@class='chart-grid']/{SVG}text") if len(text.text) >= 4]
    assert years == ["2000", "4000", "6000", "8000"]


@pytest.mark.parametrize(
    "series",
    [SERIES, [(2015, 10.0), (2020, 35.0), (2030, 20.0)], [(2029, 1e12), (2030, 3e12)], [(2015, 5.0), (2016, 1e-7)]],
    ids=["usual", "up_then_down_to_2030", "huge_at_the_end", "tiny"],
)
def test_labels_stay_inside_the_chart(series):
    chart = line_chart_geometry(series, title="x", first_vnr_year=2019, target_value=30, baseline_value=12.0)
    width = 0.6 * 13 * 1.1  # the widest glyph the layout assumes (bold)

    labels = [(chart.latest_label_x, chart.latest_label_anchor, chart.latest_label)]
    labels += [(marker.label_x, marker.label_anchor, marker.label) for marker in chart.markers]
    labels += [(chart.target.label_x, "end", chart.target.label)]
    for x, anchor, text in labels:
        start = float(x) - (len(text) * width if anchor == "end" else 0)
        assert 0 <= start and start + len(text) * width <= chart.width, text


def test_numbers_follow_the_language_but_coordinates_do_not():
    with translation.override("fr"):
        root = parse(line_chart([(2015, 0.5), (2020, 1.5)], title="x", baseline_year=None))

    assert "1,5" in text_of(root)
    assert float(circles(root, "chart-series")[0].get("cx")) > 0


# --- Hostile text ------------------------------------------------------------------------------


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_titles_and_units_stay_text(hostile):
    svg = line_chart(SERIES, title=hostile, unit=hostile, first_vnr_year=2019, target_value=100)
    root = parse(svg)

    expected = "".join(ch for ch in hostile if ch not in "\x00\x0b\ufffe")
    assert root.find(f"{SVG}title").text == expected
    assert expected in root.find(f"{SVG}desc").text
    assert expected[:59] in text_of(root)
    assert {element.tag for element in root.iter() if isinstance(element.tag, str)}.isdisjoint(
        {f"{SVG}script", f"{SVG}foreignObject", f"{SVG}image", "script"}
    )
    assert "<script" not in svg


def test_a_very_long_unit_is_cut_on_the_chart_but_whole_in_the_description():
    unit = "x" * 100_000

    root = parse(line_chart(SERIES, title="t", unit=unit))

    assert max(len(text.text or "") for text in root.iter(f"{SVG}text")) == 60
    assert unit in root.find(f"{SVG}desc").text


# --- Print ---------------------------------------------------------------------------------------


def test_weasyprint_lays_the_chart_out_on_a_page_without_fetching_anything(caplog):
    import weasyprint

    fetched = []

    def refuse(url, *args, **kwargs):
        fetched.append(url)
        raise ValueError(f"nothing may be fetched: {url}")

    svg = line_chart(SERIES, title="<script>& co", unit="%", first_vnr_year=2019, target_value=100)
    html = f'<!doctype html><html lang="en"><body><h1>Chart</h1><figure>{svg}</figure></body></html>'

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        document = weasyprint.HTML(string=html, url_fetcher=refuse).render()
        pdf = document.write_pdf()

    assert len(document.pages) == 1
    assert pdf.startswith(b"%PDF")
    assert fetched == []
    assert [record.getMessage() for record in caplog.records if "svg" in record.getMessage().lower()] == []


def test_a_cached_chart_is_the_chart_drawn_from_the_same_points_options_and_language():
    page_cache.clear()
    points = [(2015, 1234.5), (2016, 1300.25)]
    first = cached_line_chart(points, title="Rate", unit="%")
    assert first == line_chart(points, title="Rate", unit="%")
    assert cached_line_chart(points, title="Rate", unit="%") == first
    assert cached_line_chart([*points, (2017, 1400.0)], title="Rate", unit="%") != first
    assert cached_line_chart(points, title="Rate", unit="%", target_value=2000) != first
    with translation.override("fr"):
        assert cached_line_chart(points, title="Rate", unit="%") == line_chart(points, title="Rate", unit="%") != first
