"""The queryset sides the API lists with say what their predicates say, object by object."""

import pytest
from django.contrib.auth.models import AnonymousUser

from stakeholders import rules as perms
from stakeholders.portal.models import Contribution, Visibility
from stakeholders.rounds.models import ConsultationRound, RoundInvitation
from stakeholders.tests.factories import ContributionFactory, RoundFactory, StandingGroupFactory

pytestmark = pytest.mark.django_db


def test_round_list_viewable_agrees_with_can_view_round(
    review, coordinator, reviewer, focal_a, outsider, other_member, contributor, other_contributor,
    public_round, invited_round, draft_round,
):  # fmt: skip
    group = StandingGroupFactory(review=review)
    group.members.add(other_contributor)
    group_round = RoundFactory(review=review, audience="working_group", group=group)
    RoundFactory(review=review, published_at=None, audience="invited")
    RoundInvitation.objects.create(round=invited_round, email=contributor.email, accepted_by=contributor)
    rounds = list(ConsultationRound.objects.filter(review=review).select_related("review__portal", "group"))
    people = (AnonymousUser(), coordinator, reviewer, focal_a, outsider, other_member, contributor, other_contributor)
    for user in people:
        listed = set(perms.round_list_viewable(user, review).values_list("pk", flat=True))
        assert listed == {r.pk for r in rounds if user.has_perm(perms.VIEW_ROUND, r)}, user
    assert group_round.pk in set(perms.round_list_viewable(other_contributor, review).values_list("pk", flat=True))


def test_contribution_list_visible_agrees_with_is_contribution_visible(public_round):
    for visibility in Visibility.values:
        for channel, publish in (("online", False), ("paper", True), ("paper", False)):
            ContributionFactory(round=public_round, visibility=visibility, channel=channel, consent_publish=publish)
    contributions = Contribution.objects.filter(round=public_round)
    listed = set(perms.contribution_list_visible(contributions).values_list("pk", flat=True))
    assert listed == {c.pk for c in contributions if perms.is_contribution_visible.test(None, c)}
    assert len(listed) == 2
