"""Who may do what in stakeholder engagement, per review. Objects are a Review or anything
with a `review_id` (a round, an organisation, a contribution with its round loaded).

The taskforce (coordinator, editor, moderator) works with the registry and its personal
data; reviewers may read the plan and figures but not contacts; the public reads a
published portal and contributes to the rounds whose audience they are in.

Each decision is made here, once. Where a page lists what a decision allows, the
predicate has a queryset side next to it (`portal_list_published` beside
`is_portal_published`, …): lists filter with that, single objects are checked with the
predicate, and both say the same thing.
"""

from __future__ import annotations

import functools
import operator

import rules
from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone

from reviews.rules import is_coordinator, is_editor, is_member, is_moderator, is_reviewer, review_id_of


def _model(name: str):
    # Models are looked up when a rule runs: the models import this module.
    return apps.get_model("stakeholders", name)


# --- The taskforce -------------------------------------------------------------------

is_engagement_staff = is_coordinator | is_editor | is_moderator

can_view_engagement = rules.is_superuser | is_engagement_staff | is_reviewer
can_view_contacts = rules.is_superuser | is_engagement_staff
can_manage_engagement = rules.is_superuser | is_coordinator | is_editor
can_moderate = rules.is_superuser | is_coordinator | is_moderator
can_take_in = rules.is_superuser | is_coordinator | is_editor
# Entering a contribution received offline (paper, workshop, phone...) on someone's behalf:
# the taskforce that runs the rounds (coordinators, editors, moderators); not reviewers.
can_enter_offline = rules.is_superuser | is_engagement_staff


# --- The portal ----------------------------------------------------------------------


def _review(obj):
    if obj is None:
        return None
    Review = apps.get_model("reviews", "Review")
    return obj if isinstance(obj, Review) else obj.review


@rules.predicate
def is_portal_published(user, obj) -> bool:
    """The review's portal is open to the public (`obj` a Review, Portal or round)."""
    if obj is None:
        return False
    if isinstance(obj, _model("Portal")):
        return obj.is_published
    review = _review(obj)
    portal = getattr(review, "portal", None) if review is not None else None
    return bool(portal and portal.is_published)


def portal_list_published() -> QuerySet:
    """The queryset side of `is_portal_published`: the portals open to the public."""
    return _model("Portal").objects.filter(is_published=True)


can_view_portal = rules.is_superuser | is_member | is_portal_published


# --- Rounds --------------------------------------------------------------------------


@rules.predicate
def is_round_published(user, round_) -> bool:
    return round_ is not None and round_.published_at is not None


def round_list_published(review) -> QuerySet:
    """The queryset side of `is_round_published`: the published rounds of `review`."""
    return _model("ConsultationRound").objects.filter(review=review, published_at__isnull=False)


def round_list_public(review) -> QuerySet:
    """The queryset side of `is_round_public & is_in_audience` for anyone, signed in or not:
    the published rounds of `review` open to the public (audience "public"), while its
    portal is published. What open data may publish."""
    return round_list_published(review).filter(review__portal__is_published=True, audience="public")


@rules.predicate
def has_round_opened(user, round_) -> bool:
    return round_ is not None and round_.opens_at <= timezone.now()


@rules.predicate
def has_round_closed(user, round_) -> bool:
    return round_ is not None and timezone.now() >= round_.closes_at


# Open: published, opened and not closed yet (ConsultationRound.is_open).
is_round_open = is_round_published & has_round_opened & ~has_round_closed


def round_list_open() -> QuerySet:
    """The queryset side of `is_round_open`: the rounds open now, of every review."""
    now = timezone.now()
    return _model("ConsultationRound").objects.filter(published_at__isnull=False, opens_at__lte=now, closes_at__gt=now)


# On the portal: a published round of a published portal.
is_round_public = is_portal_published & is_round_published


@rules.predicate
def is_in_audience(user, round_) -> bool:
    """Public rounds: everyone; invited: who accepted an invitation; working group: its members."""
    if round_ is None:
        return False
    if round_.audience == "public":
        return True
    if not user.is_authenticated:
        return False
    cache = round_.__dict__.get("_vnr_in_audience")
    if cache is not None and user.pk in cache:
        return cache[user.pk]
    if round_.audience == "invited":
        answer = round_.invitations.filter(accepted_by=user).exists()
    else:
        answer = round_.group_id is not None and round_.group.members.filter(pk=user.pk).exists()
    if cache is not None:
        cache[user.pk] = answer
    return answer


def remember_audience(round_) -> None:
    """Let `is_in_audience` answer once per person for this round instance: for a read that
    asks it about every contribution of a list (nothing changes the audience meanwhile)."""
    round_.__dict__.setdefault("_vnr_in_audience", {})


# Staff see every round of their review, published or not; the public a published round
# of a published portal, if it is in the round's audience.
can_view_round = can_view_engagement | (is_round_public & is_in_audience)


def round_list_in_audience(user, rounds: QuerySet) -> QuerySet:
    """The queryset side of `is_in_audience`: those of `rounds` whose audience `user` is in."""
    audience = Q(audience="public")
    if user.is_authenticated:
        accepted = _model("RoundInvitation").objects.filter(accepted_by=user).values("round_id")
        groups = _model("StandingGroup").objects.filter(members=user).values("pk")
        audience |= Q(audience="invited", pk__in=accepted) | Q(audience="working_group", group_id__in=groups)
    return rounds.filter(audience)


def round_list_viewable(user, review) -> QuerySet:
    """The queryset side of `can_view_round` for the rounds of `review`: every one for the
    engagement staff; else the published rounds of a published portal whose audience
    `user` is in (none when the portal is not public)."""
    if can_view_engagement.test(user, review):
        return _model("ConsultationRound").objects.filter(review=review)
    if not is_portal_published.test(user, review):
        return _model("ConsultationRound").objects.none()
    return round_list_in_audience(user, round_list_published(review))


# --- Contributors --------------------------------------------------------------------


@rules.predicate
def is_verified_contributor(user, obj) -> bool:
    """A verified e-mail address (an accepted invitation link verifies it too)."""
    if not user.is_authenticated:
        return False
    profile = getattr(user, "contributor", None)
    return bool(profile and profile.is_verified)


def block_list_active(review) -> QuerySet:
    """The queryset side of `is_blocked`: the blocks in force in `review` (a Review or anything
    with a `review_id`)."""
    return _model("ContributorBlock").objects.filter(review_id=review_id_of(review), lifted_at__isnull=True)


@rules.predicate
def is_blocked(user, obj) -> bool:
    """A moderator blocked `user` from contributing to the review of `obj`."""
    if not user.is_authenticated or obj is None:
        return False
    return block_list_active(obj).filter(user=user).exists()


# --- Contributing --------------------------------------------------------------------

# "May contribute to this round now", condition by condition, in the order a person is
# told what is missing (stakeholders.portal.services.contributions says how to fix each).
# The permission is all of them; `contribute_refusal` names the first one not met.
CONTRIBUTE_CONDITIONS = (
    ("login", rules.is_authenticated),
    ("unpublished", is_round_public),
    ("not_yet", has_round_opened),
    ("closed", ~has_round_closed),
    ("audience", is_in_audience),
    ("unverified", is_verified_contributor),
    ("blocked", ~is_blocked),
)
can_contribute = functools.reduce(operator.and_, (predicate for _reason, predicate in CONTRIBUTE_CONDITIONS))


def contribute_refusal(user, round_) -> str | None:
    """Why `user` may not contribute to `round_` now (the first condition of
    `can_contribute` not met: "login", "unpublished", "not_yet", "closed", "audience",
    "unverified" or "blocked"), or None when they may."""
    for reason, predicate in CONTRIBUTE_CONDITIONS:
        if not predicate.test(user, round_):
            return reason
    return None


@rules.predicate
def has_contributed_to_round(user, round_) -> bool:
    """`user` wrote at least one contribution to the round, whatever became of it."""
    if round_ is None or not user.is_authenticated:
        return False
    return round_list_contributed_to(user).filter(pk=round_.pk).exists()


def round_list_contributed_to(user) -> QuerySet:
    """The queryset side of `has_contributed_to_round`: the rounds `user` contributed to
    (online: entering what others gave offline is not taking part)."""
    ConsultationRound = _model("ConsultationRound")
    if not user.is_authenticated:
        return ConsultationRound.objects.none()
    return ConsultationRound.objects.filter(contributions__author=user, contributions__channel="online").distinct()


# The survey after a round asks the people who took part in it about being heard: from
# their first contribution on, and after the round has closed.
can_answer_survey = has_contributed_to_round


# --- Contributions -------------------------------------------------------------------


@rules.predicate
def is_contribution_visible(user, contribution) -> bool:
    """Shown to the public: not hidden or waiting for a moderator, and, when received
    offline, given with consent to publish it."""
    return (
        contribution is not None
        and contribution.visibility == "visible"
        and (contribution.channel == "online" or contribution.consent_publish)
    )


def contribution_list_visible(contributions: QuerySet) -> QuerySet:
    """The queryset side of `is_contribution_visible`: those of `contributions` the public sees."""
    return contributions.filter(Q(channel="online") | Q(consent_publish=True), visibility="visible")


@rules.predicate
def is_contribution_author(user, contribution) -> bool:
    return contribution is not None and user.is_authenticated and contribution.author_id == user.pk


@rules.predicate
def can_view_contribution_round(user, contribution) -> bool:
    return contribution is not None and can_view_round(user, contribution.round)


# The text of a hidden or waiting contribution: moderators, the taskforce and its author.
can_view_contribution_text = (
    can_view_engagement | is_contribution_author | (is_contribution_visible & can_view_contribution_round)
)


@rules.predicate
def is_contribution_hidden(user, contribution) -> bool:
    """A moderator hid it (not merely waiting for one after flags)."""
    return contribution is not None and contribution.visibility == "hidden"


@rules.predicate
def is_contribution_offline(user, contribution) -> bool:
    """Entered by staff for someone who took part offline: its files (a scan of a paper
    form, notes) carry personal data."""
    return contribution is not None and contribution.channel != "online"


# The files of a contribution a moderator hid: its author and those who moderate (not
# every member of the taskforce, as for its text): a hidden file may be what harms.
can_view_contribution_files = (
    can_moderate
    | is_contribution_author
    | (is_contribution_offline & can_view_contacts)
    | (~is_contribution_hidden & ~is_contribution_offline & can_view_contribution_text)
)


@rules.predicate
def has_contributed_to_review(user, obj) -> bool:
    """`user` wrote at least one contribution to a round of the review of `obj` (a Review,
    a round or a contribution), whatever became of it."""
    if obj is None or not user.is_authenticated:
        return False
    return _model("Contribution").objects.filter(author=user, round__review_id=review_id_of(obj)).exists()


# Who may report contributions in a review: its members, and the verified people who
# took part in one of its rounds (not blocked), so that fresh accounts cannot hide what
# others say. Asked once per page (`obj` a Review, round or contribution).
can_flag_in_review = (
    rules.is_superuser | is_member | (is_verified_contributor & has_contributed_to_review & ~is_blocked)
)
can_flag_contribution = (
    rules.is_authenticated
    & is_contribution_visible
    & can_view_contribution_round
    & ~is_contribution_author
    & can_flag_in_review
)


# --- The permissions by name ---------------------------------------------------------

# As views check them: `user.has_perm(MODERATE, review)`.
VIEW_ENGAGEMENT = "stakeholders.view_engagement"
VIEW_CONTACTS = "stakeholders.view_contacts"
MANAGE_ENGAGEMENT = "stakeholders.manage_engagement"
VIEW_PORTAL = "stakeholders.view_portal"
VIEW_ROUND = "stakeholders.view_round"
CONTRIBUTE = "stakeholders.contribute"
ANSWER_SURVEY = "stakeholders.answer_survey"
FLAG_CONTRIBUTION = "stakeholders.flag_contribution"
FLAG_IN_REVIEW = "stakeholders.flag_in_review"
VIEW_CONTRIBUTION = "stakeholders.view_contribution"
VIEW_CONTRIBUTION_FILES = "stakeholders.view_contribution_files"
MODERATE = "stakeholders.moderate"
TAKE_IN = "stakeholders.take_in"
ENTER_OFFLINE = "stakeholders.enter_offline"

rules.add_perm(VIEW_ENGAGEMENT, can_view_engagement)
rules.add_perm(VIEW_CONTACTS, can_view_contacts)
rules.add_perm(MANAGE_ENGAGEMENT, can_manage_engagement)
rules.add_perm(VIEW_PORTAL, can_view_portal)
rules.add_perm(VIEW_ROUND, can_view_round)
rules.add_perm(CONTRIBUTE, can_contribute)
rules.add_perm(ANSWER_SURVEY, can_answer_survey)
rules.add_perm(FLAG_CONTRIBUTION, can_flag_contribution)
rules.add_perm(FLAG_IN_REVIEW, can_flag_in_review)
rules.add_perm(VIEW_CONTRIBUTION, can_view_contribution_text)
rules.add_perm(VIEW_CONTRIBUTION_FILES, can_view_contribution_files)
rules.add_perm(MODERATE, can_moderate)
rules.add_perm(TAKE_IN, can_take_in)
rules.add_perm(ENTER_OFFLINE, can_enter_offline)
