"""Plausible indicator data for the demo's fictional countries (`seed_demo`).

For each of the 17 Goals a few series, 2010–2025 with gaps, some broken down by sex,
location or age, with units, sources of several kinds (an alternative, citizen-generated
one among them), the desired direction, national targets, national indicators (the proxy
8.3.1.1, the national-only 3.9.4) and trends chosen so that every progress category
appears. The data is written the way a statistician would: through `evidence_import`
(one long CSV, bulk), in two steps:

    snapshot = import_first_vnr_data(country="AUR", first_vnr_year=2019)  # as it stood then
    import_current_data(country="AUR", first_vnr_year=2019)                # later, revised

The first step imports what was published before the first VNR and takes the snapshot
the first VNR used; the second imports the data as it is now, with later years, series
that did not exist then (they "gained data") and one revised figure. Both are idempotent:
importing the same figures again writes nothing, metadata and targets are set again.
"""

from __future__ import annotations

import csv
import datetime
import io
import zlib
from dataclasses import dataclass

from django.db import transaction

from indicators.evidence.models import (
    NationalIndicator,
    NationalTarget,
    ProgressOverride,
    Series,
    SourceKind,
    SourceType,
)
from indicators.evidence.services.imports import ImportFile, evidence_import
from indicators.evidence.services.series import national_target_set
from indicators.evidence.services.snapshots import take_snapshot
from indicators.evidence.vocabulary import format_value
from indicators.progress import BASELINE_YEAR, TARGET_YEAR

# Trends: how the headline figure moves and where the national target sits, so that the
# assessment since 2015 gives the category of the same name ("direction": no national
# target, the method's default). The ratio is (anticipated 2030 - 2015) / (target - 2015).
RATIOS = {"on_track": 1.25, "acceleration_needed": 0.7, "limited_progress": 0.3}

ANNUAL = [year for year in range(2010, 2026) if year not in (2012, 2020)]  # two gaps
SURVEY = [2010, 2013, 2015, 2016, 2019, 2022, 2025]
SINCE_2015 = [2015, 2016, 2017, 2018, 2019, 2021, 2022, 2023, 2024]
NEW_SURVEY = [2016, 2019, 2022, 2024]  # a survey that reported only after the first VNR
ONE_POINT = [2018]  # too little to assess
BEFORE_2015 = [2011, 2014]  # nothing since the baseline

BREAKDOWNS = {
    "sex": [{"Sex": "Female"}, {"Sex": "Male"}],
    "location": [{"Location": "Urban"}, {"Location": "Rural"}],
    "age": [{"Age": "15-24"}, {"Age": "25+"}],
}
# How far each group sits from the headline figure.
FACTORS = {"Female": 1.06, "Male": 0.94, "Urban": 0.92, "Rural": 1.12, "15-24": 1.55, "25+": 0.85}

NSO = "National Statistics Office"
SOURCES = {
    "nso_survey": (NSO, SourceType.OFFICIAL, SourceKind.SURVEY),
    "census": (NSO, SourceType.OFFICIAL, SourceKind.CENSUS),
    "health": ("Ministry of Health", SourceType.OFFICIAL, SourceKind.ADMINISTRATIVE),
    "education": ("Ministry of Education", SourceType.OFFICIAL, SourceKind.ADMINISTRATIVE),
    "labour": ("Labour Force Survey, National Statistics Office", SourceType.OFFICIAL, SourceKind.SURVEY),
    "finance": ("Ministry of Finance", SourceType.OFFICIAL, SourceKind.ADMINISTRATIVE),
    "environment": ("Environment Agency", SourceType.OFFICIAL, SourceKind.ADMINISTRATIVE),
    "satellite": ("Space Agency (satellite imagery)", SourceType.OFFICIAL, SourceKind.GEOSPATIAL),
    "citizens": ("Clean Coasts Volunteer Network", SourceType.ALTERNATIVE, SourceKind.CITIZEN_GENERATED),
    "air": ("Citizen Air Monitors", SourceType.ALTERNATIVE, SourceKind.CITIZEN_GENERATED),
    "ngo": ("Women's Rights Observatory (NGO)", SourceType.ALTERNATIVE, SourceKind.OTHER),
}


@dataclass(frozen=True)
class Spec:
    code: str
    name: str
    unit: str
    polarity: str  # "higher" | "lower"
    start: float  # the 2010 value
    rate: float  # yearly change in the desired direction (0.03 = 3 % better a year)
    trend: str  # a category name, "regressing" or "direction"
    source: str
    years: tuple[int, ...] = tuple(ANNUAL)
    breakdown: str = ""
    new: bool = False  # published only after the first VNR


def _s(code, name, unit, polarity, start, rate, trend, source, years=ANNUAL, breakdown="", new=False) -> Spec:
    return Spec(code, name, unit, polarity, start, rate, trend, source, tuple(years), breakdown, new)


H, L = "higher", "lower"
SPECS = [
    _s(
        "1.1.1",
        "Population below the international poverty line",
        "Percent",
        L,
        18.0,
        0.06,
        "on_track",
        "nso_survey",
        SURVEY,
    ),
    _s(
        "1.2.1",
        "Population below the national poverty line",
        "Percent",
        L,
        31.0,
        0.02,
        "acceleration_needed",
        "nso_survey",
        SURVEY,
        "location",
    ),
    _s("1.3.1", "Population covered by social protection", "Percent", H, 38.0, 0.015, "limited_progress", "finance"),
    _s(
        "2.1.1", "Prevalence of undernourishment", "Percent", L, 14.0, 0.03, "acceleration_needed", "nso_survey", SURVEY
    ),
    _s(
        "2.2.1",
        "Stunting among children under 5",
        "Percent",
        L,
        29.0,
        0.025,
        "limited_progress",
        "health",
        SURVEY,
        "sex",
    ),
    _s("2.a.1", "Agriculture orientation index", "Index", H, 0.42, 0.02, "direction", "finance"),
    _s("3.1.1", "Maternal mortality ratio", "Per 100,000 live births", L, 210.0, 0.05, "on_track", "health"),
    _s(
        "3.2.1",
        "Under-5 mortality rate",
        "Per 1,000 live births",
        L,
        48.0,
        0.04,
        "target_achieved",
        "health",
        ANNUAL,
        "sex",
    ),
    _s("3.b.1", "Children vaccinated with three doses of DTP", "Percent", H, 81.0, 0.004, "limited_progress", "health"),
    _s(
        "3.9.4",
        "Deaths attributed to road traffic air pollution",
        "Per 100,000 population",
        L,
        9.0,
        0.01,
        "direction",
        "environment",
        SINCE_2015,
        new=True,
    ),
    _s(
        "4.1.2",
        "Completion rate, primary education",
        "Percent",
        H,
        72.0,
        0.012,
        "acceleration_needed",
        "education",
        ANNUAL,
        "sex",
    ),
    _s(
        "4.2.2",
        "Participation in organized learning one year before primary",
        "Percent",
        H,
        55.0,
        0.03,
        "on_track",
        "education",
    ),
    _s(
        "4.c.1",
        "Teachers with the minimum required qualifications",
        "Percent",
        H,
        64.0,
        0.01,
        "regressing",
        "education",
    ),
    _s(
        "5.5.1",
        "Seats held by women in parliament",
        "Percent",
        H,
        14.0,
        0.04,
        "acceleration_needed",
        "nso_survey",
        [2010, 2014, 2018, 2022],
    ),
    _s("5.b.1", "Women who own a mobile telephone", "Percent", H, 41.0, 0.05, "on_track", "ngo", NEW_SURVEY, new=True),
    _s(
        "5.a.1",
        "Women among owners of agricultural land",
        "Percent",
        H,
        19.0,
        0.02,
        "insufficient_data",
        "census",
        ONE_POINT,
    ),
    _s(
        "6.1.1",
        "Population using safely managed drinking water",
        "Percent",
        H,
        58.0,
        0.02,
        "on_track",
        "census",
        SURVEY,
        "location",
    ),
    _s(
        "6.2.1",
        "Population using safely managed sanitation",
        "Percent",
        H,
        36.0,
        0.015,
        "limited_progress",
        "census",
        SURVEY,
    ),
    _s("6.4.2", "Level of water stress", "Percent", L, 47.0, 0.01, "regressing", "environment"),
    _s(
        "7.1.1",
        "Population with access to electricity",
        "Percent",
        H,
        74.0,
        0.012,
        "target_achieved",
        "census",
        ANNUAL,
        "location",
    ),
    _s(
        "7.2.1",
        "Renewable energy share of final energy consumption",
        "Percent",
        H,
        17.0,
        0.04,
        "on_track",
        "environment",
    ),
    _s("7.3.1", "Energy intensity", "MJ per USD (2017 PPP)", L, 6.1, 0.015, "acceleration_needed", "environment"),
    _s("8.1.1", "Real GDP per capita", "Constant 2015 USD", H, 4200.0, 0.018, "limited_progress", "finance"),
    _s("8.5.2", "Unemployment rate", "Percent", L, 9.4, 0.02, "acceleration_needed", "labour", ANNUAL, "age"),
    _s(
        "8.3.1.1",
        "Informal employment outside agriculture (national proxy)",
        "Percent",
        L,
        61.0,
        0.01,
        "limited_progress",
        "labour",
        SURVEY,
    ),
    _s("9.2.1", "Manufacturing value added as a share of GDP", "Percent", H, 11.0, 0.01, "regressing", "finance"),
    _s(
        "9.c.1",
        "Population covered by a 4G mobile network",
        "Percent",
        H,
        22.0,
        0.09,
        "target_achieved",
        "satellite",
        SINCE_2015,
    ),
    _s(
        "9.5.1",
        "Research and development expenditure",
        "Percent of GDP",
        H,
        0.31,
        0.03,
        "acceleration_needed",
        "finance",
        SURVEY,
    ),
    _s(
        "10.1.1",
        "Growth of household income of the bottom 40 per cent",
        "Percent",
        H,
        1.2,
        0.05,
        "direction",
        "nso_survey",
        SURVEY,
    ),
    _s(
        "10.2.1",
        "People living below 50 per cent of the median income",
        "Percent",
        L,
        16.0,
        0.01,
        "limited_progress",
        "nso_survey",
        SURVEY,
        "age",
    ),
    _s("10.c.1", "Cost of sending remittances", "Percent of the amount sent", L, 9.5, 0.05, "on_track", "finance"),
    _s(
        "11.1.1", "Urban population living in slums", "Percent", L, 27.0, 0.015, "acceleration_needed", "census", SURVEY
    ),
    _s(
        "11.6.2",
        "Mean concentration of fine particulate matter (PM2.5) in cities",
        "Micrograms per cubic metre",
        L,
        31.0,
        0.01,
        "regressing",
        "air",
        SINCE_2015,
        new=True,
    ),
    _s(
        "11.2.1",
        "Population with convenient access to public transport",
        "Percent",
        H,
        44.0,
        0.02,
        "limited_progress",
        "satellite",
        [2011, 2016, 2021, 2024],
    ),
    _s(
        "12.2.2",
        "Domestic material consumption per capita",
        "Tonnes",
        L,
        11.0,
        0.005,
        "limited_progress",
        "environment",
    ),
    _s("12.5.1", "National recycling rate", "Percent", H, 8.0, 0.06, "on_track", "environment", SINCE_2015),
    _s(
        "13.1.1",
        "Deaths and missing persons attributed to disasters",
        "Per 100,000 population",
        L,
        2.4,
        0.04,
        "acceleration_needed",
        "environment",
    ),
    _s("13.2.2", "Total greenhouse gas emissions", "Mt CO2 equivalent", L, 48.0, 0.005, "regressing", "environment"),
    _s("14.5.1", "Coverage of marine protected areas", "Percent", H, 4.0, 0.08, "on_track", "environment"),
    _s(
        "14.1.1",
        "Plastic debris on beaches",
        "Items per 100 m of beach",
        L,
        410.0,
        0.02,
        "limited_progress",
        "citizens",
        SINCE_2015,
    ),
    _s(
        "15.1.1", "Forest area as a proportion of total land area", "Percent", H, 39.0, 0.003, "regressing", "satellite"
    ),
    _s("15.5.1", "Red List Index", "Index", H, 0.81, 0.002, "regressing", "environment", SURVEY),
    _s(
        "16.1.1",
        "Victims of intentional homicide",
        "Per 100,000 population",
        L,
        7.8,
        0.03,
        "acceleration_needed",
        "nso_survey",
        ANNUAL,
        "sex",
    ),
    _s("16.9.1", "Births registered with a civil authority", "Percent", H, 83.0, 0.008, "target_achieved", "health"),
    _s(
        "16.6.2",
        "Population satisfied with their last experience of public services",
        "Percent",
        H,
        52.0,
        0.01,
        "insufficient_data",
        "ngo",
        BEFORE_2015,
    ),
    _s(
        "17.1.1",
        "Total government revenue as a proportion of GDP",
        "Percent",
        H,
        18.0,
        0.01,
        "limited_progress",
        "finance",
    ),
    _s("17.6.1", "Fixed broadband subscriptions", "Per 100 inhabitants", H, 3.0, 0.12, "on_track", "finance"),
    _s(
        "17.8.1",
        "Individuals using the Internet",
        "Percent",
        H,
        26.0,
        0.07,
        "target_achieved",
        "nso_survey",
        ANNUAL,
        "sex",
    ),
]

NATIONAL_TITLES = {
    "8.3.1.1": "Informal employment outside agriculture, from the Labour Force Survey",
    "3.9.4": "Deaths attributed to road traffic air pollution (national indicator)",
}
# The figure the statistics office revised after the first VNR: (code, year, factor).
REVISED = ("3.1.1", 2017, 1.08)
# A statistician's judgement beside the computed category: (code, category, reason).
OVERRIDE = (
    "7.2.1",
    "acceleration_needed",
    "The 2024 and 2025 figures include a one-off hydropower surplus after heavy rains; without it the "
    "share grows at about half the computed rate.",
)


def _variation(country: str, code: str) -> float:
    """A country's own level for a series: 0.85 to 1.15, the same on every run."""
    return 0.85 + (zlib.crc32(f"{country}:{code}".encode()) % 300) / 1000


def _ratio_per_year(spec: Spec) -> float:
    good = 1 + spec.rate if spec.polarity == H else 1 - spec.rate
    if spec.trend == "regressing":
        return 1 / good
    return good


def _value(spec: Spec, country: str, year: int) -> float:
    return spec.start * _variation(country, spec.code) * _ratio_per_year(spec) ** (year - 2010)


def _target(spec: Spec, country: str) -> float | None:
    """The national target for 2030 that gives the spec's category (None: none set)."""
    baseline = _value(spec, country, BASELINE_YEAR)
    anticipated = _value(spec, country, TARGET_YEAR)
    if spec.trend in RATIOS:
        return baseline + (anticipated - baseline) / RATIOS[spec.trend]
    if spec.trend == "target_achieved":  # a third of the way: already passed
        return baseline + (anticipated - baseline) / 3
    if spec.trend == "regressing":
        return baseline * (1.25 if spec.polarity == H else 0.75)
    return None


def _round(value: float) -> float:
    return round(value, 2 if abs(value) >= 10 else 4)


def _rows(country: str, *, up_to: int | None, revised: bool) -> list[list[str]]:
    rows = []
    for spec in SPECS:
        if up_to is not None and spec.new:
            continue
        for year in spec.years:
            if up_to is not None and year > up_to:
                continue
            value = _value(spec, country, year)
            if revised and (spec.code, year) == REVISED[:2]:
                value *= REVISED[2]
            groups = [{}] + (BREAKDOWNS[spec.breakdown] if spec.breakdown and year % 3 != 2 else [])
            for group in groups:
                factor = 1.0
                for part in group.values():
                    factor *= FACTORS[part]
                rows.append(
                    [
                        spec.code,
                        str(year),
                        spec.name,
                        spec.unit,
                        group.get("Sex", ""),
                        group.get("Location", ""),
                        group.get("Age", ""),
                        format_value(_round(value * factor)),
                    ]
                )
    return rows


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Indicator", "Year", "Series", "Units", "Sex", "Location", "Age", "Value"])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _import(country: str, *, up_to: int | None, revised: bool, name: str) -> None:
    summary = evidence_import(
        country=country, files=[ImportFile(name=name, data=_csv(_rows(country, up_to=up_to, revised=revised)))]
    )
    if summary.errors:
        raise ValueError(f"The demo data did not import: {summary.errors[:3]}")
    _describe(country)


def _describe(country: str) -> None:
    """Sources, directions and national targets of the country's demo series (bulk)."""
    specs = {(spec.code, spec.name): spec for spec in SPECS}
    series = list(Series.objects.filter(country=country, code__in=[spec.name for spec in SPECS]))
    for one in series:
        spec = specs.get((one.indicator_code, one.code))
        if spec is None:
            continue
        one.source_organisation, one.source_type, one.source_kind = SOURCES[spec.source]
        one.polarity = spec.polarity
        one.periodicity = "annual" if spec.years == tuple(ANNUAL) else "multi_year"
    Series.objects.bulk_update(series, ["source_organisation", "source_type", "source_kind", "polarity", "periodicity"])
    existing = set(NationalTarget.objects.filter(series__in=series).values_list("series_id", flat=True))
    for one in series:
        spec = specs.get((one.indicator_code, one.code))
        target = _target(spec, country) if spec else None
        if target is not None and one.pk not in existing:
            national_target_set(series=one, year=TARGET_YEAR, value=_round(target), note="National development plan")
    for code, title in NATIONAL_TITLES.items():
        NationalIndicator.objects.filter(country=country, code=code).update(title={"en": title})


@transaction.atomic
def import_first_vnr_data(*, country: str, first_vnr_year: int):
    """Import the data as it was published before the first VNR (up to the year before it)
    and take the snapshot the first VNR used; returns the snapshot."""
    _import(country, up_to=first_vnr_year - 1, revised=False, name=f"{country.lower()}-sdg-data-{first_vnr_year}.csv")
    taken_at = datetime.datetime(first_vnr_year, 6, 30, 12, 0, tzinfo=datetime.UTC)
    return take_snapshot(country=country, label=f"First VNR, {first_vnr_year}", taken_at=taken_at)


@transaction.atomic
def import_current_data(*, country: str, first_vnr_year: int, actor=None) -> None:
    """Import the data as it is now: later years, new series, one revised figure; and one
    statistician's judgement of a category (once)."""
    _import(country, up_to=None, revised=True, name=f"{country.lower()}-sdg-data-current.csv")
    code, category, reason = OVERRIDE
    series = Series.objects.filter(country=country, indicator_code=code).first()
    if series is not None and not ProgressOverride.objects.filter(series=series).exists():
        ProgressOverride.objects.create(
            series=series,
            baseline_year=BASELINE_YEAR,
            category=category,
            computed_category="on_track",
            reason=reason,
            created_by=actor,
        )
