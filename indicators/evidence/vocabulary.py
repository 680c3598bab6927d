"""What the words and numbers of published indicator files mean: pure functions, no database.

Open SDG CSV columns and SDMX component ids are sorted into roles here (the period, the
value, the series, the unit, an observation attribute, or a disaggregation), values and
periods are parsed, and the disaggregation values that have a known SDMX code are mapped
to it (Female -> F). Everything here is shared by the importers and the exporters, so a
file written by an exporter reads back the same.
"""

from __future__ import annotations

import math
import re
import unicodedata

# --- Indicator codes ----------------------------------------------------------------------

# 1.2.1, 17.18.3, 1.a.2 (the global shape) and national extensions of it: 8.3.1.1, 1.3.1.a.
_PART = r"(?:[1-9][0-9]?|[a-z])"
INDICATOR_CODE = re.compile(rf"[1-9][0-9]?\.{_PART}\.[1-9][0-9]?(?:\.{_PART}){{0,2}}")
GLOBAL_SHAPE = re.compile(rf"[1-9][0-9]?\.{_PART}\.[1-9][0-9]?")
# indicator_1-2-1.csv, indicator_8-3-1-1.xml, 1-a-2.xml (what Open SDG writes for SDMX).
FILE_NAME_CODE = re.compile(rf"(?:indicator_)?([1-9][0-9]?-{_PART}-[1-9][0-9]?(?:-{_PART}){{0,2}})", re.IGNORECASE)
ISO3 = re.compile(r"[A-Z]{3}")


def indicator_code(text: str) -> str | None:
    """The indicator code written in `text` ("1.2.1", "1-2-1", "indicator_1-2-1"), or None
    when it is not one."""
    text = (text or "").strip()
    if text.lower().startswith("indicator_"):
        text = text[len("indicator_") :]
    if "-" in text and "." not in text:
        text = text.replace("-", ".")
    return text if INDICATOR_CODE.fullmatch(text) else None


def indicator_code_from_file_name(name: str) -> str | None:
    """The code in a file name such as indicator_1-a-2.csv or 8-3-1-1.xml, else None."""
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name.replace("\\", "/").rsplit("/", 1)[-1])
    match = FILE_NAME_CODE.fullmatch(stem)
    return match.group(1).lower().replace("-", ".") if match else None


def indicator_sort_key(code: str) -> str:
    """A text that sorts codes naturally: 1.2.1 < 1.10.1 < 1.a.1 < 2.1.1; 8.3.1 < 8.3.1.1."""
    return ".".join(f"{int(part):02d}" if part.isdigit() else f"z{part}" for part in code.split("."))


# --- Columns and their roles --------------------------------------------------------------

YEAR, VALUE, INDICATOR, SERIES, UNIT, UNIT_MULTIPLIER, STATUS, FOOTNOTE = (
    "year",
    "value",
    "indicator",
    "series",
    "unit",
    "unit_multiplier",
    "status",
    "footnote",
)
ATTRIBUTE, DISAGGREGATION = "attribute", "disaggregation"

# Normalised column name (see `normalise_name`) -> role. Several names can play one role
# (`Units` and `UNIT_MEASURE`); the first in ROLE_PRIORITY that has a value wins.
_ROLE_NAMES = {
    YEAR: ["year", "time period", "period"],
    VALUE: ["value", "obs value"],
    INDICATOR: ["indicator", "indicator code", "sdg indicator"],
    SERIES: ["series", "series code"],
    UNIT: ["units", "unit measure", "unit of measure", "unit"],
    UNIT_MULTIPLIER: ["unit multiplier", "unit mult"],
    STATUS: ["observation status", "obs status"],
    FOOTNOTE: ["comment obs", "footnote", "footnotes", "note", "notes", "comment", "comments"],
}
ROLE_OF_NAME = {name: role for role, names in _ROLE_NAMES.items() for name in names}
ROLE_PRIORITY = {name: index for names in _ROLE_NAMES.values() for index, name in enumerate(names)}

# Attributes of observations or series, never disaggregations: the SDG data structure's
# attribute ids and the labels Open SDG uses for some of them.
ATTRIBUTE_NAMES = {
    "geocode",
    "geo code",
    "freq",
    "frequency",
    "reporting type",
    "nature",
    "time detail",
    "source detail",
    "base per",
    "upper bound",
    "lower bound",
    "comment ts",
    "comment dset",
    "data last update",
    "geo info url",
    "geo info type",
    "cust breakdown lb",
    "decimals",
    "time format",
    "obs conf",
    "obs pre break",
    "title",
}
REF_AREA = "ref area"

# Codes that mean "not disaggregated by this": an empty cell in Open SDG, _T (total) or
# _Z (not applicable) in SDMX.
TOTAL_CODES = {"", "_T", "_Z"}


def normalise_name(name: str) -> str:
    """`Unit_Measure`, `UNIT MEASURE` and ` unit  measure ` are one name: "unit measure"."""
    return re.sub(r"[\s_]+", " ", unicodedata.normalize("NFKC", name or "")).strip().casefold()


def role_of(name: str) -> str:
    normal = normalise_name(name)
    if normal in ROLE_OF_NAME:
        return ROLE_OF_NAME[normal]
    if normal in ATTRIBUTE_NAMES:
        return ATTRIBUTE
    return DISAGGREGATION


# --- Values and periods -------------------------------------------------------------------

MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_PERIOD_LENGTH = 40
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_YEAR_IN_PERIOD = re.compile(r"(?<![0-9])([0-9]{4})(?![0-9])")
_FLOAT_YEAR = re.compile(r"([0-9]{4})\.0+")
_SPACES = re.compile(r"\s+")


class Refusal(ValueError):
    """A cell that cannot be read; the message says why, for the person who wrote it."""


def parse_value(text: str) -> float:
    """The number written in `text`: spaces anywhere (thousands separated by spaces or
    non-breaking spaces) are ignored and `1e-05` is a number; commas, words, formulas, NaN
    and infinities are refused."""
    from django.utils.translation import gettext as _

    compact = _SPACES.sub("", text or "")
    if not _NUMBER.fullmatch(compact):
        shown = (text or "").strip()[:40]
        raise Refusal(_("the value %(value)s is not a number.") % {"value": f'"{shown}"'})
    value = float(compact)
    if not math.isfinite(value):
        raise Refusal(_("the value %(value)s is too large.") % {"value": f'"{compact[:40]}"'})
    return value


def format_value(value: float) -> str:
    """The shortest text that reads back as exactly `value` ("1e-05", "1289.8530000000003")."""
    return repr(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def parse_period(text: str) -> tuple[str, int]:
    """(period as written, the year it starts in): "2000/01" -> 2000, "2013 Q1" -> 2013,
    "2015-Q3" -> 2015. A year written as a float ("2021.0", spreadsheet noise) becomes
    "2021". Raises Refusal for text with no year or a year outside 1900-2100."""
    from django.utils.translation import gettext as _

    period = _SPACES.sub(" ", text or "").strip()
    float_year = _FLOAT_YEAR.fullmatch(period)
    if float_year:
        period = float_year.group(1)
    if len(period) > MAX_PERIOD_LENGTH:
        raise Refusal(_("the period is longer than %(max)d characters.") % {"max": MAX_PERIOD_LENGTH})
    years = [int(year) for year in _YEAR_IN_PERIOD.findall(period)]
    if not years:
        raise Refusal(_("the period %(period)s has no year in it.") % {"period": f'"{period[:40]}"'})
    wrong = [year for year in years if not MIN_YEAR <= year <= MAX_YEAR]
    if wrong:
        raise Refusal(
            _("the year %(year)d is out of range (%(min)d-%(max)d).")
            % {"year": wrong[0], "min": MIN_YEAR, "max": MAX_YEAR}
        )
    return period, years[0]


UNIT_MULTIPLIERS = {
    "": 0,
    "unit": 0,
    "units": 0,
    "tens": 1,
    "hundreds": 2,
    "thousands": 3,
    "tens of thousands": 4,
    "hundreds of thousands": 5,
    "millions": 6,
    "billions": 9,
    "trillions": 12,
}
UNIT_MULTIPLIER_NAMES = {0: "Units", 1: "Tens", 2: "Hundreds", 3: "Thousands", 6: "Millions", 9: "Billions"}
UNIT_MULTIPLIER_NAMES[12] = "Trillions"


def parse_unit_multiplier(text: str) -> int:
    """The power of ten a unit multiplier stands for: "Thousands" or "3" -> 3."""
    from django.utils.translation import gettext as _

    normal = normalise_name(text)
    if normal in UNIT_MULTIPLIERS:
        return UNIT_MULTIPLIERS[normal]
    if re.fullmatch(r"-?[0-9]{1,2}", normal):
        return int(normal)
    raise Refusal(_("the unit multiplier %(value)s is not understood.") % {"value": f'"{(text or "")[:40]}"'})


def format_unit_multiplier(power: int) -> str:
    return UNIT_MULTIPLIER_NAMES.get(power, str(power))


# --- SDMX codes for what is written -------------------------------------------------------

# Observation status labels (SDMX CL_OBS_STATUS) -> code.
OBS_STATUS_CODES = {
    "normal value": "A",
    "normal": "A",
    "break in series": "B",
    "break": "B",
    "definition differs": "D",
    "estimated value": "E",
    "estimated": "E",
    "estimate": "E",
    "forecast value": "F",
    "forecast": "F",
    "experimental value": "G",
    "imputed value": "I",
    "imputed": "I",
    "missing value; data exist but were not collected": "L",
    "missing value; data cannot exist": "M",
    "missing value": "O",
    "provisional value": "P",
    "provisional": "P",
    "missing value; suppressed": "Q",
    "low reliability": "U",
    "unvalidated value": "V",
}
OBS_STATUS_CODES.update({code.lower(): code for code in set(OBS_STATUS_CODES.values())})

UNIT_CODES = {"percentage (%)": "PT", "percentage": "PT", "percent": "PT", "per cent": "PT", "%": "PT", "pt": "PT"}
UNIT_CODES.update({"number": "NUMBER"})

# Disaggregation column (normalised) -> SDMX concept of the SDG data structure.
DIMENSION_CONCEPTS = {
    "sex": "SEX",
    "age": "AGE",
    "age group": "AGE",
    "urban or rural": "URBANISATION",
    "urban rural": "URBANISATION",
    "urbanisation": "URBANISATION",
    "urbanization": "URBANISATION",
    "location": "URBANISATION",
    "income quintile": "INCOME_WEALTH_QUANTILE",
    "wealth quintile": "INCOME_WEALTH_QUANTILE",
    "income wealth quantile": "INCOME_WEALTH_QUANTILE",
    "disability status": "DISABILITY_STATUS",
    "disability": "DISABILITY_STATUS",
    "education level": "EDUCATION_LEV",
    "education lev": "EDUCATION_LEV",
}
_TOTALS = {"total", "all", "_t"}
_VALUE_CODES = {
    "SEX": {
        "female": "F",
        "females": "F",
        "women": "F",
        "girls": "F",
        "f": "F",
        "male": "M",
        "males": "M",
        "men": "M",
        "boys": "M",
        "m": "M",
        "both sexes": "_T",
        "_o": "_O",
        "other": "_O",
    },
    "URBANISATION": {"urban": "U", "u": "U", "rural": "R", "r": "R"},
    "INCOME_WEALTH_QUANTILE": {
        **{f"quintile {n}": f"Q{n}" for n in range(1, 6)},
        **{f"q{n}": f"Q{n}" for n in range(1, 6)},
        "lowest quintile": "Q1",
        "highest quintile": "Q5",
    },
}
_AGE_RANGE = re.compile(r"(\d{1,3})\s*(?:-|to|–)\s*(\d{1,3})(?:\s*years?(?:\s*old)?)?")
_AGE_OVER = re.compile(r"(\d{1,3})\s*(?:\+|(?:years?\s*)?(?:and|or)\s*(?:over|above|older))")
_AGE_UNDER = re.compile(r"(?:under|less than|below|<)\s*(\d{1,3})(?:\s*years?)?")
_AGE_CODE = re.compile(r"y(?:\d{1,3}t\d{1,3}|_ge\d{1,3}|_lt\d{1,3}|\d{1,3})")


def _age_code(normal: str) -> str | None:
    if match := _AGE_RANGE.fullmatch(normal):
        return f"Y{int(match.group(1))}T{int(match.group(2))}"
    if match := _AGE_OVER.fullmatch(normal):
        return f"Y_GE{int(match.group(1))}"
    if match := _AGE_UNDER.fullmatch(normal):
        return f"Y_LT{int(match.group(1))}"
    if normal in {"all ages", "all"}:
        return "_T"
    if _AGE_CODE.fullmatch(normal):
        return normal.upper()
    return None


def sdmx_codes(disaggregation: dict[str, str]) -> dict[str, str]:
    """{SDMX concept: code} for the dimensions of `disaggregation` whose code is known:
    {"Sex": "Female", "Age": "15-24", "Region": "North"} -> {"SEX": "F", "AGE": "Y15T24"}."""
    codes = {}
    for name, value in disaggregation.items():
        concept = DIMENSION_CONCEPTS.get(normalise_name(name))
        if not concept or concept in codes:
            continue
        normal = normalise_name(value)
        if normal in _TOTALS:
            code = "_T"
        elif concept == "AGE":
            code = _age_code(normal)
        else:
            code = _VALUE_CODES.get(concept, {}).get(normal)
        if code:
            codes[concept] = code
    return codes


def status_code(status: str) -> str:
    return OBS_STATUS_CODES.get(normalise_name(status).replace(" ;", ";"), "")


def unit_code(unit: str) -> str:
    return UNIT_CODES.get(normalise_name(unit), "")


# --- Names as SDMX ids ----------------------------------------------------------------------

_SDMX_ID = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_ESCAPED = re.compile(r"_x([0-9A-F]{4,6})_")


def name_to_sdmx_id(name: str) -> str:
    """A column name as an SDMX id that is also an XML name, reversibly: ids stay as they
    are ("SEX", "Sex"), other characters are written _xHHHH_ as in Office XML
    ("Urban or rural" -> "Urban_x0020_or_x0020_rural")."""
    if _SDMX_ID.fullmatch(name) and not _ESCAPED.search(name):
        return name
    return "".join(
        char if char.isascii() and (char.isalpha() or (char.isdigit() and index)) else f"_x{ord(char):04X}_"
        for index, char in enumerate(name)
    )


def sdmx_id_to_name(identifier: str) -> str:
    return _ESCAPED.sub(lambda match: chr(int(match.group(1), 16)), identifier)
