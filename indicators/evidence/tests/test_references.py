"""Live data references: parsing the stored form, resolving it against the country's
current data, rendering it (value with year, chart, category, missing data), escaping,
query counts, and the `series_changed` signal of imports and target changes."""

import pytest
from django.utils.html import escape

from indicators.evidence.models import ProgressOverride, Series
from indicators.evidence.references import (
    DataReference,
    parse_references,
    referenced_indicators,
    render_references,
    resolve_references,
    valid_attribute,
)
from indicators.evidence.services.series import national_target_set, series_metadata_update
from indicators.evidence.signals import series_changed

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

MMR = (
    "Year,Series,Units,Value\n"
    "2015,Maternal mortality ratio,per 100000 live births,70\n"
    "2023,Maternal mortality ratio,per 100000 live births,55.5\n"
)
BIRTHS = "Year,Units,Value\n2015,%,90\n2020,%,95\n2023,%,97.4\n"
TWO_UNITS = "Year,Series,Units,Value\n2020,Rate,%,12\n2020,Rate,per 1000,120\n2021,Rate,%,13\n"


def ref(kind, code, series=None, unit=None, label="label"):
    attributes = f' data-series="{series}"' if series is not None else ""
    attributes += f' data-unit="{unit}"' if unit is not None else ""
    return f'<span data-vnr-data="{kind}" data-indicator="{code}"{attributes}>{label}</span>'


def rendered(html, country="AUR"):
    return render_references(html, resolve_references(country, parse_references(html)), id_prefix="t")


@pytest.fixture
def data(import_files):
    summary = import_files({"indicator_3-1-2.csv": BIRTHS, "indicator_3-1-1.csv": MMR}, country="AUR")
    assert not summary.errors
    return summary


def test_parse_references_in_document_order_and_ignores_broken_ones():
    html = (
        "<p>"
        + ref("chart", "3.1.1", "Maternal mortality ratio", "per 100000 live births")
        + ref("value", "3.1.2")
        + '<span data-vnr-data="value">no code</span>'
        + ref("script", "3.1.2")
        + ref("value", "javascript:alert(1)")
        + "</p>"
    )
    assert parse_references(html) == [
        DataReference("chart", "3.1.1", "Maternal mortality ratio", "per 100000 live births"),
        DataReference("value", "3.1.2"),
    ]
    assert referenced_indicators(html) == {"3.1.1", "3.1.2"}
    assert parse_references("<p>No data here.</p>") == []


@pytest.mark.parametrize(
    ("name", "value", "valid"),
    [
        ("data-vnr-data", "value", True),
        ("data-vnr-data", "chart", True),
        ("data-vnr-data", "category", True),
        ("data-vnr-data", "Value", False),
        ("data-vnr-data", "script", False),
        ("data-indicator", "3.1.1", True),
        ("data-indicator", "8.3.1.1", True),
        ("data-indicator", "1.3.1.a", True),
        ("data-indicator", "3.1", False),
        ("data-indicator", "3.1.1.1.1.1", False),
        ("data-indicator", "javascript:alert(1)", False),
        ("data-indicator", "3.1.1" + "1" * 30, False),
        ("data-series", "SH_STA_MMR", True),
        ("data-series", "A & B <c>", True),
        ("data-series", "x" * 201, False),
        ("data-series", "line\nbreak", False),
        ("data-unit", "%", True),
        ("data-unknown", "x", False),
    ],
)
def test_valid_attribute(name, value, valid):
    assert valid_attribute(name, value) is valid


def test_value_shows_the_latest_figure_with_its_year_and_unit(data):
    html = rendered("<p>Births attended: " + ref("value", "3.1.2", label="3.1.2 latest value") + ".</p>")
    assert "97.4 % (2023)" in html
    assert "3.1.2 latest value" not in html
    assert html.startswith("<p>Births attended: ") and html.endswith(".</p>")


def test_value_of_a_named_series(data):
    html = rendered(ref("value", "3.1.1", "Maternal mortality ratio", "per 100000 live births"))
    assert "55.5 per 100000 live births (2023)" in html


def test_series_key_picks_the_series_by_its_unit(import_files):
    import_files({"indicator_3-2-1.csv": TWO_UNITS}, country="AUR")
    assert "13 % (2021)" in rendered(ref("value", "3.2.1", "Rate", "%"))
    assert "120 per 1000 (2020)" in rendered(ref("value", "3.2.1", "Rate", "per 1000"))
    assert "no data for 3.2.1" in rendered(ref("value", "3.2.1", "Rate", "per day"))


def test_chart_is_the_servers_svg_with_its_text_alternative(data):
    html = rendered("<p>" + ref("chart", "3.1.2") + "</p>")
    assert '<span class="vnr-data vnr-data-chart"><svg' in html
    assert 'role="img"' in html and 'aria-describedby="t-chart-0-desc"' in html
    assert "<desc" in html and "Latest value: 97.4 in 2023." in html
    assert "viewBox=" in html  # written as the chart builder wrote it, case kept


def test_chart_marks_the_national_target(data):
    series = Series.objects.get(country="AUR", indicator_code="3.1.2")
    national_target_set(series=series, year=2030, value=99.5)
    html = rendered(ref("chart", "3.1.2"))
    assert 'class="chart-target"' in html and "99.5" in html


def test_category_badge_with_override_winning(data):
    Series.objects.filter(country="AUR", indicator_code="3.1.2").update(polarity="higher")
    html = rendered(ref("category", "3.1.2"))
    assert "Progress since 2015 (3.1.2):" in html
    # Computed (no national target: the direction only), then the statistician's override.
    assert '<strong class="category category-limited_progress">Limited progress</strong>' in html
    series = Series.objects.get(country="AUR", indicator_code="3.1.2")
    ProgressOverride.objects.create(
        series=series, baseline_year=2015, category="regressing", computed_category="on_track", reason="Survey error"
    )
    html = rendered(ref("category", "3.1.2"))
    assert '<strong class="category category-regressing">Regressing</strong>' in html
    html = rendered(ref("category", "3.1.1"))
    assert '<strong class="category category-none">Not assessed</strong>' in html


def test_missing_data_is_a_clear_marker(data):
    html = rendered("<p>" + ref("value", "9.9.9") + ref("chart", "3.1.1", "No such series") + "</p>")
    assert "[no data for 9.9.9]" in html and "[no data for 3.1.1]" in html
    assert "<svg" not in html
    # Another country has none of it.
    assert "[no data for 3.1.2]" in rendered(ref("value", "3.1.2"), country="GBR")


def test_every_text_printed_is_escaped(import_files):
    hostile = '<img src=x onerror=alert(1)>"&'
    csv = f'Year,Series,Units,Value\n2020,"{hostile.replace(chr(34), chr(34) * 2)}",<b>u</b>,5\n'
    summary = import_files({"indicator_3-3-1.csv": csv}, country="AUR")
    assert not summary.errors
    series = Series.objects.get(country="AUR", indicator_code="3.3.1")
    key = escape(series.code)
    html = rendered(
        f'<p>&lt;kept&gt; <span data-vnr-data="value" data-indicator="3.3.1" data-series="{key}" '
        'data-unit="&lt;b&gt;u&lt;/b&gt;">x</span>' + ref("chart", "3.3.1") + "</p>"
    )
    assert "5 &lt;b&gt;u&lt;/b&gt; (2020)" in html
    assert "<img" not in html and "<b>" not in html
    assert "&lt;b&gt;u&lt;/b&gt;" in html
    assert "&lt;kept&gt;" in html


def test_text_before_the_first_element_stays_escaped(data):
    html = rendered("a &lt;b&gt; " + ref("value", "3.1.2"))
    assert html.startswith("a &lt;b&gt; ")


@pytest.mark.parametrize("count", [1, 25])
def test_resolving_takes_a_fixed_number_of_queries(data, django_assert_num_queries, count):
    html = "".join(ref("value", "3.1.2") + ref("chart", "3.1.1") for _ in range(count))
    references = parse_references(html)
    with django_assert_num_queries(2):
        resolve_references("AUR", [reference for reference in references if reference.kind == "value"])
    with django_assert_num_queries(3):  # and the charts' targets
        resolved = resolve_references("AUR", references)
    with django_assert_num_queries(6):  # and the assessment's
        with_categories = resolve_references("AUR", [*references, DataReference("category", "3.1.2")])
    with django_assert_num_queries(0):
        render_references(html, resolved)
        render_references(html, with_categories)
    with django_assert_num_queries(0):
        resolve_references("AUR", [])


def test_a_reimport_changes_what_is_rendered(data, import_files):
    html = ref("value", "3.1.2")
    assert "97.4 % (2023)" in rendered(html)
    import_files({"indicator_3-1-2.csv": BIRTHS + "2024,%,98.1\n"}, country="AUR")
    assert "98.1 % (2024)" in rendered(html)


@pytest.fixture
def received():
    calls = []

    def receiver(sender, signal, **kwargs):
        calls.append(kwargs)

    series_changed.connect(receiver, dispatch_uid="test-received")
    yield calls
    series_changed.disconnect(dispatch_uid="test-received")


def test_import_sends_series_changed_after_commit_with_what_changed(
    data, import_files, received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_files({"indicator_3-1-2.csv": BIRTHS + "2024,%,98.1\n", "indicator_3-1-1.csv": MMR}, country="AUR")
    series = Series.objects.get(country="AUR", indicator_code="3.1.2")
    assert received == [{"country": "AUR", "indicator_codes": {"3.1.2"}, "series_ids": {series.pk}}]


def test_import_of_the_same_figures_sends_nothing(data, import_files, received, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_files({"indicator_3-1-2.csv": BIRTHS}, country="AUR")
    assert received == []


def test_target_change_sends_series_changed(data, received, django_capture_on_commit_callbacks):
    series = Series.objects.get(country="AUR", indicator_code="3.1.2")
    with django_capture_on_commit_callbacks(execute=True):
        national_target_set(series=series, year=2030, value=99)
        national_target_set(series=series, year=2030, value=99)  # the same: no change
    assert received == [{"country": "AUR", "indicator_codes": {"3.1.2"}, "series_ids": {series.pk}}]


def test_a_new_desired_direction_sends_series_changed_other_metadata_not(
    data, received, django_capture_on_commit_callbacks
):
    series = Series.objects.get(country="AUR", indicator_code="3.1.2")
    with django_capture_on_commit_callbacks(execute=True):
        series_metadata_update(series=series, contact="Statistics office")
    assert received == []
    with django_capture_on_commit_callbacks(execute=True):
        series_metadata_update(series=series, polarity="higher")
    assert received == [{"country": "AUR", "indicator_codes": {"3.1.2"}, "series_ids": {series.pk}}]
