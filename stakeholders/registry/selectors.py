"""Reads of the registry: categories, organisations and their contacts, the interest ×
influence map with its gaps, the engagement hub's figures, standing groups and the
engagement plan. Each with its relations loaded, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum

from reviews.models import Review, Stage
from stakeholders.registry.models import (
    ActivityParticipation,
    Contact,
    EngagementActivity,
    GroupMeeting,
    Organisation,
    StakeholderCategory,
    StandingGroup,
)
from stakeholders.rounds.models import ConsultationRound

LEVELS = [1, 2, 3, 4, 5]


# --- Categories -----------------------------------------------------------------------


def category_list(review: Review) -> list[StakeholderCategory]:
    """The review's categories in order, each with `organisation_count`. One query."""
    return list(
        StakeholderCategory.objects.filter(review=review)
        .annotate(organisation_count=Count("organisations"))
        .order_by("position", "name")  # Meta.ordering does not apply to aggregating queries
    )


def category_choice_list(review: Review) -> QuerySet[StakeholderCategory]:
    """The review's categories as choices of a form field (names only), by name."""
    return StakeholderCategory.objects.filter(review=review).only("pk", "name").order_by("name")


# --- Organisations and contacts -------------------------------------------------------


def organisation_list(
    review: Review,
    *,
    category: StakeholderCategory | None = None,
    region: str = "",
    language: str = "",
    search: str = "",
) -> QuerySet[Organisation]:
    """The review's organisations, filtered, with their category loaded."""
    organisations = Organisation.objects.filter(review=review).select_related("category")
    if category is not None:
        organisations = organisations.filter(category=category)
    if region:
        organisations = organisations.filter(region__iexact=region)
    if language:
        # Languages are a JSON list of codes: match the quoted code in its text, which
        # works on SQLite and PostgreSQL alike.
        organisations = organisations.filter(languages__icontains=f'"{language}"')
    if search:
        organisations = organisations.filter(
            Q(name__icontains=search) | Q(acronym__icontains=search) | Q(description__icontains=search)
        )
    return organisations.order_by("name", "pk")


def organisation_region_list(review: Review) -> list[str]:
    """The regions organisations of `review` are in (for the filter). One query."""
    return list(
        Organisation.objects.filter(review=review)
        .exclude(region="")
        .values_list("region", flat=True)
        .distinct()
        .order_by("region")
    )


def organisation_choice_list(review: Review) -> QuerySet[Organisation]:
    """The review's organisations as choices of a form field (names only), by name."""
    return Organisation.objects.filter(review=review).only("pk", "name").order_by("name")


def contact_list(organisation: Organisation) -> list[Contact]:
    """The contacts of an organisation, with who recorded them (personal data: for those
    who may see contacts only)."""
    return list(organisation.contacts.select_related("recorded_by"))


def contact_list_with_email(review: Review) -> list[Contact]:
    """The review's contacts that have an e-mail address, with their organisation, by
    organisation and name (to invite them to a round)."""
    return list(
        Contact.objects.filter(organisation__review=review)
        .exclude(email="")
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


# --- Map and gaps ---------------------------------------------------------------------


@dataclass
class MapCell:
    interest: int
    influence: int
    organisations: list[Organisation] = field(default_factory=list)


@dataclass
class EngagementMap:
    # Rows from high interest (5) to low (1), each with cells from low influence to high.
    rows: list[tuple[int, list[MapCell]]]
    influences: list[int]
    categories: list[StakeholderCategory]  # each with organisation_count, targeted
    targeted_gaps: list[StakeholderCategory]  # targeted by the plan, nobody represents them
    empty: list[StakeholderCategory]  # no organisation at all

    @property
    def organisation_count(self) -> int:
        return sum(len(cell.organisations) for _, cells in self.rows for cell in cells)


def engagement_map(review: Review) -> EngagementMap:
    """The interest × influence grid and the gaps of the registry. Two queries whatever
    the number of organisations and categories.

    A category is *targeted* when an activity of the plan that is not cancelled has it in
    its audience; a targeted category without organisations is a gap to close first.
    """
    cells = {(i, f): MapCell(i, f) for i in LEVELS for f in LEVELS}
    for org in Organisation.objects.filter(review=review).select_related("category").order_by("name"):
        cells[(org.interest, org.influence)].organisations.append(org)
    categories = list(
        StakeholderCategory.objects.filter(review=review)
        .annotate(
            organisation_count=Count("organisations", distinct=True),
            targeted_count=Count(
                "activities",
                filter=~Q(activities__status=EngagementActivity.Status.CANCELLED),
                distinct=True,
            ),
        )
        .order_by("position", "name")
    )
    empty = [c for c in categories if not c.organisation_count]
    return EngagementMap(
        rows=[(i, [cells[(i, f)] for f in LEVELS]) for i in reversed(LEVELS)],
        influences=LEVELS,
        categories=categories,
        targeted_gaps=[c for c in empty if c.targeted_count],
        empty=empty,
    )


# --- Hub ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HubFigures:
    categories: int
    organisations: int
    contacts: int
    groups: int
    activities_planned: int
    activities_held: int
    rounds: int


def hub_figures(review: Review) -> HubFigures:
    """The engagement hub's counts. A fixed number of queries (one per table)."""
    activities = EngagementActivity.objects.filter(review=review).aggregate(
        planned=Count("pk", filter=Q(status=EngagementActivity.Status.PLANNED)),
        held=Count("pk", filter=Q(status=EngagementActivity.Status.HELD)),
    )
    return HubFigures(
        categories=StakeholderCategory.objects.filter(review=review).count(),
        organisations=Organisation.objects.filter(review=review).count(),
        contacts=Contact.objects.filter(organisation__review=review).count(),
        groups=StandingGroup.objects.filter(review=review).count(),
        activities_planned=activities["planned"],
        activities_held=activities["held"],
        rounds=ConsultationRound.objects.filter(review=review).count(),
    )


# --- Standing groups ------------------------------------------------------------------


def group_list(review: Review) -> list[StandingGroup]:
    """The review's groups with `organisation_count`, `member_count`, `meeting_count`
    and `last_meeting`. One query."""
    return list(
        StandingGroup.objects.filter(review=review)
        .annotate(
            organisation_count=Count("organisations", distinct=True),
            member_count=Count("members", distinct=True),
            meeting_count=Count("meetings", distinct=True),
            last_meeting=Max("meetings__date"),
        )
        .order_by("name", "pk")  # Meta.ordering does not apply to aggregating queries
    )


def group_get(review: Review, group_pk: int) -> StandingGroup:
    """One group of `review` with its organisations, members and meetings (each meeting
    with its attendees and round) loaded: a fixed number of queries. Raises
    StandingGroup.DoesNotExist."""
    return StandingGroup.objects.prefetch_related(
        Prefetch("organisations", queryset=Organisation.objects.select_related("category")),
        "members",
        Prefetch(
            "meetings",
            queryset=GroupMeeting.objects.select_related("round").prefetch_related("attendees"),
        ),
    ).get(review=review, pk=group_pk)


def group_list_for_organisation(organisation: Organisation) -> list[StandingGroup]:
    """The standing groups an organisation belongs to."""
    return list(organisation.standing_groups.all())


# --- The engagement plan --------------------------------------------------------------


@dataclass
class StageActivities:
    stage: str
    label: str
    activities: list[EngagementActivity]


def activity_list(review: Review):
    return (
        EngagementActivity.objects.filter(review=review)
        .select_related("owner", "round")
        .prefetch_related(
            "audience",
            Prefetch(
                "participation",
                queryset=ActivityParticipation.objects.select_related("category").order_by(
                    "category__position", "category__name"
                ),
            ),
        )
        .annotate(participants=Sum("participation__count"))
        .order_by("date", "pk")
    )


def activity_list_by_stage(review: Review) -> list[StageActivities]:
    """Every VNR stage in order with its activities (by date, undated last within the
    stage's order of creation), audience, owner, round and participation loaded. A fixed
    number of queries."""
    by_stage: dict[str, list] = {stage: [] for stage in Stage.values}
    dated, undated = [], []
    for activity in activity_list(review):
        (dated if activity.date else undated).append(activity)
    for activity in dated + undated:
        by_stage.setdefault(activity.stage, []).append(activity)
    return [StageActivities(stage, str(Stage(stage).label), by_stage[stage]) for stage in Stage.values]


def activity_owner_list(review: Review):
    """The people who hold a role in `review` (possible activity owners)."""

    return (
        get_user_model()
        .objects.filter(vnr_memberships__review=review)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
