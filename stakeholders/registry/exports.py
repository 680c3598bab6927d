"""The registry and the engagement plan as spreadsheets: rows for CSV (and a workbook for
the plan), every text cell formula-safe. Contacts are personal data and never exported."""

from __future__ import annotations

from reviews.models import Review
from stakeholders.languages import language_label
from stakeholders.registry.models import Organisation
from vnr_portal.common.spreadsheets import spreadsheet_safe, xlsx_bytes

from .selectors import activity_list_by_stage


def organisation_export_rows(review: Review) -> list[list[str]]:
    """The registry as spreadsheet rows (header first), every cell formula-safe. Contacts
    are personal data and never exported. Two queries."""
    rows = [
        [
            "name",
            "acronym",
            "category",
            "at_risk",
            "region",
            "languages",
            "website",
            "interest",
            "influence",
            "standing_groups",
            "description",
        ]
    ]
    organisations = (
        Organisation.objects.filter(review=review).select_related("category").prefetch_related("standing_groups")
    )
    for org in organisations.order_by("name", "pk"):
        rows.append(
            [
                spreadsheet_safe(value)
                for value in (
                    org.name,
                    org.acronym,
                    org.category.name,
                    "yes" if org.category.at_risk else "no",
                    org.region,
                    "; ".join(language_label(code) for code in org.languages or []),
                    org.website,
                    org.interest,
                    org.influence,
                    "; ".join(group.name for group in org.standing_groups.all()),
                    org.description,
                )
            ]
        )
    return rows


EXPORT_HEADER = [
    "stage",
    "date",
    "title",
    "kind",
    "audience",
    "audience_note",
    "language",
    "mode",
    "owner",
    "status",
    "consultation_round",
    "participants",
    "participants_by_category",
    "outputs",
]


def activity_export_rows(review: Review) -> list[list]:
    """The plan as rows (header first): text cells formula-safe, numbers as numbers. A
    fixed number of queries."""
    rows: list[list] = [list(EXPORT_HEADER)]
    for group in activity_list_by_stage(review):
        for activity in group.activities:
            owner = activity.owner.get_full_name() or activity.owner.username if activity.owner else ""
            rows.append(
                [
                    spreadsheet_safe(group.label),
                    activity.date.isoformat() if activity.date else "",
                    spreadsheet_safe(activity.title),
                    spreadsheet_safe(activity.get_kind_display()),
                    spreadsheet_safe("; ".join(c.name for c in activity.audience.all())),
                    spreadsheet_safe(activity.audience_note),
                    spreadsheet_safe(activity.language),
                    spreadsheet_safe(activity.get_mode_display()),
                    spreadsheet_safe(owner),
                    spreadsheet_safe(activity.get_status_display()),
                    spreadsheet_safe(activity.round.title if activity.round else ""),
                    activity.participants or 0,
                    spreadsheet_safe("; ".join(f"{p.category.name}: {p.count}" for p in activity.participation.all())),
                    spreadsheet_safe(activity.outputs),
                ]
            )
    return rows


def activity_export_xlsx(review: Review) -> bytes:
    """The plan as an Excel workbook: one sheet, every cell a value (formula-safe text;
    characters Excel cannot store are dropped)."""
    return xlsx_bytes(activity_export_rows(review), title="Engagement plan")
