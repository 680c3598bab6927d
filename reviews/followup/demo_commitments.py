"""The demo's commitments: Aurelia's first VNR's next steps, recommendations and
commitments in the register of its second VNR, their follow-up in various statuses with
evidence, accepted over the years between the two reviews. Idempotent (`seed_demo`)."""

from __future__ import annotations

import datetime

from indicators.evidence.models import Series
from reviews.core.models import Review
from reviews.followup.models import Commitment, CommitmentUpdate
from reviews.followup.services.commitments import (
    commitment_create,
    commitment_update_decide,
    commitment_update_submit,
    goals_and_targets,
)
from reviews.workspace.models import Ministry

# text, kind, goals/targets, ministries (acronyms), [(year, status, narrative, indicator code)]
COMMITMENTS = [
    (
        "Extend the social protection floor to every household below the poverty line",
        "commitment",
        "1.3",
        ["MSW", "MOFP"],
        [(2021, "in_progress", "A national cash transfer law was passed in 2021.", "1.3.1")],
    ),
    (
        "Halve the prevalence of undernourishment among children under five",
        "commitment",
        "2.1, 2.2",
        ["MAFF", "MOH"],
        [(2020, "in_progress", "School meals reach 60% of primary schools.", "2.2.1")],
    ),
    (
        "Cut the maternal mortality ratio by a third",
        "commitment",
        "3.1",
        ["MOH"],
        [
            (2020, "in_progress", "Twelve district maternity wards opened.", "3.1.1"),
            (2024, "done", "The ratio fell from 210 to 138 per 100,000 live births.", "3.1.1"),
        ],
    ),
    (
        "Set up a national health information system",
        "next_step",
        "3.8",
        ["MOH"],
        [(2022, "replaced", "Merged into the digital government programme.", "")],
    ),
    (
        "Free and compulsory secondary education for every child",
        "commitment",
        "4.1",
        ["MOE"],
        [(2021, "in_progress", "Fees abolished in lower secondary schools.", "4.1.2")],
    ),
    (
        "A gender equality law and a gender budget in every ministry",
        "recommendation",
        "5.1, 5.c",
        ["MWCY", "MOJ"],
        [(2023, "not_started", "The draft law waits for cabinet.", "")],
    ),
    (
        "Safe drinking water for every rural community",
        "commitment",
        "6.1",
        ["MEW"],
        [(2020, "in_progress", "", "6.1.1"), (2025, "done", "Coverage reached 96%.", "6.1.1")],
    ),
    (
        "Thirty per cent of electricity from renewable sources",
        "commitment",
        "7.2",
        ["MEW", "MECC"],
        [(2022, "in_progress", "Two solar parks connected to the grid.", "7.2.1")],
    ),
    (
        "A youth employment guarantee",
        "next_step",
        "8.6",
        ["MOLE"],
        [(2021, "dropped", "Replaced in the budget by apprenticeships; dropped in 2021.", "")],
    ),
    (
        "A national adaptation plan with district climate risk maps",
        "commitment",
        "13.1, 13.2",
        ["MECC"],
        [(2023, "done", "The plan was adopted in 2023.", "")],
    ),
    (
        "An independent anti-corruption commission",
        "recommendation",
        "16.5",
        ["MOJ"],
        [],
    ),
    (
        "Report on every goal in the next VNR with disaggregated data",
        "next_step",
        "17.18",
        ["MOFP", "MOFA"],
        [(2024, "in_progress", "The statistics office publishes an open data portal.", "")],
    ),
]


def seed_commitments(review: Review, *, coordinator, reviewer) -> None:
    """The demo commitments of `review` (made in its previous VNR) and their accepted
    updates, dated between the two reviews; nothing when the register has any."""
    if Commitment.objects.filter(review=review).exists():
        return
    ministries = {m.acronym: m for m in Ministry.objects.filter(review=review) if m.acronym}
    series = {s.indicator_code: s for s in Series.objects.filter(country=review.country.iso3)}
    made = {}
    for text, kind, codes, acronyms, _updates in COMMITMENTS:
        goals, targets, _unknown = goals_and_targets(codes)
        made[text] = commitment_create(
            actor=coordinator,
            review=review,
            text=text,
            kind=kind,
            goals=goals,
            targets=targets,
            ministries=[ministries[a] for a in acronyms if a in ministries],
        )
    replacement = made["Report on every goal in the next VNR with disaggregated data"]
    for text, _kind, _codes, _acronyms, updates in COMMITMENTS:
        for year, status, narrative, code in updates:
            update = commitment_update_submit(
                actor=coordinator,
                commitment=made[text],
                status=status,
                narrative=narrative,
                series=[series[code]] if code in series else [],
                replaced_by=replacement if status == "replaced" else None,
            )
            commitment_update_decide(actor=reviewer, update=update, accept=True)
            when = datetime.datetime(year, 6, 30, 12, tzinfo=datetime.UTC)
            CommitmentUpdate.objects.filter(pk=update.pk).update(submitted_at=when, decided_at=when)
