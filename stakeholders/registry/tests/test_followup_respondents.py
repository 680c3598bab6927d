"""Standing groups' member accounts can be invited to the follow-up's self-assessment
(the provider registered in StakeholdersConfig.ready())."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.followup.selfassessment_respondents import respondent_groups
from reviews.followup.services import selfassessment as services
from reviews.tests.factories import UserFactory
from stakeholders.tests.factories import StandingGroupFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def test_standing_groups_with_members_are_respondent_groups(review, other_review, coordinator):
    youth = UserFactory(username="youth1")
    group = StandingGroupFactory(review=review, name="Youth working group")
    group.members.add(youth)
    StandingGroupFactory(review=review, name="Empty group")
    StandingGroupFactory(review=other_review, name="Elsewhere").members.add(UserFactory(username="elsewhere"))

    groups = respondent_groups(review)
    assert [(g.key, g.label, g.users) for g in groups] == [
        (f"stakeholders:{group.pk}", "Stakeholder group: Youth working group", [youth])
    ]

    assessment = services.selfassessment_create(
        actor=coordinator, review=review, opens_on=datetime.date(2027, 1, 1), closes_on=datetime.date(2027, 12, 31)
    )
    assert (
        services.respondents_invite(actor=coordinator, assessment=assessment, group_keys=[f"stakeholders:{group.pk}"])
        == 1
    )
    respondent = assessment.respondents.get()
    assert (respondent.user, respondent.group_label) == (youth, "Stakeholder group: Youth working group")
    # A stakeholder with no role in the review may answer, and sees no staff page.
    assert youth.has_perm("reviews.answer_selfassessment", assessment)
    assert not youth.has_perm("reviews.view_followup", review)


def test_a_stakeholder_groups_member_answers_through_the_respond_page(client, review, coordinator):
    youth = UserFactory(username="youth2")
    group = StandingGroupFactory(review=review, name="Youth working group")
    group.members.add(youth)
    today = timezone.localdate()
    assessment = services.selfassessment_create(
        actor=coordinator, review=review, opens_on=today, closes_on=today + datetime.timedelta(days=3)
    )
    services.respondents_invite(actor=coordinator, assessment=assessment, group_keys=[f"stakeholders:{group.pk}"])
    client.force_login(youth)
    url = reverse("reviews:followup-selfassessment-respond", args=[review.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Your answers are seen only by the review" in page.content.decode()
    data = {}
    for question in assessment.questions.all():
        data[f"q{question.pk}_score"] = "2"
        data[f"q{question.pk}_comment"] = ""
    assert client.post(url, data).status_code == 302
    assert assessment.respondents.get(user=youth).answers.count() == 10
    # The staff summary stays closed to them.
    assert client.get(reverse("reviews:followup-selfassessment", args=[review.pk])).status_code == 403
