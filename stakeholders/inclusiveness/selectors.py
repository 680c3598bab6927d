"""Who the engagement reached: contributions and participants by declared category,
region, language, gender, round and stage; the groups targeted and not reached; the
survey's results; the first VNR's baseline beside this review's figures.

Every figure comes from an aggregate query: the number of queries does not depend on
the amount of data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q, Sum
from django.utils.translation import gettext as _

from reviews.models import Review, Stage
from stakeholders.portal.models import Channel, Classification, Contribution, Gender
from stakeholders.portal.selectors import participant_count
from stakeholders.registry.models import ActivityParticipation, EngagementActivity, StakeholderCategory
from stakeholders.rounds.models import ConsultationRound

from .models import EngagementBaseline, SurveyResponse


@dataclass
class Row:
    key: str
    label: str
    contributions: int = 0
    contributors: int = 0
    # People counted at held activities (entered afterwards), where the table has them.
    activity_participants: int = 0
    not_declared: bool = False
    flagged: bool = False  # targeted but not reached

    @property
    def participants(self) -> int:
        return self.contributors + self.activity_participants


@dataclass
class Table:
    key: str
    title: str
    rows: list[Row]
    with_activities: bool = False

    @property
    def max_participants(self) -> int:
        return max([row.participants for row in self.rows] + [row.contributions for row in self.rows] + [1])


@dataclass
class SurveyFigures:
    round_id: int
    round_title: str
    answers: int
    felt_heard_share: int | None  # % who answered 4 or 5
    felt_heard_average: float | None
    process_clear_average: float | None
    would_take_part_again_share: int | None


@dataclass
class Dashboard:
    tables: list[Table]
    totals: dict
    targeted: list[Row]  # the categories targeted or at risk, reached or not
    not_reached: list[Row]
    survey: list[SurveyFigures]
    survey_total: SurveyFigures | None
    baseline: EngagementBaseline | None
    comparison: list[dict] = field(default_factory=list)
    # Participants by category, the first VNR's (as it named them) beside this review's.
    category_comparison: list[dict] = field(default_factory=list)


def _counts(queryset, key: str) -> dict:
    return {
        row[key]: (row["n"], row["people"])
        for row in queryset.values(key).annotate(n=Count("pk"), people=participant_count()).order_by()
    }


def _share(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def _not_declared_row(counts: dict, *keys) -> Row | None:
    n = sum(counts.get(k, (0, 0))[0] for k in keys)
    people = sum(counts.get(k, (0, 0))[1] for k in keys)
    if not n:
        return None
    return Row(key="", label=_("Not declared"), contributions=n, contributors=people, not_declared=True)


def _survey(review) -> tuple[list[SurveyFigures], SurveyFigures | None]:
    aggregates = {
        "answers": Count("pk"),
        "heard": Count("pk", filter=Q(felt_heard__gte=4)),
        "heard_avg": Avg("felt_heard"),
        "clear_avg": Avg("process_clear"),
        "again": Count("pk", filter=Q(would_take_part_again=True)),
    }
    rows = (
        SurveyResponse.objects.filter(round__review=review)
        .values("round", "round__title", "round__opens_at")
        .annotate(**aggregates)
        .order_by("round__opens_at", "round")
    )

    def figures(row, round_id, title):
        return SurveyFigures(
            round_id=round_id,
            round_title=title,
            answers=row["answers"],
            felt_heard_share=_share(row["heard"], row["answers"]),
            felt_heard_average=round(row["heard_avg"], 1) if row["heard_avg"] is not None else None,
            process_clear_average=round(row["clear_avg"], 1) if row["clear_avg"] is not None else None,
            would_take_part_again_share=_share(row["again"], row["answers"]),
        )

    per_round = [figures(row, row["round"], row["round__title"]) for row in rows]
    if not per_round:
        return [], None
    total = {
        "answers": sum(r["answers"] for r in rows),
        "heard": sum(r["heard"] for r in rows),
        "again": sum(r["again"] for r in rows),
    }
    total["heard_avg"] = sum(r["heard_avg"] * r["answers"] for r in rows) / total["answers"]
    total["clear_avg"] = sum(r["clear_avg"] * r["answers"] for r in rows) / total["answers"]
    return per_round, figures(total, 0, _("All rounds"))


def inclusiveness_dashboard(review) -> Dashboard:
    """The dashboard's figures for `review` (a fixed number of aggregate queries).

    Contributions moderators classed as spam are left out.
    """
    # Spam is nobody's participation; hidden abuse still came from someone who took part.
    contributions = Contribution.objects.filter(round__review=review).exclude(classification=Classification.SPAM)
    categories = list(StakeholderCategory.objects.filter(review=review).order_by("position", "name"))
    held = ActivityParticipation.objects.filter(
        activity__review=review, activity__status=EngagementActivity.Status.HELD
    )
    attended_by_category = {
        row["category"]: row["total"] for row in held.values("category").annotate(total=Sum("count")).order_by()
    }
    attended_by_stage = {
        row["activity__stage"]: row["total"]
        for row in held.values("activity__stage").annotate(total=Sum("count")).order_by()
    }
    targeted_ids = set(
        EngagementActivity.audience.through.objects.filter(engagementactivity__review=review)
        .exclude(engagementactivity__status=EngagementActivity.Status.CANCELLED)
        .values_list("stakeholdercategory_id", flat=True)
    )

    # By category.
    counts = _counts(contributions, "declared_category")
    category_rows = []
    for category in categories:
        n, people = counts.get(category.pk, (0, 0))
        row = Row(
            key=str(category.pk),
            label=category.name,
            contributions=n,
            contributors=people,
            activity_participants=attended_by_category.get(category.pk, 0) or 0,
        )
        row.flagged = (category.pk in targeted_ids or category.at_risk) and row.participants == 0 and n == 0
        category_rows.append(row)
    undeclared = _not_declared_row(counts, None)
    if undeclared:
        category_rows.append(undeclared)

    # By region, language, gender: what people declared; blanks counted apart.
    def simple(key: str, labels: dict | None = None) -> list[Row]:
        found = _counts(contributions, key)
        rows = [
            Row(key=value, label=str((labels or {}).get(value, value)), contributions=n, contributors=people)
            for value, (n, people) in found.items()
            if value
        ]
        rows.sort(key=lambda row: (-row.contributions, row.label))
        missing = _not_declared_row(found, "", None)
        return rows + ([missing] if missing else [])

    region_rows = simple("declared_region")
    language_rows = simple("language")
    gender_rows = simple("declared_gender", dict(Gender.choices))
    channel_counts = _counts(contributions, "channel")
    channel_rows = [
        Row(key=value, label=str(label), contributions=channel_counts[value][0], contributors=channel_counts[value][1])
        for value, label in Channel.choices
        if value in channel_counts
    ]

    round_counts = {
        row["round"]: row
        for row in contributions.values("round").annotate(n=Count("pk"), people=participant_count()).order_by()
    }
    round_rows = []
    for round_ in (
        ConsultationRound.objects.filter(review=review).only("pk", "title", "opens_at").order_by("opens_at", "pk")
    ):
        row = round_counts.get(round_.pk, {"n": 0, "people": 0})
        round_rows.append(
            Row(key=str(round_.pk), label=round_.title, contributions=row["n"], contributors=row["people"])
        )

    stage_counts = _counts(contributions, "round__stage")
    stage_rows = []
    for value, label in Stage.choices:
        n, people = stage_counts.get(value, (0, 0))
        attended = attended_by_stage.get(value, 0) or 0
        if n or attended:
            stage_rows.append(
                Row(key=value, label=str(label), contributions=n, contributors=people, activity_participants=attended)
            )

    totals = contributions.aggregate(
        contributions=Count("pk"),
        contributors=participant_count(),
        organisations=Count("on_behalf_of", distinct=True),
    )
    totals["activity_participants"] = sum(v or 0 for v in attended_by_category.values())
    totals["participants"] = totals["contributors"] + totals["activity_participants"]

    survey, survey_total = _survey(review)
    baseline = baseline_get(review)
    # The rows of the categories come first, in the same order; the "not declared" row
    # after them has no category, so zip stops before it.
    targeted = [
        row
        for row, category in zip(category_rows, categories, strict=False)
        if category.pk in targeted_ids or category.at_risk
    ]
    comparison = [
        {
            "label": _("Participants"),
            "first": baseline.participants if baseline else None,
            "now": totals["participants"],
        },
        {
            "label": _("Contributions"),
            "first": baseline.contributions if baseline else None,
            "now": totals["contributions"],
        },
        {
            "label": _("Organisations"),
            "first": baseline.organisations if baseline else None,
            "now": totals["organisations"],
        },
        {
            "label": _("Felt heard (%)"),
            "first": baseline.felt_heard_percent if baseline else None,
            "now": survey_total.felt_heard_share if survey_total else None,
        },
    ]
    return Dashboard(
        tables=[
            Table("category", _("By category"), category_rows, with_activities=True),
            Table("region", _("By region"), region_rows),
            Table("language", _("By language"), language_rows),
            Table("gender", _("By gender"), gender_rows),
            Table("channel", _("By channel"), channel_rows),
            Table("round", _("By round"), round_rows),
            Table("stage", _("By stage"), stage_rows, with_activities=True),
        ],
        totals=totals,
        targeted=targeted,
        not_reached=[row for row in targeted if row.flagged],
        survey=survey,
        survey_total=survey_total,
        baseline=baseline,
        comparison=comparison,
        category_comparison=_category_comparison(baseline, category_rows),
    )


def _category_comparison(baseline: EngagementBaseline | None, rows: list[Row]) -> list[dict]:
    """[{label, first, now}]: this review's categories (matched by name, case aside) with the
    first VNR's count, then the first VNR's categories this review does not have; [] when the
    first VNR's participants by category were not entered."""
    if baseline is None or not baseline.by_category:
        return []
    first = {entry["name"].casefold(): entry for entry in baseline.by_category}
    result = []
    for row in rows:
        if row.not_declared:
            continue
        entry = first.pop(row.label.casefold(), None)
        result.append({"label": row.label, "first": entry["participants"] if entry else None, "now": row.participants})
    result += [{"label": entry["name"], "first": entry["participants"], "now": None} for entry in first.values()]
    return result


def baseline_get(review: Review) -> EngagementBaseline | None:
    """The first VNR's figures entered for `review`, if any."""
    return EngagementBaseline.objects.filter(review=review).first()


def survey_has_answered(*, round: ConsultationRound, user) -> bool:
    return user.is_authenticated and SurveyResponse.objects.filter(round=round, user=user).exists()
