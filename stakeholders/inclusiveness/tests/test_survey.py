"""The survey after a round: who may answer, once, accessible, bad input."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from stakeholders.inclusiveness.services import survey_answer
from stakeholders.models import SurveyResponse
from stakeholders.tests.factories import CategoryFactory, ContributionFactory, RoundFactory, StandingGroupFactory
from stakeholders.tests.helpers import HOSTILE

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

ANSWER = {"felt_heard": "4", "process_clear": "5", "would_take_part_again": "yes", "comment": "Well run."}


@pytest.fixture
def contributed(public_round, contributor):
    ContributionFactory(round=public_round, author=contributor, document=None, kind="general")
    return public_round


def _url(round_):
    return reverse("stakeholders:portal-survey", kwargs={"pk": round_.review_id, "round_pk": round_.pk})


def test_survey_form_shows_radio_groups_in_fieldsets(client, contributed, contributor):
    client.force_login(contributor)
    content = client.get(_url(contributed)).content.decode()
    assert (content.count("<fieldset"), "<legend" in content, 'type="radio"' in content, "<script" in content) == (
        3,
        True,
        True,
        False,
    )


def test_survey_answer_is_recorded_once(client, contributed, contributor, review):
    category = CategoryFactory(review=review, name="Youth")
    client.force_login(contributor)
    response = client.post(_url(contributed), {**ANSWER, "declared_category": category.pk})
    answer = SurveyResponse.objects.get(round=contributed, user=contributor)
    assert (
        response.status_code,
        answer.felt_heard,
        answer.process_clear,
        answer.would_take_part_again,
        answer.declared_category,
    ) == (
        302,
        4,
        5,
        True,
        category,
    )


def test_survey_second_answer_is_refused_politely(client, contributed, contributor):
    client.force_login(contributor)
    client.post(_url(contributed), ANSWER)
    response = client.post(_url(contributed), {**ANSWER, "felt_heard": "1"})
    assert (
        response.status_code,
        "already answered" in response.content.decode(),
        list(SurveyResponse.objects.values_list("felt_heard", flat=True)),
    ) == (200, True, [4])


def test_survey_service_refuses_a_second_answer(contributed, contributor):
    survey_answer(user=contributor, round=contributed, felt_heard=3, process_clear=3, would_take_part_again=False)
    with pytest.raises(ValidationError):
        survey_answer(user=contributor, round=contributed, felt_heard=5, process_clear=5, would_take_part_again=True)
    assert SurveyResponse.objects.count() == 1


def test_survey_open_after_the_round_closed(client, contributed, contributor):
    contributed.closes_at = timezone.now() - timedelta(hours=1)
    contributed.opens_at = timezone.now() - timedelta(days=5)
    contributed.save()
    client.force_login(contributor)
    response = client.post(_url(contributed), ANSWER)
    assert (response.status_code, SurveyResponse.objects.count()) == (302, 1)


def test_survey_refused_to_someone_who_did_not_contribute(client, contributed, other_contributor):
    client.force_login(other_contributor)
    response = client.post(_url(contributed), ANSWER)
    assert (
        response.status_code,
        "for the people who contributed" in response.content.decode(),
        SurveyResponse.objects.count(),
    ) == (
        403,
        True,
        0,
    )


def test_survey_is_not_offered_to_a_superuser_who_did_not_contribute(client, contributed, superuser):
    client.force_login(superuser)
    response = client.get(_url(contributed))
    assert response.status_code == 403
    assert "for the people who contributed" in response.content.decode()


def test_survey_anonymous_goes_to_login(client, contributed):
    response = client.get(_url(contributed))
    assert (response.status_code, response.url.startswith(reverse("login"))) == (302, True)


def test_survey_round_of_another_review_is_404(client, contributed, contributor, other_review):
    client.force_login(contributor)
    url = reverse("stakeholders:portal-survey", kwargs={"pk": other_review.pk, "round_pk": contributed.pk})
    assert client.get(url).status_code == 404


def test_survey_of_a_working_group_round_refused_outside_it(client, review, portal, contributor):
    round_ = RoundFactory(review=review, audience="working_group", group=StandingGroupFactory(review=review))
    ContributionFactory(round=round_, author=contributor, document=None)
    client.force_login(contributor)
    assert client.get(_url(round_)).status_code == 403


@pytest.mark.parametrize(
    "data, field",
    [
        ({**ANSWER, "felt_heard": "7"}, "felt_heard"),
        ({**ANSWER, "felt_heard": "NaN"}, "felt_heard"),
        ({**ANSWER, "process_clear": ""}, "process_clear"),
        ({**ANSWER, "would_take_part_again": "perhaps"}, "would_take_part_again"),
        ({**ANSWER, "comment": "x" * 2001}, "comment"),
        ({**ANSWER, "declared_category": "999999"}, "declared_category"),
    ],
    ids=["out-of-scale", "nan", "missing", "bad-choice", "too-long", "unknown-category"],
)
def test_survey_bad_input_shows_message_and_saves_nothing(client, contributed, contributor, data, field):
    client.force_login(contributor)
    response = client.post(_url(contributed), data)
    assert (response.status_code, field in response.context["form"].errors, SurveyResponse.objects.count()) == (
        200,
        True,
        0,
    )


def test_survey_category_of_another_review_is_refused(client, contributed, contributor, other_review):
    client.force_login(contributor)
    foreign = CategoryFactory(review=other_review)
    response = client.post(_url(contributed), {**ANSWER, "declared_category": foreign.pk})
    assert (response.status_code, SurveyResponse.objects.count()) == (200, 0)


@pytest.mark.parametrize("hostile", HOSTILE["xss_html"][:6] + HOSTILE["csv_formula"][:2], ids=range(8))
def test_survey_hostile_comment_stored_as_typed(client, contributed, contributor, hostile):
    client.force_login(contributor)
    response = client.post(_url(contributed), {**ANSWER, "comment": hostile})
    assert (response.status_code, SurveyResponse.objects.get().comment) == (302, hostile.strip())


def test_survey_nul_byte_in_comment_is_a_message_at_the_field(client, contributed, contributor):
    client.force_login(contributor)
    response = client.post(_url(contributed), {**ANSWER, "comment": "a\x00b"})
    assert (response.status_code, "comment" in response.context["form"].errors, SurveyResponse.objects.count()) == (
        200,
        True,
        0,
    )
