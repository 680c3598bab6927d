"""`reviews.carry_over`: a coordinator of a review in progress that follows a previous VNR
they may see; nobody else."""

import pytest
from django.utils import timezone

from reviews.tests.factories import MembershipFactory, ReviewFactory

pytestmark = [pytest.mark.django_db, pytest.mark.unit]

PERM = "reviews.carry_over"


@pytest.fixture
def second_coordinator(review, coordinator):
    MembershipFactory(review=review.previous_review, user=coordinator, role="coordinator")
    return coordinator


def test_coordinator_who_sees_the_previous_review_may(review, second_coordinator):
    assert second_coordinator.has_perm(PERM, review)


def test_superuser_may(review, superuser):
    assert superuser.has_perm(PERM, review)


def test_coordinator_who_cannot_see_the_previous_review_may_not(review, coordinator):
    assert not coordinator.has_perm(PERM, review)


@pytest.mark.parametrize("who", ["editor", "reviewer", "statistician", "council_member", "moderator", "outsider"])
def test_other_people_may_not(request, review, who):
    user = request.getfixturevalue(who)
    MembershipFactory(review=review.previous_review, user=user, role="editor")
    assert not user.has_perm(PERM, review)


def test_not_without_a_previous_review(other_review, other_member):
    assert not other_member.has_perm(PERM, other_review)


def test_not_once_frozen(review, second_coordinator):
    review.frozen_at = timezone.now()
    assert not second_coordinator.has_perm(PERM, review)


def test_not_into_a_record(review, second_coordinator):
    record = ReviewFactory(country=review.country, hlpf_year=2035, is_record=True, previous_review=review)
    MembershipFactory(review=record, user=second_coordinator, role="coordinator")
    assert not second_coordinator.has_perm(PERM, record)
