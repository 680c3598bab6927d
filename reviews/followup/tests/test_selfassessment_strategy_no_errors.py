"""No server error on any self-assessment, strategy or sector-review address, for any
user: pages, empty form posts, bad ids, bad GET parameters, hostile input."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.tests.factories import GoalFactory, TargetFactory
from reviews.followup.models.strategy import StrategyPillar, StrategyPriority
from reviews.followup.services import selfassessment as assessments
from reviews.followup.services import strategy as strategies

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

ALLOWED = {200, 302, 403, 404, 405}


@pytest.fixture
def setup(review, coordinator, reviewer, focal_a):
    target = TargetFactory(goal=GoalFactory(number=5), code="5.1", position=1)
    assessment = assessments.selfassessment_create(
        actor=coordinator,
        review=review,
        opens_on=timezone.localdate() - datetime.timedelta(days=1),
        closes_on=timezone.localdate() + datetime.timedelta(days=1),
    )
    assessments.respondents_invite(actor=coordinator, assessment=assessment, group_keys=["role:reviewer"])
    strategy = strategies.strategy_save(actor=coordinator, review=review, name="Plan", start_year=2020, end_year=2030)
    pillar = strategies.pillar_save(actor=coordinator, strategy=strategy, pillar=StrategyPillar(name="P"))
    priority = strategies.priority_save(
        actor=coordinator, pillar=pillar, priority=StrategyPriority(name="Q"), target_codes=[target.code]
    )
    item = strategies.sector_review_add(
        actor=coordinator, review=review, title="S", sector="S", year=2024, goals=[], link="https://example.org"
    )
    question = assessment.questions.first()
    pk = review.pk
    return [
        reverse("reviews:followup-selfassessment", args=[pk]),
        reverse("reviews:followup-selfassessment-create", args=[pk]),
        reverse("reviews:followup-selfassessment-settings", args=[pk]),
        reverse("reviews:followup-selfassessment-question-add", args=[pk]),
        reverse("reviews:followup-selfassessment-question-edit", args=[pk, question.pk]),
        reverse("reviews:followup-selfassessment-question-edit", args=[pk, 999999]),
        reverse("reviews:followup-selfassessment-question-delete", args=[pk, question.pk]),
        reverse("reviews:followup-selfassessment-question-delete", args=[pk, 999999]),
        reverse("reviews:followup-selfassessment-invite", args=[pk]),
        reverse("reviews:followup-selfassessment-answers", args=[pk]),
        reverse("reviews:followup-selfassessment-respond", args=[pk]),
        reverse("reviews:followup-selfassessment", args=[999999]),
        reverse("reviews:followup-strategy", args=[pk]),
        reverse("reviews:followup-strategy-edit", args=[pk]),
        reverse("reviews:followup-strategy-pillar-add", args=[pk]),
        reverse("reviews:followup-strategy-pillar-edit", args=[pk, pillar.pk]),
        reverse("reviews:followup-strategy-priority-add", args=[pk, pillar.pk]),
        reverse("reviews:followup-strategy-priority-add", args=[pk, 999999]),
        reverse("reviews:followup-strategy-priority-edit", args=[pk, priority.pk]),
        reverse("reviews:followup-strategy-coverage", args=[pk]) + "?goal=abc&page=-1",
        reverse("reviews:followup-sector-reviews", args=[pk]),
        reverse("reviews:followup-sector-review-file", args=[pk, item.pk]),
        reverse("reviews:followup-sector-review-delete", args=[pk, 999999]),
    ]


HOSTILE = {
    "opens_on": "2027-02-31",
    "closes_on": "x",
    "text": '=HYPERLINK("x")' + "\x00",
    "name": "<script>alert(1)</script>" * 50,
    "start_year": "-1",
    "end_year": "99999999999",
    "targets": "1.1;" * 600,
    "groups": ["role:ghost", "stakeholders:abc"],
    "year": "1e9",
    "link": "javascript:alert(1)",
    "title": "\u202etxt.exe",
}


@pytest.mark.parametrize("who", ["coordinator", "reviewer", "focal_a", "outsider", "other_member"])
def test_no_server_error(request, client, setup, who):
    client.force_login(request.getfixturevalue(who))
    statuses = {}
    for url in setup:
        statuses[url] = client.get(url).status_code
        statuses[f"POST {url}"] = client.post(url, {}).status_code
        statuses[f"POST hostile {url}"] = client.post(url, HOSTILE).status_code
    assert {url: status for url, status in statuses.items() if status not in ALLOWED} == {}
