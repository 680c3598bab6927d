import pytest

from stakeholders.demo import seed_engagement
from stakeholders.models import (
    ActivityParticipation,
    Contact,
    EngagementActivity,
    GroupMeeting,
    Organisation,
    StakeholderCategory,
    StandingGroup,
)

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def counts(review) -> dict:
    return {
        "categories": StakeholderCategory.objects.filter(review=review).count(),
        "organisations": Organisation.objects.filter(review=review).count(),
        "contacts": Contact.objects.filter(organisation__review=review).count(),
        "groups": StandingGroup.objects.filter(review=review).count(),
        "meetings": GroupMeeting.objects.filter(group__review=review).count(),
        "activities": EngagementActivity.objects.filter(review=review).count(),
        "held": EngagementActivity.objects.filter(review=review, status="held").count(),
        "participation": ActivityParticipation.objects.filter(activity__review=review).count(),
    }


def test_seed_engagement_fills_the_review(review, coordinator):
    seed_engagement(review)
    assert counts(review) == {
        "categories": 11,
        "organisations": 8,
        "contacts": 8,
        "groups": 2,
        "meetings": 2,
        "activities": 6,
        "held": 2,
        "participation": 6,
    }
    assert set(EngagementActivity.objects.filter(review=review).values_list("stage", flat=True)) == {
        "preparation",
        "drafting",
        "consultation",
        "approval",
    }
    assert not Contact.objects.filter(organisation__review=review, consent_note="").exists()


def test_seed_engagement_twice_changes_nothing(review, coordinator):
    seed_engagement(review)
    before = counts(review)
    seed_engagement(review)
    assert counts(review) == before


def test_seed_engagement_works_without_a_coordinator(other_review):
    seed_engagement(other_review)
    assert counts(other_review)["organisations"] == 8
