"""Each engagement permission, for a role that may and one that may not."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from stakeholders import rules as perms
from stakeholders.models import ConsultationRound
from stakeholders.tests.factories import (
    ContributionFactory,
    ContributorBlockFactory,
    PortalFactory,
    RoundFactory,
    RoundInvitationFactory,
    StandingGroupFactory,
)

pytestmark = pytest.mark.django_db


def test_contacts_are_for_the_taskforce_only(review, coordinator, editor, moderator, reviewer, focal_a, contributor):
    for user in (coordinator, editor, moderator):
        assert user.has_perm("stakeholders.view_contacts", review)
    for user in (reviewer, focal_a, contributor):
        assert not user.has_perm("stakeholders.view_contacts", review)


def test_engagement_is_managed_by_coordinator_and_editor(
    review, other_review, coordinator, editor, moderator, reviewer
):
    assert coordinator.has_perm("stakeholders.manage_engagement", review)
    assert editor.has_perm("stakeholders.manage_engagement", review)
    assert not moderator.has_perm("stakeholders.manage_engagement", review)
    assert not reviewer.has_perm("stakeholders.manage_engagement", review)
    assert reviewer.has_perm("stakeholders.view_engagement", review)
    assert not coordinator.has_perm("stakeholders.manage_engagement", other_review)


def test_portal_is_public_only_once_published(review, portal, coordinator):
    anonymous = AnonymousUser()
    assert anonymous.has_perm("stakeholders.view_portal", review)
    portal.is_published = False
    portal.save()
    review.refresh_from_db()
    assert not anonymous.has_perm("stakeholders.view_portal", review)
    assert coordinator.has_perm("stakeholders.view_portal", review)


def test_public_round_readable_by_anyone_but_unpublished_round_by_staff_only(public_round, coordinator):
    anonymous = AnonymousUser()
    assert anonymous.has_perm("stakeholders.view_round", public_round)
    draft = RoundFactory(review=public_round.review, published_at=None)
    assert not anonymous.has_perm("stakeholders.view_round", draft)
    assert coordinator.has_perm("stakeholders.view_round", draft)


def test_contributing_needs_a_verified_account_and_an_open_window(public_round, contributor, outsider):
    assert contributor.has_perm("stakeholders.contribute", public_round)
    assert not outsider.has_perm("stakeholders.contribute", public_round)  # no verified e-mail
    assert not AnonymousUser().has_perm("stakeholders.contribute", public_round)
    public_round.closes_at = timezone.now() - timedelta(minutes=1)
    public_round.opens_at = public_round.closes_at - timedelta(days=3)
    assert not contributor.has_perm("stakeholders.contribute", public_round)


def test_invited_round_needs_an_accepted_invitation(portal, contributor, other_contributor):
    round_ = RoundFactory(review=portal.review, audience=ConsultationRound.Audience.INVITED)
    RoundInvitationFactory(round=round_, email=contributor.email, accepted_by=contributor)
    assert contributor.has_perm("stakeholders.contribute", round_)
    assert not other_contributor.has_perm("stakeholders.contribute", round_)
    assert not other_contributor.has_perm("stakeholders.view_round", round_)


def test_working_group_round_is_for_its_members(portal, contributor, other_contributor):
    group = StandingGroupFactory(review=portal.review)
    group.members.add(contributor)
    round_ = RoundFactory(review=portal.review, audience=ConsultationRound.Audience.WORKING_GROUP, group=group)
    assert contributor.has_perm("stakeholders.contribute", round_)
    assert not other_contributor.has_perm("stakeholders.contribute", round_)


def test_a_blocked_account_cannot_contribute(public_round, contributor, moderator):
    ContributorBlockFactory(review=public_round.review, user=contributor, reason="abuse", blocked_by=moderator)
    assert not contributor.has_perm("stakeholders.contribute", public_round)


def test_moderation_is_for_moderators_and_coordinators_of_that_review(
    review, other_review, moderator, coordinator, editor
):
    assert moderator.has_perm("stakeholders.moderate", review)
    assert coordinator.has_perm("stakeholders.moderate", review)
    assert not editor.has_perm("stakeholders.moderate", review)
    assert not moderator.has_perm("stakeholders.moderate", other_review)


def test_taking_feedback_in_is_for_editors(review, editor, moderator):
    assert editor.has_perm("stakeholders.take_in", review)
    assert not moderator.has_perm("stakeholders.take_in", review)


def test_hidden_contribution_text_only_for_staff_and_author(public_round, moderator, other_contributor):
    contribution = ContributionFactory(round=public_round, visibility="hidden")
    assert moderator.has_perm("stakeholders.view_contribution", contribution)
    assert contribution.author.has_perm("stakeholders.view_contribution", contribution)
    assert not other_contributor.has_perm("stakeholders.view_contribution", contribution)
    assert not AnonymousUser().has_perm("stakeholders.view_contribution", contribution)


def test_flagging_a_visible_comment_of_someone_else(public_round, other_contributor):
    contribution = ContributionFactory(round=public_round)
    ContributionFactory(round=public_round, author=other_contributor)
    assert other_contributor.has_perm("stakeholders.flag_contribution", contribution)
    assert not contribution.author.has_perm("stakeholders.flag_contribution", contribution)
    assert not AnonymousUser().has_perm("stakeholders.flag_contribution", contribution)


def test_a_verified_contributor_of_another_round_of_the_review_may_flag(public_round, other_contributor):
    contribution = ContributionFactory(round=public_round)
    earlier = RoundFactory(review=public_round.review, title="An earlier round")
    ContributionFactory(round=earlier, author=other_contributor, visibility="hidden")
    assert other_contributor.has_perm("stakeholders.flag_contribution", contribution)


@pytest.mark.parametrize("role", ["coordinator", "moderator", "editor", "reviewer", "focal_a"])
def test_the_reviews_staff_may_flag(request, public_round, role):
    contribution = ContributionFactory(round=public_round)
    assert request.getfixturevalue(role).has_perm("stakeholders.flag_contribution", contribution)


def test_a_fresh_verified_account_may_not_flag(public_round, other_contributor):
    contribution = ContributionFactory(round=public_round)
    assert not other_contributor.has_perm("stakeholders.flag_contribution", contribution)
    assert not other_contributor.has_perm("stakeholders.flag_in_review", public_round.review)


def test_an_unverified_contributor_may_not_flag(public_round, other_contributor):
    contribution = ContributionFactory(round=public_round)
    ContributionFactory(round=public_round, author=other_contributor)
    other_contributor.contributor.email_verified_at = None
    other_contributor.contributor.save()
    assert not other_contributor.has_perm("stakeholders.flag_contribution", contribution)


def test_a_contributor_of_another_review_only_may_not_flag(public_round, other_review, other_contributor):
    contribution = ContributionFactory(round=public_round)
    ContributionFactory(round=RoundFactory(review=PortalFactory(review=other_review).review), author=other_contributor)
    assert not other_contributor.has_perm("stakeholders.flag_contribution", contribution)


def test_another_countrys_staff_may_not_flag(public_round, other_member):
    contribution = ContributionFactory(round=public_round)
    assert not other_member.has_perm("stakeholders.flag_contribution", contribution)


def test_a_blocked_contributor_may_not_flag(public_round, other_contributor):
    contribution = ContributionFactory(round=public_round)
    ContributionFactory(round=public_round, author=other_contributor)
    ContributorBlockFactory(review=public_round.review, user=other_contributor, reason="abuse")
    assert not other_contributor.has_perm("stakeholders.flag_contribution", contribution)


@pytest.mark.parametrize("role", ["moderator", "coordinator"])
def test_files_of_a_hidden_contribution_for_moderators(request, public_round, role):
    contribution = ContributionFactory(round=public_round, visibility="hidden")
    assert request.getfixturevalue(role).has_perm("stakeholders.view_contribution_files", contribution)
    assert contribution.author.has_perm("stakeholders.view_contribution_files", contribution)


@pytest.mark.parametrize("role", ["reviewer", "editor", "focal_a", "other_contributor"])
def test_files_of_a_hidden_contribution_not_for_others(request, public_round, role):
    contribution = ContributionFactory(round=public_round, visibility="hidden")
    assert not request.getfixturevalue(role).has_perm("stakeholders.view_contribution_files", contribution)
    assert not AnonymousUser().has_perm("stakeholders.view_contribution_files", contribution)


def test_files_of_a_visible_contribution_for_whoever_reads_it(public_round, reviewer, other_contributor):
    contribution = ContributionFactory(round=public_round)
    for user in (reviewer, other_contributor, AnonymousUser()):
        assert user.has_perm("stakeholders.view_contribution_files", contribution)


# --- One decision, its queryset side and its reasons -------------------------------------


def test_survey_is_for_those_who_contributed_to_the_round(public_round, contributor, other_contributor):
    ContributionFactory(round=public_round, author=contributor)
    assert contributor.has_perm("stakeholders.answer_survey", public_round)
    assert not other_contributor.has_perm("stakeholders.answer_survey", public_round)
    assert not AnonymousUser().has_perm("stakeholders.answer_survey", public_round)
    assert list(perms.round_list_contributed_to(contributor)) == [public_round]
    assert list(perms.round_list_contributed_to(other_contributor)) == []
    assert list(perms.round_list_contributed_to(AnonymousUser())) == []


def test_a_round_is_public_once_it_and_its_portal_are_published(public_round, portal, contributor):
    draft = RoundFactory(review=portal.review, published_at=None)
    assert perms.is_round_public.test(contributor, public_round)
    assert not perms.is_round_public.test(contributor, draft)
    assert list(perms.round_list_published(portal.review)) == [public_round]
    portal.is_published = False
    portal.save()
    public_round.review.refresh_from_db()
    assert not perms.is_round_public.test(contributor, public_round)


def test_published_portals_list_matches_the_predicate(portal, other_review):
    closed = PortalFactory(review=other_review, is_published=False)
    assert perms.is_portal_published.test(None, portal)
    assert not perms.is_portal_published.test(None, closed)
    assert list(perms.portal_list_published()) == [portal]


def test_open_rounds_list_matches_the_predicate(public_round, contributor):
    now = timezone.now()
    closed = RoundFactory(
        review=public_round.review, opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1)
    )
    scheduled = RoundFactory(review=public_round.review, opens_at=now + timedelta(days=1))
    draft = RoundFactory(review=public_round.review, published_at=None)
    assert perms.is_round_open.test(contributor, public_round)
    for round_ in (closed, scheduled, draft):
        assert not perms.is_round_open.test(contributor, round_)
    assert list(perms.round_list_open()) == [public_round]


def test_blocks_in_force_list_matches_the_predicate(public_round, contributor, other_contributor, moderator):
    ContributorBlockFactory(review=public_round.review, user=contributor, blocked_by=moderator)
    ContributorBlockFactory(review=public_round.review, user=other_contributor, lifted_at=timezone.now())
    assert perms.is_blocked.test(contributor, public_round)
    assert not perms.is_blocked.test(other_contributor, public_round)
    assert [block.user for block in perms.block_list_active(public_round.review)] == [contributor]


def test_contribute_refusal_names_the_first_condition_not_met(public_round, contributor, outsider, moderator):
    now = timezone.now()
    assert perms.contribute_refusal(contributor, public_round) is None
    assert perms.contribute_refusal(AnonymousUser(), public_round) == "login"
    assert perms.contribute_refusal(outsider, public_round) == "unverified"
    draft = RoundFactory(review=public_round.review, published_at=None)
    assert perms.contribute_refusal(contributor, draft) == "unpublished"
    scheduled = RoundFactory(review=public_round.review, opens_at=now + timedelta(days=1))
    assert perms.contribute_refusal(contributor, scheduled) == "not_yet"
    closed = RoundFactory(
        review=public_round.review, opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1)
    )
    assert perms.contribute_refusal(contributor, closed) == "closed"
    invited = RoundFactory(review=public_round.review, audience=ConsultationRound.Audience.INVITED)
    assert perms.contribute_refusal(contributor, invited) == "audience"
    ContributorBlockFactory(review=public_round.review, user=contributor, blocked_by=moderator)
    assert perms.contribute_refusal(contributor, public_round) == "blocked"
    # The permission says the same as the reasons: allowed exactly when there is none.
    assert not contributor.has_perm("stakeholders.contribute", public_round)
