"""The moderation queue in "My tasks", handed to reviews by StakeholdersConfig.ready()."""

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.core.my_tasks import member_reviews, registered_task_keys, task_groups_for_user
from reviews.tests.factories import MembershipFactory, ReviewFactory, UserFactory
from stakeholders.tests.factories import ContributionFactory, RoundFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def _moderation(user):
    groups = {group.key: group for group in task_groups_for_user(user, today=timezone.localdate())}
    return groups.get("moderation")


def test_the_provider_is_registered_from_stakeholders():
    assert "moderation" in registered_task_keys()


def test_moderator_sees_the_contributions_waiting_as_one_link_per_review(client, review, moderator, public_round):
    for _n in range(3):
        ContributionFactory(round=public_round, document=public_round.documents.first())
    ContributionFactory(round=public_round, document=public_round.documents.first(), classification="constructive")
    ContributionFactory(round=public_round, document=public_round.documents.first(), visibility="awaiting")

    group = _moderation(moderator)

    assert group.count == 4  # three to classify, one waiting after flags (unclassified too)
    [item] = group.items
    assert item.url == reverse("stakeholders:moderation", args=[review.pk]) + "?status=awaiting"
    assert "To classify: 4" in item.note and "Waiting after flags: 1" in item.note
    client.force_login(moderator)
    assert client.get(item.url).status_code == 200
    html = client.get(reverse("reviews:my-tasks")).content.decode()
    assert "Moderation queue" in html
    assert "Contributions waiting for moderation" in html


@pytest.mark.parametrize("who", ["editor", "reviewer", "focal_a", "council_member"])
def test_people_who_do_not_moderate_have_no_queue(request, public_round, who):
    ContributionFactory(round=public_round, document=public_round.documents.first())
    assert _moderation(request.getfixturevalue(who)) is None


def test_coordinator_moderates_too(coordinator, public_round):
    ContributionFactory(round=public_round, document=public_round.documents.first())
    assert _moderation(coordinator).count == 1


def test_nothing_waiting_means_no_group(moderator, public_round):
    ContributionFactory(round=public_round, document=public_round.documents.first(), classification="constructive")
    assert _moderation(moderator) is None


@pytest.mark.parametrize(("reviews", "contributions"), [(1, 1), (4, 10)])
def test_one_query_whatever_the_number_of_reviews(django_assert_num_queries, reviews, contributions):
    person = UserFactory()
    for _r in range(reviews):
        review = ReviewFactory()
        MembershipFactory(review=review, user=person, role="moderator")
        round_ = RoundFactory(review=review)
        for _c in range(contributions):
            ContributionFactory(round=round_)
    task_groups_for_user(person, today=timezone.localdate(), keys=[])  # the person's roles, read once

    mine = member_reviews(person)
    with django_assert_num_queries(1):
        groups = task_groups_for_user(person, today=timezone.localdate(), keys=["moderation"], reviews=mine)
    assert groups[0].count == reviews * contributions
    assert len(groups[0].items) == reviews
