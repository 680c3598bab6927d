"""Data for the tests of the data pages: a country's series imported through the import
service (as a statistician's upload would), with 10 or 10,000 observations."""

from __future__ import annotations

from indicators.evidence.models import NationalTarget, Series
from indicators.evidence.services.imports import ImportFile, evidence_import

HEADER = "Year,Series,Units,Region,Observation status,COMMENT_OBS,Value\n"


def opensdg_csv(*, years, regions=(), start=40.0, step=2.0, series="Poverty rate", unit="Percentage (%)") -> str:
    """An Open SDG CSV: the headline (empty Region) for each year, and each region's figure."""
    lines = [HEADER]
    for index, year in enumerate(years):
        value = start + step * index
        lines.append(f"{year},{series},{unit},,,,{value}\n")
        for number, region in enumerate(regions):
            lines.append(f"{year},{series},{unit},{region},Estimated value,Note {number},{value + number + 1}\n")
    return "".join(lines)


def import_csv(country: str, code: str, text: str):
    summary = evidence_import(
        country=country,
        files=[ImportFile(name=f"indicator_{code.replace('.', '-')}.csv", data=text.encode("utf-8"))],
        skip_invalid_rows=False,
    )
    assert not summary.errors, summary.errors
    return summary


def small_data(country: str, *, code="1.2.1", polarity="higher", target=None) -> Series:
    """10 observations: 2015-2019, the headline and one region (Female-free, plain)."""
    import_csv(country, code, opensdg_csv(years=range(2015, 2020), regions=["North"]))
    return _finish(country, code, polarity, target)


def large_data(country: str, *, code="1.2.1", polarity="higher", target=None) -> Series:
    """10,000 observations: 2000-2024 (25 years) × (the headline and 399 regions)."""
    regions = [f"Region {number:03d}" for number in range(1, 400)]
    import_csv(country, code, opensdg_csv(years=range(2000, 2025), regions=regions, start=10.0, step=0.5))
    return _finish(country, code, polarity, target)


def _finish(country, code, polarity, target) -> Series:
    series = Series.objects.get(country=country, indicator_code=code)
    Series.objects.filter(pk=series.pk).update(
        polarity=polarity, source_organisation="National Statistics Office", definition="Share of people below"
    )
    if target is not None:
        NationalTarget.objects.create(series=series, year=2030, value=target)
    series.refresh_from_db()
    return series
