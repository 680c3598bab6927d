import datetime
import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.html import escape

from reviews.models import AuditEntry, ProgressReport, ReportAnswer, ReportTemplate, TemplateQuestion
from reviews.reporting.selectors.report_templates import template_get_current
from reviews.reporting.services.report_rounds import report_round_create, report_round_issue
from reviews.reporting.services.report_templates import (
    DEFAULT_QUESTIONS,
    question_add,
    question_move,
    question_remove,
    question_update,
    report_template_default,
)
from reviews.tests.factories import GoalAssignmentFactory, ReportAnswerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

HOSTILE = json.loads(Path("/work/shared/data/security/hostile-inputs.json").read_text(encoding="utf-8"))


def keys(template) -> list[str]:
    return list(template.questions.order_by("position", "pk").values_list("key", flat=True))


@pytest.fixture
def template(review, coordinator):
    return report_template_default(actor=coordinator, review=review)


@pytest.fixture
def issued(review, coordinator, goals, ministry_a, template):
    """A round issued to ministry A (lead of goal 3): the template version is in use."""
    GoalAssignmentFactory(ministry=ministry_a, goal=goals[2], role="lead")
    round_ = report_round_create(actor=coordinator, review=review, title="Round 1", deadline=datetime.date(2027, 3, 1))
    report_round_issue(actor=coordinator, round=round_)
    return ProgressReport.objects.get(round=round_)


# --- Services -------------------------------------------------------------------------


def test_report_template_default_creates_version_1_with_the_default_questions(review, coordinator):
    template = report_template_default(actor=coordinator, review=review)
    assert template.version == 1
    assert keys(template) == [q[0] for q in DEFAULT_QUESTIONS]
    progress = template.questions.get(key="progress")
    assert (progress.type, progress.required, progress.word_limit) == ("rich_text", True, 800)
    assert template.questions.get(key="leave_no_one_behind").required is True
    assert template.questions.get(key="data_sources").options == ["Source", "Indicator", "Year"]
    assert template.questions.get(key="evidence").type == "file"
    assert template.questions.get(key="indicators").type == "indicators"


def test_report_template_default_twice_creates_one_version(review, coordinator):
    first = report_template_default(actor=coordinator, review=review)
    second = report_template_default(actor=coordinator, review=review)
    assert first.pk == second.pk
    assert ReportTemplate.objects.filter(review=review).count() == 1


def test_question_add_edits_the_version_in_place_while_no_report_uses_it(review, coordinator, template):
    change = question_add(actor=coordinator, review=review, text="Budget spent", type="number")
    assert change.new_version is False
    assert change.template.pk == template.pk
    assert keys(template)[-1] == "budget_spent"


def test_question_add_after_reports_exist_creates_a_new_version(review, coordinator, template, issued):
    change = question_add(actor=coordinator, review=review, text="Budget spent", type="number")
    assert (change.new_version, change.template.version, change.previous_version) == (True, 2, 1)
    assert keys(change.template) == [q[0] for q in DEFAULT_QUESTIONS] + ["budget_spent"]
    assert keys(template) == [q[0] for q in DEFAULT_QUESTIONS]
    issued.refresh_from_db()
    assert issued.template_id == template.pk


def test_question_update_after_reports_exist_keeps_the_old_question(review, coordinator, template, issued):
    question = template.questions.get(key="best_practices")
    change = question_update(
        actor=coordinator, question=question, text="Good practices", type="short_text", word_limit=50
    )
    question.refresh_from_db()
    assert (question.text, question.type) == ("Best practices", "rich_text")
    new = change.template.questions.get(key="best_practices")
    assert (new.text, new.type, new.word_limit) == ("Good practices", "short_text", 50)


def test_question_remove_of_an_answered_question_keeps_the_answers(review, coordinator, template, issued):
    ReportAnswerFactory(report=issued, question_key="challenges", value="<p>Floods</p>", word_count=1)
    issued.status = "draft"
    issued.save()
    change = question_remove(actor=coordinator, question=template.questions.get(key="challenges"))
    assert change.dropped_answered is True
    assert change.message() == (
        "Reports already answered keep version 1; new reports use version 2. No answer has been removed."
    )
    assert "challenges" not in keys(change.template)
    assert "challenges" in keys(template)
    assert list(ReportAnswer.objects.filter(report=issued).values_list("question_key", "value")) == [
        ("challenges", "<p>Floods</p>")
    ]


def test_question_remove_in_unused_version_deletes_it(review, coordinator, template):
    change = question_remove(actor=coordinator, question=template.questions.get(key="next_steps"))
    assert change.new_version is False
    assert "next_steps" not in keys(template)


def test_question_move_swaps_with_neighbour(review, coordinator, template):
    question_move(actor=coordinator, question=template.questions.get(key="best_practices"), direction="up")
    assert keys(template)[:2] == ["best_practices", "progress"]


def test_question_move_first_up_changes_nothing(review, coordinator, template):
    assert question_move(actor=coordinator, question=template.questions.get(key="progress"), direction="up") is None
    assert keys(template) == [q[0] for q in DEFAULT_QUESTIONS]


def test_question_add_never_reuses_a_key_of_an_earlier_version(review, coordinator, template, issued):
    question_remove(actor=coordinator, question=template.questions.get(key="challenges"))
    change = question_add(actor=coordinator, review=review, text="Challenges")
    assert change.question.key == "challenges_2"


def test_question_edit_of_a_replaced_version_is_refused(review, coordinator, template, issued):
    question_add(actor=coordinator, review=review, text="New one")
    with pytest.raises(Exception) as error:
        question_update(actor=coordinator, question=template.questions.get(key="progress"), text="Changed")
    assert "replaced by version 2" in str(error.value)


def test_question_add_is_audited(review, coordinator, template):
    question_add(actor=coordinator, review=review, text="Budget")
    assert AuditEntry.objects.filter(review=review, action="report_template.question_add").count() == 1


# --- Views: permissions ----------------------------------------------------------------


def pages(review, question):
    return [
        reverse("reviews:report-template", args=[review.pk]),
        reverse("reviews:report-question-add", args=[review.pk]),
        reverse("reviews:report-question-edit", args=[review.pk, question.pk]),
        reverse("reviews:report-question-remove", args=[review.pk, question.pk]),
    ]


def test_template_pages_redirect_anonymous_to_login(client, review, template):
    for url in pages(review, template.questions.first()):
        response = client.get(url)
        assert (response.status_code, response.url.split("?")[0]) == (302, reverse("login"))


@pytest.mark.parametrize("who", ["focal_a", "editor", "reviewer", "outsider", "other_member"])
def test_template_pages_refused_to_everyone_but_coordinators(request, client, review, template, who):
    client.force_login(request.getfixturevalue(who))
    statuses = [client.get(url).status_code for url in pages(review, template.questions.first())]
    assert statuses == [403, 403, 403, 403]


@pytest.mark.parametrize("who", ["focal_a", "outsider", "other_member"])
def test_template_posts_refused_and_change_nothing(request, client, review, template, who):
    client.force_login(request.getfixturevalue(who))
    question = template.questions.get(key="progress")
    responses = [
        client.post(reverse("reviews:report-question-add", args=[review.pk]), {"text": "X", "type": "rich_text"}),
        client.post(reverse("reviews:report-question-move", args=[review.pk, question.pk]), {"direction": "down"}),
        client.post(reverse("reviews:report-question-remove", args=[review.pk, question.pk])),
        client.post(reverse("reviews:report-template-default", args=[review.pk])),
    ]
    assert [r.status_code for r in responses] == [403, 403, 403, 403]
    assert keys(template) == [q[0] for q in DEFAULT_QUESTIONS]


def test_template_page_shows_the_questions_to_the_coordinator(client, review, coordinator, template):
    client.force_login(coordinator)
    response = client.get(reverse("reviews:report-template", args=[review.pk]))
    assert response.status_code == 200
    assert [q.key for q in response.context["questions"]] == [q[0] for q in DEFAULT_QUESTIONS]
    assert "Progress since the first VNR" in response.content.decode()


def test_template_page_without_template_offers_the_default(client, review, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("reviews:report-template-default", args=[review.pk]), follow=True)
    assert template_get_current(review).version == 1
    assert "Version 1 of the template is ready." in [str(m) for m in response.context["messages"]]


def test_question_add_view_after_reports_exist_says_which_version(client, review, coordinator, template, issued):
    client.force_login(coordinator)
    response = client.post(
        reverse("reviews:report-question-add", args=[review.pk]),
        {"text": "Budget", "type": "rich_text", "word_limit": "100"},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Reports already issued keep version 1; the change is in version 2, which new reports use."
    ]


def test_question_remove_view_keeps_answers_and_says_so(client, review, coordinator, template, issued):
    ReportAnswerFactory(report=issued, question_key="progress", value="<p>Up</p>", word_count=1)
    client.force_login(coordinator)
    question = template.questions.get(key="progress")
    response = client.post(reverse("reviews:report-question-remove", args=[review.pk, question.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "“Progress since the first VNR” has been removed. Reports already answered keep version 1; "
        "new reports use version 2. No answer has been removed."
    ]
    assert ReportAnswer.objects.filter(report=issued, question_key="progress").count() == 1


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"text": "", "type": "rich_text"}, "text", "This field is required."),
        ({"text": "   ", "type": "rich_text"}, "text", "This field is required."),
        ({"text": "Pick", "type": "choice", "options": ""}, "options", "Give at least one choice, one per line."),
        (
            {"text": "Grid", "type": "table", "options": " \n "},
            "options",
            "Give at least one column heading, one per line.",
        ),
        ({"text": "Q", "type": "poem"}, "type", "Select a valid choice. poem is not one of the available choices."),
        (
            {"text": "Q", "type": "rich_text", "word_limit": "-3"},
            "word_limit",
            "Ensure this value is greater than or equal to 1.",
        ),
        ({"text": "Q", "type": "rich_text", "word_limit": "1e309"}, "word_limit", "Enter a whole number."),
        (
            {"text": "x" * 501, "type": "rich_text"},
            "text",
            "Ensure this value has at most 500 characters (it has 501).",
        ),
        ({"text": "a\x00b", "type": "rich_text"}, "text", "Null characters are not allowed."),
    ],
    ids=[
        "empty",
        "blank",
        "choice-no-options",
        "table-no-columns",
        "bad-type",
        "negative-limit",
        "huge-limit",
        "too-long",
        "null",
    ],
)
def test_question_add_view_shows_bad_input_at_the_field(client, review, coordinator, template, data, field, message):
    client.force_login(coordinator)
    response = client.post(reverse("reviews:report-question-add", args=[review.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert template.questions.count() == len(DEFAULT_QUESTIONS)


@pytest.mark.parametrize("hostile", HOSTILE["xss_html"][:12] + HOSTILE["text_edges"][3:])
def test_hostile_question_texts_are_shown_escaped(client, review, coordinator, template, hostile):
    client.force_login(coordinator)
    response = client.post(
        reverse("reviews:report-question-add", args=[review.pk]),
        {"text": hostile, "guidance": hostile, "type": "choice", "options": hostile},
    )
    assert response.status_code == 302
    page = client.get(reverse("reviews:report-template", args=[review.pk])).content.decode()
    shown = " ".join(hostile.split())
    if "<" in shown:
        assert shown not in page
        assert escape(shown) in page
    question = TemplateQuestion.objects.filter(template=template).order_by("-position").first()
    assert question.text == " ".join(hostile.split())


def test_question_move_view_with_bad_direction_says_so(client, review, coordinator, template):
    client.force_login(coordinator)
    question = template.questions.get(key="progress")
    response = client.post(
        reverse("reviews:report-question-move", args=[review.pk, question.pk]), {"direction": "sideways"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["Choose up or down."]


def test_question_of_another_review_is_not_found(client, review, coordinator, template, other_review, other_member):
    other = report_template_default(actor=other_member, review=other_review)
    client.force_login(coordinator)
    response = client.get(reverse("reviews:report-question-edit", args=[review.pk, other.questions.first().pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("n", [2, 12])
def test_template_page_query_budget(client, review, coordinator, template, django_assert_num_queries, n):
    for i in range(n):
        question_add(actor=coordinator, review=review, text=f"Extra {i}")
    client.force_login(coordinator)
    url = reverse("reviews:report-template", args=[review.pk])
    client.get(url)
    with django_assert_num_queries(9):
        client.get(url)
