"""Reads of the carry-over: the parts to choose from, what was carried over, a record's lines."""

from dataclasses import dataclass

from django.db.models import QuerySet

from reviews.core.models import AuditEntry, Review
from reviews.followup.carryover import carryover_part, carryover_parts
from reviews.followup.models.carryover import PastReviewContent

AUDIT_ACTION = "followup.carryover"


@dataclass(frozen=True)
class PartChoice:
    key: str
    label: str
    help_text: str
    filled: bool  # the review already holds this part: it would be refused


def carryover_choices(review: Review) -> list[PartChoice]:
    """Every registered part with whether `review` already holds it (a query per part)."""
    return [
        PartChoice(key=part.key, label=str(part.label), help_text=str(part.help_text), filled=part.has_content(review))
        for part in carryover_parts()
    ]


def carryover_entries(review: Review) -> QuerySet[AuditEntry]:
    """What was carried over into `review`, as audited: one entry per part, oldest first."""
    return (
        AuditEntry.objects.filter(review=review, action=AUDIT_ACTION)
        .select_related("actor")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class CarriedPart:
    label: str
    count: int
    entry: AuditEntry


def carried_parts(review: Review) -> list[CarriedPart]:
    """The result page's rows: each part carried over (its label in the current language,
    the audit entry's text when the part is no longer registered), how many items, by whom."""
    rows = []
    for entry in carryover_entries(review):
        part = carryover_part(str(entry.data.get("part", "")))
        rows.append(
            CarriedPart(label=str(part.label) if part else entry.summary, count=entry.data.get("count", 0), entry=entry)
        )
    return rows


def recorded_commitment_lines(review: Review) -> list[str]:
    """The commitments typed when `review` (a first VNR made outside the portal) was
    recorded, one line each; empty when none. For the commitments register."""
    content = PastReviewContent.objects.filter(review=review).first()
    return list(content.commitments) if content else []


def recorded_chapter_lines(review: Review) -> list[str]:
    content = PastReviewContent.objects.filter(review=review).first()
    return list(content.chapters) if content else []
