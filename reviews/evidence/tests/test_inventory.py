"""The inventory of a review's data: what has data, from which sources, since when, broken
down how; availability at the first VNR and now; gained data; the gap list; the page, its
filter, its exports, its permission and its fixed number of queries."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.utils.html import escape
from openpyxl import load_workbook

from indicators.models import Indicator
from indicators.services import framework_load
from reviews.evidence.inventory import inventory
from reviews.evidence.tests.evidence_data import describe, import_rows, many_observations, record_first_vnr
from vnr_portal.common.caching import page_cache

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

HOSTILE = json.loads(Path("/work/shared/data/security/hostile-inputs.json").read_text(encoding="utf-8"))
URL = "/reviews/{pk}/data/inventory/"
EXPORT = "/reviews/{pk}/data/inventory/export/"


@pytest.fixture
def framework(db):
    return framework_load()


@pytest.fixture
def data(framework, review, first_review):
    """At the first VNR: 1.1.1 (2016, 2018), 1.3.1 (2017), 2.1.1 (2012, 2014). Then later:
    1.1.1 gets 2021, 1.2.1 appears with a breakdown by sex, 2.1.1 gets 2021, the national
    proxy 8.3.1.1 appears; 1.3.1 stays at one year."""
    import_rows([("1.1.1", 2016, 20), ("1.1.1", 2018, 18), ("1.3.1", 2017, 40), ("2.1.1", 2012, 9), ("2.1.1", 2014, 8)])
    describe("1.1.1", source_organisation="National Statistics Office", source_type="official", source_kind="survey")
    record_first_vnr(first_review)
    import_rows(
        [
            ("1.1.1", 2016, 20),
            ("1.1.1", 2018, 18),
            ("1.1.1", 2021, 15),
            ("1.2.1", 2016, 30, "", "", ""),
            ("1.2.1", 2016, 31, "", "", "Female"),
            ("1.2.1", 2020, 27, "", "", ""),
            ("1.2.1", 2022, 25, "", "", ""),
            ("2.1.1", 2012, 9),
            ("2.1.1", 2014, 8),
            ("2.1.1", 2021, 7),
            ("8.3.1.1", 2015, 60),
            ("8.3.1.1", 2019, 58),
        ],
        name="later.csv",
    )
    describe(
        "1.2.1",
        source_organisation="Women's Rights Observatory",
        source_type="alternative",
        source_kind="citizen_generated",
    )
    return review


def _entry(found, code):
    return next(entry for entry in found.indicators if entry.code == code)


def test_inventory_lists_every_framework_indicator_and_the_national_ones(data):
    found = inventory(data)

    codes = [entry.code for entry in found.indicators]
    assert len(codes) == 251 + 1
    assert codes.index("8.3.1") < codes.index("8.3.1.1") < codes.index("8.4.1")
    proxy = _entry(found, "8.3.1.1")
    assert (proxy.is_national, proxy.national_kind, proxy.stands_for) == (True, "proxy", "8.3.1")
    assert [entry.code for entry in found.with_data] == ["1.1.1", "1.2.1", "1.3.1", "2.1.1", "8.3.1.1"]


def test_inventory_gives_series_sources_years_and_breakdowns(data):
    found = inventory(data)

    poverty = _entry(found, "1.1.1")
    assert (poverty.first_year, poverty.latest_year, poverty.points_since_2015) == (2016, 2021, 3)
    series = poverty.series[0].series
    assert (series.source_organisation, series.source_type, series.source_kind) == (
        "National Statistics Office",
        "official",
        "survey",
    )
    assert _entry(found, "1.2.1").dimensions == ["Sex"]
    assert _entry(found, "1.1.1").dimensions == []
    assert _entry(found, "1.2.1").series[0].series.get_source_type_display() == "Alternative source"


def test_inventory_compares_the_first_vnr_with_now(data):
    found = inventory(data)

    assert found.first_vnr_year == 2019
    assert found.first_vnr_snapshot_label == "First VNR, 2019"
    then_now = {
        code: (_entry(found, code).had_data_then, _entry(found, code).points_then, _entry(found, code).has_data)
        for code in ["1.1.1", "1.2.1", "1.3.1", "2.1.1", "8.3.1.1", "1.4.1"]
    }
    assert then_now == {
        "1.1.1": (True, 2, True),
        "1.2.1": (False, 0, True),
        "1.3.1": (True, 1, True),
        "2.1.1": (True, 0, True),
        "8.3.1.1": (False, 0, True),
        "1.4.1": (False, 0, False),
    }
    # Gained: fewer than two years since 2015 then, at least two now.
    assert [entry.code for entry in found.gained] == ["1.2.1", "8.3.1.1"]


def test_inventory_lists_the_gaps_per_goal(data):
    found = inventory(data)

    gap_codes = {entry.code for entry in found.gaps}
    assert {"1.3.1", "2.1.1", "1.4.1"} <= gap_codes  # one year, none since 2015, no data
    assert not {"1.1.1", "1.2.1", "8.3.1.1"} & gap_codes
    groups = found.gaps_by_goal
    assert [group.goal_number for group in groups] == list(range(1, 18))
    assert all(entry.goal_number == group.goal_number for group in groups for entry in group.indicators)


def test_inventory_without_a_recorded_first_vnr_uses_the_data_up_to_its_year(data, first_review):
    first_review.data_snapshot = None
    first_review.save(update_fields=["data_snapshot"])

    found = inventory(data)

    assert found.first_vnr_snapshot_label is None
    # 8.3.1.1 has 2015 and 2019 today: two years up to 2019, so nothing gained there.
    assert (_entry(found, "8.3.1.1").points_then, _entry(found, "1.2.1").points_then) == (2, 1)
    assert [entry.code for entry in found.gained] == ["1.2.1"]


def test_inventory_of_a_review_without_first_vnr_has_no_comparison(framework, other_review):
    import_rows([("1.1.1", 2016, 20), ("1.1.1", 2018, 18)], country="BOR")

    found = inventory(other_review)

    assert found.has_first_vnr is False
    assert found.gained == []
    assert [entry.code for entry in found.with_data] == ["1.1.1"]


def test_inventory_filters_by_goal(data):
    found = inventory(data, goal=8)

    assert {entry.goal_number for entry in found.indicators} == {8}
    assert [entry.code for entry in found.with_data] == ["8.3.1.1"]


# --- The page -------------------------------------------------------------------------------


def test_inventory_page_shows_gained_data_gaps_and_sources(client, data, editor):
    client.force_login(editor)

    response = client.get(URL.format(pk=data.pk))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="gained-list"' in page
    assert "Women&#x27;s Rights Observatory" in page and "Citizen-generated data" in page
    assert 'id="gaps-goal-1"' in page
    assert "First VNR, 2019" in page


def test_inventory_rows_escape_every_text_of_the_data(client, data, editor):
    """The rows are built in Python: a source, unit or series name is escaped as the
    template would, never run."""
    hostile = HOSTILE["xss_html"][0]
    describe("1.1.1", source_organisation=hostile, unit=hostile, code=hostile)
    client.force_login(editor)

    page = client.get(URL.format(pk=data.pk)).content.decode()

    assert hostile not in page
    assert escape(hostile) in page


def test_inventory_page_shows_a_changed_title_at_once_and_in_the_reader_s_language(client, data, editor):
    """Titles are parsed once per process, keyed by their own text: a changed title shows
    on the next page, and each language reads its own."""
    client.force_login(editor)
    client.get(URL.format(pk=data.pk))
    Indicator.objects.filter(code="1.1.1").update(title={"en": "A renamed indicator", "fr": "Un indicateur renommé"})

    page = client.get(URL.format(pk=data.pk)).content.decode()
    editor.profile.language = "fr"
    editor.profile.save()
    french = client.get(URL.format(pk=data.pk)).content.decode()

    row = page.split('id="indicator-1.1.1"')[1].split("</tr>")[0]
    assert "A renamed indicator" in row
    assert "Un indicateur renommé" in french.split('id="indicator-1.1.1"')[1].split("</tr>")[0]


def test_inventory_table_scrolls_in_a_box_keyboard_users_can_reach(client, data, statistician):
    """On a phone the table scrolls inside its box, which takes the focus so that the arrow
    keys scroll it (axe: scrollable-region-focusable)."""
    client.force_login(statistician)

    page = client.get(URL.format(pk=data.pk)).content.decode()

    assert 'role="region" aria-labelledby="inventory-heading" tabindex="0"' in page


def test_inventory_page_filters_by_goal_without_javascript(client, data, statistician):
    client.force_login(statistician)

    page = client.get(URL.format(pk=data.pk), {"goal": "8"}).content.decode()

    assert 'id="indicator-8.3.1.1"' in page
    assert 'id="indicator-1.1.1"' not in page
    assert '<option value="8" selected>' in page


@pytest.mark.parametrize("goal", ["abc", "99", "0", "1.5", "<script>"])
def test_inventory_page_refuses_a_bad_goal_with_a_400_not_a_500(client, data, editor, goal):
    client.force_login(editor)

    response = client.get(URL.format(pk=data.pk), {"goal": goal})

    assert response.status_code == 400
    assert 'id="goal-error"' in response.content.decode()
    assert client.get(EXPORT.format(pk=data.pk), {"goal": goal}).status_code == 400


def test_inventory_page_needs_membership(client, data, outsider, other_member):
    for user in (outsider, other_member):
        client.force_login(user)
        assert client.get(URL.format(pk=data.pk)).status_code in (403, 404)
        assert client.get(EXPORT.format(pk=data.pk)).status_code in (403, 404)


def test_inventory_page_of_a_missing_review_is_404(client, data, superuser):
    client.force_login(superuser)

    assert client.get(URL.format(pk=999999)).status_code == 404


@pytest.mark.parametrize("count", [10, 10_000])
def test_inventory_page_query_count_is_fixed(
    client, framework, review, first_review, editor, django_assert_num_queries, count
):
    many_observations(count)
    record_first_vnr(first_review)
    client.force_login(editor)
    client.get(URL.format(pk=review.pk))  # warm the session

    page_cache.clear()
    # Session, user, review with its first VNR, membership (rules); the digest's 3
    # (inventory_version); then the inventory: the snapshot, series, the snapshot's
    # versions, 3 of figures, indicators, national ones.
    with django_assert_num_queries(15):
        response = client.get(URL.format(pk=review.pk))
    assert response.status_code == 200
    # Cached: no snapshot, no inventory.
    with django_assert_num_queries(7):
        assert client.get(URL.format(pk=review.pk)).status_code == 200


# --- Exports --------------------------------------------------------------------------------


def test_inventory_csv_export_is_formula_safe(client, data, editor):
    formula = HOSTILE["csv_formula"][0]
    describe("1.1.1", code=formula, unit="+1+1", source_organisation="@SUM(1+1)")
    client.force_login(editor)

    response = client.get(EXPORT.format(pk=data.pk), {"format": "csv", "goal": "1"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="data-inventory-aur-2027-goal-1.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["indicator", "national_kind", "goal", "has_data"]
    poverty = next(row for row in rows if row[0] == "1.1.1")
    assert poverty[4:7] == ["'" + formula, "'+1+1", "'@SUM(1+1)"]
    assert poverty[-3:] == ["yes", "2", "no"]
    gained = next(row for row in rows if row[0] == "1.2.1")
    assert gained[-1] == "yes" and gained[-1 - 2] == "no"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in row)


def test_inventory_xlsx_export_has_the_same_rows(client, data, editor):
    client.force_login(editor)

    response = client.get(EXPORT.format(pk=data.pk), {"format": "xlsx"})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "indicator"
    assert len(rows) == 1 + 252  # one row per series; every indicator here has at most one
    assert next(row for row in rows if row[0] == "1.2.1")[12] == "Sex"


@pytest.mark.parametrize("query", [{"format": "pdf"}, {"format": "<x>"}, {"goal": "1", "format": ""}])
def test_inventory_export_of_an_unknown_format_is_a_400_or_the_csv(client, data, editor, query):
    client.force_login(editor)

    response = client.get(EXPORT.format(pk=data.pk), query)

    expected = (200, "text/csv; charset=utf-8") if query.get("format") == "" else (400, None)
    assert response.status_code == expected[0]
    if expected[1]:
        assert response["Content-Type"] == expected[1]


@pytest.mark.parametrize("count", [10, 10_000])
def test_inventory_export_query_count_is_fixed(
    client, framework, review, first_review, editor, django_assert_num_queries, count
):
    many_observations(count)
    record_first_vnr(first_review)
    client.force_login(editor)
    client.get(EXPORT.format(pk=review.pk))  # warm the session

    with django_assert_num_queries(12):
        response = client.get(EXPORT.format(pk=review.pk), {"format": "xlsx"})

    assert response.status_code == 200
