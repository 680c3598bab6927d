"""The inclusiveness dashboard as spreadsheet rows: every table, one row per group."""

from __future__ import annotations

from vnr_portal.common.spreadsheets import spreadsheet_safe

from .selectors import Dashboard

HEADER = [
    "table",
    "group",
    "contributions",
    "contributors",
    "activity_participants",
    "participants",
    "targeted_not_reached",
]


def dashboard_rows(dashboard: Dashboard) -> list[list]:
    """Header first, then every table's rows: table, group (formula-safe), figures."""
    rows: list[list] = [list(HEADER)]
    for table in dashboard.tables:
        for row in table.rows:
            rows.append(
                [
                    table.key,
                    "" if row.not_declared else spreadsheet_safe(row.label),
                    row.contributions,
                    row.contributors,
                    row.activity_participants,
                    row.participants,
                    "yes" if row.flagged else "no",
                ]
            )
    return rows
