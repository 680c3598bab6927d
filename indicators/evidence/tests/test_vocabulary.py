import re

import pytest

from indicators.evidence import vocabulary as v

pytestmark = [pytest.mark.unit]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015", ("2015", 2015)),
        ("2000/01", ("2000/01", 2000)),
        ("2013 Q1", ("2013 Q1", 2013)),
        ("2015-Q3", ("2015-Q3", 2015)),
        ("2021.0", ("2021", 2021)),
        ("1974a", ("1974a", 1974)),
        ("2002/03-2007/08", ("2002/03-2007/08", 2002)),
        ("17 May to 11 June 2023", ("17 May to 11 June 2023", 2023)),
        ("  2019  ", ("2019", 2019)),
    ],
    ids=lambda value: str(value),
)
def test_parse_period_keeps_the_period_and_takes_its_first_year(text, expected):
    assert v.parse_period(text) == expected


@pytest.mark.parametrize("text", ["3015", "1850", "abc", "", "Q1", "There is no data for this indicator yet"])
def test_parse_period_refuses_a_period_without_a_year_in_range(text):
    with pytest.raises(v.Refusal):
        v.parse_period(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12.5", 12.5),
        (" 12.5 ", 12.5),
        ("1 234.5", 1234.5),
        ("1\u00a0234", 1234.0),
        ("1e-05", 1e-05),
        ("-3", -3.0),
        ("1289.8530000000003", 1289.8530000000003),
        (".5", 0.5),
    ],
)
def test_parse_value_reads_numbers_with_spaces_and_exponents(text, expected):
    assert v.parse_value(text) == expected


@pytest.mark.parametrize("text", ["=1+2", "=SUM(A1:A3)", "n/a", "1,5", "nan", "inf", "1e999", "12%", "--1"])
def test_parse_value_refuses_what_is_not_a_finite_number(text):
    with pytest.raises(v.Refusal):
        v.parse_value(text)


@pytest.mark.parametrize("value", [1e-05, 1289.8530000000003, 2.0, -0.1, 123456789012345.6, 1e20])
def test_format_value_reads_back_as_the_same_float(value):
    assert float(v.format_value(value)) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.2.1", "1.2.1"),
        ("1-2-1", "1.2.1"),
        ("indicator_1-a-2", "1.a.2"),
        ("8.3.1.1", "8.3.1.1"),
        ("1.3.1.a", "1.3.1.a"),
        ("17.18.3", "17.18.3"),
        ("1.2", None),
        ("abc", None),
        ("1.2.1.", None),
        ("0.1.1", None),
        ("1.A.1", None),
    ],
)
def test_indicator_code_accepts_global_and_national_codes_only(text, expected):
    assert v.indicator_code(text) == expected


def test_indicator_code_from_file_name_reads_open_sdg_and_sdmx_names():
    assert v.indicator_code_from_file_name("data/indicator_1-a-2.csv") == "1.a.2"
    assert v.indicator_code_from_file_name("indicator_8-3-1-1.csv") == "8.3.1.1"
    assert v.indicator_code_from_file_name("3-1-1.xml") == "3.1.1"
    assert v.indicator_code_from_file_name("data.csv") is None


def test_indicator_sort_key_orders_codes_naturally():
    codes = ["1.a.1", "1.10.1", "2.1.1", "1.2.1", "8.3.1.1", "8.3.1"]
    assert sorted(codes, key=v.indicator_sort_key) == ["1.2.1", "1.10.1", "1.a.1", "2.1.1", "8.3.1", "8.3.1.1"]


def test_sdmx_codes_maps_known_dimensions_and_leaves_the_rest():
    assert v.sdmx_codes({"Sex": "Female", "Age": "15 to 24", "Urban or rural": "Rural", "Region": "North East"}) == {
        "SEX": "F",
        "AGE": "Y15T24",
        "URBANISATION": "R",
    }
    assert v.sdmx_codes({"SEX": "Total", "Age": "65+", "Income quintile": "Quintile 1"}) == {
        "SEX": "_T",
        "AGE": "Y_GE65",
        "INCOME_WEALTH_QUANTILE": "Q1",
    }
    assert v.sdmx_codes({"Sex": "Unknown words"}) == {}


@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("Normal value", "A"),
        ("Normal Value", "A"),
        ("Estimated value", "E"),
        ("Provisional", "P"),
        ("Missing value; suppressed", "Q"),
        ("E", "E"),
        ("Undefined", ""),
    ],
)
def test_status_code_maps_observation_status_labels(status, code):
    assert v.status_code(status) == code


@pytest.mark.parametrize(
    "name", ["SEX", "Sex", "Urban or rural", "a_x0041_b", "1st", "Ünits 😀", "Type of partner abuse"]
)
def test_name_to_sdmx_id_is_a_valid_id_that_reads_back(name):
    identifier = v.name_to_sdmx_id(name)
    # An SDMX id ([A-Za-z0-9_@$-]+) that is also an XML name (structure-specific messages).
    assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", identifier)
    assert v.sdmx_id_to_name(identifier) == name


def test_role_of_treats_units_and_unit_measure_as_one_role():
    assert {v.role_of(name) for name in ["Units", "UNIT_MEASURE", "Unit measure"]} == {v.UNIT}
    assert v.role_of("GeoCode") == v.ATTRIBUTE
    assert v.role_of("Sex") == v.DISAGGREGATION
    assert v.role_of("OBS_STATUS") == v.STATUS
