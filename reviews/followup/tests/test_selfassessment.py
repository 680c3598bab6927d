"""The institutional self-assessment: setting it up, inviting, answering (once, within the
dates, on the scale), the summary for everyone and the raw answers for coordinators only."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from reviews.followup.models.selfassessment import SelfAssessmentAnswer, SelfAssessmentRespondent
from reviews.followup.selectors.selfassessment import selfassessment_results
from reviews.followup.selfassessment_report import selfassessment_annex, selfassessment_chapter_part
from reviews.followup.services import selfassessment as services
from reviews.models import AuditEntry, Notification
from reviews.tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

TODAY = timezone.localdate()


@pytest.fixture
def assessment(review, coordinator):
    return services.selfassessment_create(
        actor=coordinator,
        review=review,
        opens_on=TODAY - datetime.timedelta(days=1),
        closes_on=TODAY + datetime.timedelta(days=10),
        first_vnr_arrangements="An inter-ministerial SDG committee chaired by the Ministry of Planning.",
    )


@pytest.fixture
def invited(assessment, coordinator, reviewer, editor, focal_a, focal_b):
    services.respondents_invite(
        actor=coordinator, assessment=assessment, group_keys=["role:reviewer", "role:editor", "focal_points"]
    )
    return assessment


def _answer_all(assessment, user, score, comment=""):
    answers = {q.pk: (score, comment) for q in assessment.questions.all()}
    return services.selfassessment_answer(actor=user, assessment=assessment, answers=answers)


def _post_data(assessment, score="4", comment="Fine"):
    data = {}
    for question in assessment.questions.all():
        data[f"q{question.pk}_score"] = score
        data[f"q{question.pk}_comment"] = comment
    return data


# --- Setting up -------------------------------------------------------------------------


def test_create_seeds_the_default_questions_and_is_audited(assessment, review):
    texts = list(assessment.questions.values_list("text", flat=True))
    assert len(texts) == 10
    assert texts[0] == "The council or committee has a clear mandate for the SDGs."
    assert "Parliament was involved." in texts
    assert AuditEntry.objects.filter(review=review, action="selfassessment.create").exists()


def test_create_twice_is_refused(assessment, review, coordinator):
    with pytest.raises(ValidationError):
        services.selfassessment_create(actor=coordinator, review=review, opens_on=TODAY, closes_on=TODAY)


def test_create_page_closing_before_opening_is_refused_at_the_field(client, review, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("reviews:followup-selfassessment-create", args=[review.pk]),
        {"opens_on": "2027-03-10", "closes_on": "2027-03-01"},
    )
    assert response.status_code == 200
    assert "cannot close before it opens" in response.context["form"].errors["closes_on"][0]


def test_coordinator_sets_up_through_the_page(client, review, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("reviews:followup-selfassessment-create", args=[review.pk]),
        {"opens_on": "2027-03-01", "closes_on": "2027-03-31", "first_vnr_arrangements": ""},
    )
    assert response.status_code == 302
    assert review.selfassessment.questions.count() == 10


@pytest.mark.parametrize("who", ["editor", "reviewer", "focal_a", "outsider"])
def test_others_may_not_set_up(request, client, review, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        reverse("reviews:followup-selfassessment-create", args=[review.pk]),
        {"opens_on": "2027-03-01", "closes_on": "2027-03-31"},
    )
    assert response.status_code == 403


def test_questions_are_editable_and_unanswered_ones_removable(client, assessment, review, coordinator, focal_a):
    client.force_login(coordinator)
    question = assessment.questions.first()
    response = client.post(
        reverse("reviews:followup-selfassessment-question-edit", args=[review.pk, question.pk]),
        {"text": "The committee's mandate was written down."},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text == "The committee's mandate was written down."
    client.post(reverse("reviews:followup-selfassessment-question-add", args=[review.pk]), {"text": "A new question?"})
    assert assessment.questions.last().text == "A new question?"
    services.respondents_invite(actor=coordinator, assessment=assessment, group_keys=["focal_points"])
    _answer_all(assessment, focal_a, 3)
    response = client.post(
        reverse("reviews:followup-selfassessment-question-delete", args=[review.pk, question.pk]), follow=True
    )
    assert "has answers already" in response.content.decode()
    assert assessment.questions.filter(pk=question.pk).exists()


# --- Inviting -----------------------------------------------------------------------------


def test_invite_by_role_and_focal_points(invited, reviewer, editor, focal_a, focal_b, coordinator):
    rows = {r.user_id: r.group_label for r in invited.respondents.all()}
    assert rows == {
        reviewer.pk: "Reviewer",
        editor.pk: "Editor",
        focal_a.pk: "Ministries' focal points",
        focal_b.pk: "Ministries' focal points",
    }
    notification = Notification.objects.get(user=reviewer)
    assert "invited to answer the institutional self-assessment" in notification.message
    assert notification.url == reverse("reviews:followup-selfassessment-respond", args=[invited.review_id])
    assert not Notification.objects.filter(user=coordinator).exists()
    # Inviting again adds nobody twice.
    assert services.respondents_invite(actor=coordinator, assessment=invited, group_keys=["role:reviewer"]) == 0


def test_inviting_one_person_says_so_in_the_singular(client, assessment, review, coordinator, reviewer):
    client.force_login(coordinator)
    response = client.post(
        reverse("reviews:followup-selfassessment-invite", args=[review.pk]), {"groups": ["role:reviewer"]}, follow=True
    )
    assert "1 person has been invited." in response.content.decode()
    assert AuditEntry.objects.filter(summary="Self-assessment: 1 respondent invited").exists()
    _answer_all(assessment, reviewer, 4)
    assert "1 of 1 invited respondent answered." in " ".join(selfassessment_chapter_part(review).split())


def test_invite_unknown_group_is_refused_at_the_field(client, assessment, review, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("reviews:followup-selfassessment-invite", args=[review.pk]), {"groups": ["role:nobody"]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["groups"]
    assert not assessment.respondents.exists()


# --- Answering ----------------------------------------------------------------------------


def test_respondent_answers_once_and_can_change_until_close(client, invited, review, reviewer):
    client.force_login(reviewer)
    url = reverse("reviews:followup-selfassessment-respond", args=[review.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, _post_data(invited, "4", "Good")).status_code == 302
    assert client.post(url, _post_data(invited, "dk", "Not sure")).status_code == 302
    answers = SelfAssessmentAnswer.objects.filter(respondent__user=reviewer)
    assert answers.count() == 10
    assert set(answers.values_list("score", "comment")) == {(None, "Not sure")}
    page = client.get(url).content.decode()
    assert "You answered (last saved" in page


def test_score_outside_the_scale_is_refused_at_the_field(client, invited, review, reviewer):
    client.force_login(reviewer)
    question = invited.questions.first()
    data = _post_data(invited)
    data[f"q{question.pk}_score"] = "7"
    response = client.post(reverse("reviews:followup-selfassessment-respond", args=[review.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors[f"q{question.pk}_score"]
    assert not SelfAssessmentAnswer.objects.exists()


def test_service_refuses_a_score_outside_the_scale(invited, reviewer):
    question = invited.questions.first()
    with pytest.raises(ValidationError) as error:
        services.selfassessment_answer(actor=reviewer, assessment=invited, answers={question.pk: (6, "")})
    assert f"q{question.pk}_score" in error.value.error_dict


def test_no_answer_after_the_close(client, invited, review, reviewer):
    _answer_all(invited, reviewer, 2)
    invited.closes_on = TODAY - datetime.timedelta(days=1)
    invited.save()
    client.force_login(reviewer)
    url = reverse("reviews:followup-selfassessment-respond", args=[review.pk])
    response = client.post(url, _post_data(invited, "5"))
    assert response.status_code == 200
    assert "has closed" in response.content.decode()
    assert set(SelfAssessmentAnswer.objects.values_list("score", flat=True)) == {2}


def test_no_answer_before_the_opening(invited, reviewer):
    invited.opens_on = TODAY + datetime.timedelta(days=1)
    invited.save()
    with pytest.raises(ValidationError, match="not open yet"):
        _answer_all(invited, reviewer, 3)


@pytest.mark.parametrize("who", ["coordinator", "statistician", "outsider", "other_member"])
def test_people_not_invited_may_not_answer(request, client, invited, review, who):
    client.force_login(request.getfixturevalue(who))
    url = reverse("reviews:followup-selfassessment-respond", args=[review.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _post_data(invited)).status_code == 403


def test_respond_page_of_a_review_without_questionnaire_is_404(client, review, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("reviews:followup-selfassessment-respond", args=[review.pk])).status_code == 404
    assert client.get(reverse("reviews:followup-selfassessment-respond", args=[999999])).status_code == 404


# --- Results and confidentiality -------------------------------------------------------------


@pytest.fixture
def answered(invited, reviewer, editor, focal_a, focal_b):
    _answer_all(invited, reviewer, 5, "SECRET-REVIEWER-COMMENT")
    _answer_all(invited, editor, 3)
    _answer_all(invited, focal_a, 2)
    _answer_all(invited, focal_b, None)
    return invited


def test_results_per_question_and_group(answered):
    results = selfassessment_results(answered)
    assert (results.invited, results.answered) == (4, 4)
    first = results.questions[0]
    assert first.answers == 4
    assert first.dont_know == 1
    assert first.mean == round((5 + 3 + 2) / 3, 1)
    assert [count for _score, _label, count in first.distribution] == [0, 1, 1, 0, 1]
    assert first.by_group == {"Editor": 3.0, "Ministries' focal points": 2.0, "Reviewer": 5.0}
    assert ("Ministries' focal points", 2, 2) in results.groups


def test_coordinator_sees_the_raw_answers(client, answered, review, coordinator, reviewer):
    client.force_login(coordinator)
    response = client.get(reverse("reviews:followup-selfassessment-answers", args=[review.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "SECRET-REVIEWER-COMMENT" in page
    assert reviewer.username in page


@pytest.mark.parametrize("who", ["reviewer", "editor", "focal_a", "statistician", "outsider"])
def test_others_see_no_raw_answers(request, client, answered, review, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("reviews:followup-selfassessment-answers", args=[review.pk]))
    assert response.status_code == 403


@pytest.mark.parametrize("who", ["reviewer", "editor", "focal_a"])
def test_members_see_the_summary_only(request, client, answered, review, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("reviews:followup-selfassessment", args=[review.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Results per question" in page
    assert "Ministries&#x27; focal points" in page
    assert "An inter-ministerial SDG committee" in page
    assert "SECRET-REVIEWER-COMMENT" not in page
    assert "focal_b" not in page
    assert reverse("reviews:followup-selfassessment-answers", args=[review.pk]) not in page


def test_outsider_sees_no_summary(client, answered, review, outsider):
    client.force_login(outsider)
    assert client.get(reverse("reviews:followup-selfassessment", args=[review.pk])).status_code == 403


def test_chapter_part_and_annex_hold_the_summary_only(answered, review):
    html = str(selfassessment_chapter_part(review))
    assert "Results per question" in html
    assert "SECRET-REVIEWER-COMMENT" not in html
    assert "An inter-ministerial SDG committee" in html
    [(title, annex)] = selfassessment_annex(review)
    assert title == "Institutional self-assessment"
    assert "<caption>Mean score per respondent group</caption>" in annex


def test_chapter_part_without_answers(assessment, review):
    assert "no answers yet" in str(selfassessment_chapter_part(review))
    assert selfassessment_annex(review) == []


def test_annex_is_registered():
    from reviews.publishing.assembly import registered_annexes

    assert registered_annexes()["selfassessment"] is selfassessment_annex


# --- Query budgets ---------------------------------------------------------------------------


@pytest.mark.parametrize("respondents", [3, 60])
def test_summary_and_answers_query_budget(
    client, assessment, review, coordinator, respondents, django_assert_num_queries
):
    users = []
    for n in range(respondents):
        user = UserFactory(username=f"member{n}")
        MembershipFactory(review=review, user=user, role="reviewer" if n % 2 else "editor")
        users.append(user)
    services.respondents_invite(actor=coordinator, assessment=assessment, group_keys=["role:reviewer", "role:editor"])
    for n, user in enumerate(users):
        _answer_all(assessment, user, n % 5 + 1, f"comment {n}")
    client.force_login(coordinator)
    # …and one for the order of the reviews (the summary names the previous one).
    with django_assert_num_queries(10):
        response = client.get(reverse("reviews:followup-selfassessment", args=[review.pk]))
    assert response.status_code == 200
    with django_assert_num_queries(9):
        response = client.get(reverse("reviews:followup-selfassessment-answers", args=[review.pk]))
    assert response.content.decode().count("comment ") >= respondents
    assert SelfAssessmentRespondent.objects.filter(assessment=assessment).count() == respondents
