"""Arranging a country's data for the inventory and annex tests: rows imported through the
evidence service (long CSV), the first VNR's snapshot linked to the past review."""

from __future__ import annotations

import csv
import io

from indicators.evidence.models import Series
from indicators.evidence.services.imports import ImportFile, evidence_import
from indicators.evidence.services.snapshots import take_snapshot

HEADER = ["Indicator", "Year", "Series", "Units", "Sex", "Value"]


def import_rows(rows, *, country="AUR", name="data.csv"):
    """Import rows (code, year, value) or (code, year, value, series, unit, sex); a series
    in the file replaces its data, as a statistician's re-import would."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for row in rows:
        code, year, value, *rest = row
        series, unit, sex = (list(rest) + ["", "", ""])[:3]
        writer.writerow([code, year, series or f"Series {code}", unit or "Percent", sex, value])
    summary = evidence_import(country=country, files=[ImportFile(name=name, data=buffer.getvalue().encode())])
    assert summary.errors == [], summary.errors
    return summary


def describe(indicator, *, country="AUR", **fields):
    """Set fields of the series of `code` (polarity, sources) as the metadata pages would."""
    Series.objects.filter(country=country, indicator_code=indicator).update(**fields)


def record_first_vnr(first_review, *, country="AUR"):
    """The snapshot of the data as it is now, recorded as the first VNR's data."""
    snapshot = take_snapshot(country=country, label="First VNR, 2019")
    first_review.data_snapshot = snapshot
    first_review.save(update_fields=["data_snapshot"])
    return snapshot


def many_observations(count, *, country="AUR"):
    """About `count` observations over a few indicators of goal 1 (16 years, by sex)."""
    rows, codes = [], ["1.1.1", "1.2.1", "1.3.1", "1.4.1", "1.5.1", "2.1.1", "2.2.1", "3.1.1", "3.2.1", "4.1.1"]
    per_series = max(1, count // len(codes))
    for code in codes:
        for index in range(per_series):
            year = 2010 + index % 16
            sex = "" if index < 16 else f"Group {index // 16}"
            rows.append((code, year, 10 + index % 7, f"Series {code}", "Percent", sex))
    return import_rows(rows, country=country)
