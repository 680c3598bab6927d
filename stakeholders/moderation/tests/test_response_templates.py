"""Prepared answers: defaults put in once, create / change / delete, permissions both
ways, bad and hostile input."""

import re

import pytest
from django.urls import reverse

from reviews.models import AuditEntry
from reviews.tests.factories import ReviewFactory
from stakeholders.models import Classification, ResponseTemplate
from stakeholders.moderation.services.response_templates import DEFAULT_TEMPLATES, templates_ensure_defaults
from stakeholders.tests.factories import (
    ContributionFactory,
    ModeratorResponseFactory,
    ResponseTemplateFactory,
    RoundFactory,
)
from stakeholders.tests.helpers import HOSTILE as HOSTILE_INPUTS

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

HOSTILE = HOSTILE_INPUTS["xss_html"]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def list_url(review):
    return reverse("stakeholders:moderation-templates", args=[review.pk])


def create_url(review):
    return reverse("stakeholders:moderation-template-create", args=[review.pk])


def edit_url(template):
    return reverse("stakeholders:moderation-template-edit", args=[template.review_id, template.pk])


def delete_url(template):
    return reverse("stakeholders:moderation-template-delete", args=[template.review_id, template.pk])


VALID = {"classification": "political", "language": "zh-Hans", "title": "政治意见", "body": "感谢您的意见。"}


# --- Defaults ---------------------------------------------------------------------------------


def test_defaults_cover_every_class_in_english_and_chinese(review):
    added = templates_ensure_defaults(review)
    pairs = set(ResponseTemplate.objects.filter(review=review).values_list("classification", "language"))
    assert added == 10
    assert pairs == {(cls, lang) for cls in Classification.values for lang in ("en", "zh-Hans")}
    assert all(
        CHINESE.search(t.body) and CHINESE.search(t.title) for t in ResponseTemplate.objects.filter(language="zh-Hans")
    )


def test_defaults_are_put_in_only_once(review):
    templates_ensure_defaults(review)
    assert templates_ensure_defaults(review) == 0
    assert ResponseTemplate.objects.filter(review=review).count() == 10


def test_deleted_defaults_do_not_come_back(review):
    templates_ensure_defaults(review)
    ResponseTemplate.objects.filter(review=review, classification="spam").delete()
    templates_ensure_defaults(review)
    assert ResponseTemplate.objects.filter(review=review).count() == 8


def test_defaults_follow_the_reviews_languages(db):
    review = ReviewFactory(languages=["en", "pt"])
    templates_ensure_defaults(review)
    assert set(ResponseTemplate.objects.values_list("language", flat=True)) == {"en"}


ARABIC = re.compile(r"[\u0600-\u06ff]")


def test_an_arabic_review_gets_prepared_answers_written_in_arabic(db):
    review = ReviewFactory(languages=["ar"])
    assert templates_ensure_defaults(review) == 5
    templates = ResponseTemplate.objects.filter(review=review)
    assert {t.language for t in templates} == {"ar"}
    assert all(ARABIC.search(t.title) and ARABIC.search(t.body) for t in templates)


def test_a_language_the_review_adds_later_gets_its_defaults_once(db):
    review = ReviewFactory(languages=["en"])
    templates_ensure_defaults(review)
    review.languages = ["en", "ar"]
    review.save()
    assert templates_ensure_defaults(review) == 5
    assert templates_ensure_defaults(review) == 0
    ResponseTemplate.objects.filter(review=review, language="ar", classification="spam").delete()
    assert templates_ensure_defaults(review) == 0
    assert ResponseTemplate.objects.filter(review=review).count() == 9


def test_a_review_given_english_and_chinese_before_languages_were_recorded_is_not_given_them_again(db):
    review = ReviewFactory(languages=["en", "zh-Hans", "ar"])
    AuditEntry.objects.create(review=review, action="stakeholders.moderation.templates_defaults", data={"count": 0})
    assert templates_ensure_defaults(review) == 5
    assert set(ResponseTemplate.objects.values_list("language", flat=True)) == {"ar"}


def test_defaults_keep_templates_already_there(review):
    mine = ResponseTemplateFactory(review=review, classification="spam", language="en", title="Mine")
    templates_ensure_defaults(review)
    assert list(ResponseTemplate.objects.filter(review=review, classification="spam", language="en")) == [mine]


def test_default_texts_exist_for_the_six_un_languages():
    assert set(DEFAULT_TEMPLATES) == {"en", "zh-Hans", "ar", "fr", "es", "ru"}
    assert all(set(answers) == set(Classification) for answers in DEFAULT_TEMPLATES.values())


def test_first_visit_of_the_list_puts_the_defaults_in(client, moderator, review):
    client.force_login(moderator)
    html = client.get(list_url(review)).content.decode()
    assert ResponseTemplate.objects.filter(review=review).count() == 10
    assert "Removed as spam" in html
    assert "已作为垃圾信息删除" in html
    client.get(list_url(review))
    assert ResponseTemplate.objects.filter(review=review).count() == 10
    assert AuditEntry.objects.filter(action="stakeholders.moderation.templates_defaults").count() == 1


# --- Permissions ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["moderator", "coordinator"])
def test_list_and_forms_shown_to_moderating_roles(client, request, review, role):
    template = ResponseTemplateFactory(review=review)
    client.force_login(request.getfixturevalue(role))
    for address in (list_url(review), create_url(review), edit_url(template), delete_url(template)):
        assert client.get(address).status_code == 200, address


@pytest.mark.parametrize("role", ["editor", "reviewer", "focal_a", "contributor", "other_member"])
def test_list_and_forms_refused_to_other_roles(client, request, review, role):
    template = ResponseTemplateFactory(review=review, title="Kept")
    client.force_login(request.getfixturevalue(role))
    for address in (list_url(review), create_url(review), edit_url(template), delete_url(template)):
        assert client.get(address).status_code == 403, address
    assert client.post(create_url(review), VALID).status_code == 403
    assert client.post(edit_url(template), VALID).status_code == 403
    assert client.post(delete_url(template)).status_code == 403
    assert list(ResponseTemplate.objects.values_list("title", flat=True)) == ["Kept"]


def test_templates_of_another_review_are_404(client, moderator, review, other_review):
    foreign = ResponseTemplateFactory(review=other_review, title="Theirs")
    client.force_login(moderator)
    for name in ("moderation-template-edit", "moderation-template-delete"):
        address = reverse(f"stakeholders:{name}", args=[review.pk, foreign.pk])
        assert client.get(address).status_code == 404
        assert client.post(address, VALID).status_code == 404
    assert ResponseTemplate.objects.get(pk=foreign.pk).title == "Theirs"


# --- Create, change, delete -------------------------------------------------------------------


def test_create_saves_and_audits(client, moderator, review):
    client.force_login(moderator)
    response = client.post(create_url(review), VALID)
    assert response.status_code == 302
    template = ResponseTemplate.objects.get(review=review, title="政治意见")
    assert (template.classification, template.language, template.body) == ("political", "zh-Hans", "感谢您的意见。")
    entry = AuditEntry.objects.get(action="stakeholders.moderation.template_create")
    assert entry.data == {"template": template.pk, "class": "political", "language": "zh-Hans"}


@pytest.mark.parametrize(
    "change, field",
    [
        ({"language": "fr"}, "language"),
        ({"classification": "rude"}, "classification"),
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"body": ""}, "body"),
        ({"body": "x" * 5001}, "body"),
        ({"title": "x" * 201}, "title"),
    ],
    ids=[
        "language-not-of-review",
        "unknown-class",
        "no-title",
        "blank-title",
        "no-body",
        "body-too-long",
        "title-too-long",
    ],
)
def test_create_with_bad_input_shows_the_message_at_the_field(client, moderator, review, change, field):
    templates_ensure_defaults(review)
    before = ResponseTemplate.objects.count()
    client.force_login(moderator)
    response = client.post(create_url(review), {**VALID, **change})
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert ResponseTemplate.objects.count() == before


def test_edit_changes_and_audits(client, moderator, review):
    template = ResponseTemplateFactory(review=review, title="Old", body="Old body")
    client.force_login(moderator)
    response = client.post(edit_url(template), {**VALID, "title": "New", "language": "en", "body": "New body"})
    assert response.status_code == 302
    template.refresh_from_db()
    assert (template.title, template.body, template.classification) == ("New", "New body", "political")
    assert AuditEntry.objects.filter(action="stakeholders.moderation.template_update").count() == 1


def test_edit_without_change_records_nothing(client, moderator, review):
    template = ResponseTemplateFactory(review=review, classification="spam", language="en", title="T", body="B")
    client.force_login(moderator)
    client.post(edit_url(template), {"classification": "spam", "language": "en", "title": "T", "body": "B"})
    assert not AuditEntry.objects.filter(action="stakeholders.moderation.template_update").exists()


def test_delete_keeps_answers_already_given(client, moderator, review, public_round):
    template = ResponseTemplateFactory(review=review)
    contribution = ContributionFactory(round=public_round, document=public_round.documents.get())
    answer = ModeratorResponseFactory(contribution=contribution, template=template, body="Given", author=moderator)
    client.force_login(moderator)
    assert client.get(delete_url(template)).status_code == 200
    response = client.post(delete_url(template))
    assert response.status_code == 302
    assert not ResponseTemplate.objects.filter(pk=template.pk).exists()
    answer.refresh_from_db()
    assert (answer.body, answer.template) == ("Given", None)
    assert AuditEntry.objects.filter(action="stakeholders.moderation.template_delete").count() == 1


@pytest.mark.parametrize("text", HOSTILE, ids=[f"xss-{n}" for n in range(len(HOSTILE))])
def test_hostile_title_and_body_are_stored_and_shown_inert(client, moderator, review, text):
    templates_ensure_defaults(review)
    client.force_login(moderator)
    response = client.post(create_url(review), {**VALID, "title": text[:200], "body": text})
    assert response.status_code == 302
    template = ResponseTemplate.objects.get(review=review, title=text[:200].strip())
    assert template.body == text.strip()
    html = client.get(list_url(review)).content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x onerror" not in html
    assert "<svg onload" not in html
    assert client.get(edit_url(template)).status_code == 200


@pytest.mark.parametrize("count", [1, 30], ids=["one", "thirty"])
def test_list_query_budget(client, moderator, review, count, django_assert_num_queries):
    templates_ensure_defaults(review)
    for n in range(count):
        ResponseTemplateFactory(review=review, title=f"Template {n}")
    client.force_login(moderator)
    with django_assert_num_queries(8):
        response = client.get(list_url(review))
    assert len(response.context["templates"]) == 10 + count


def test_a_round_of_another_review_does_not_matter_for_defaults(review, other_review):
    RoundFactory(review=other_review)
    templates_ensure_defaults(other_review)
    assert templates_ensure_defaults(review) == 10


TEXT_EDGES = ["x" * int(text[5:]) if text.startswith("LONG:") else text for text in HOSTILE_INPUTS["text_edges"]]


@pytest.mark.parametrize("text", TEXT_EDGES, ids=[f"edge-{n}" for n in range(len(TEXT_EDGES))])
def test_text_edge_cases_are_saved_or_refused_at_the_field(client, moderator, review, text):
    templates_ensure_defaults(review)
    client.force_login(moderator)
    response = client.post(create_url(review), {"classification": text, "language": text, "title": text, "body": text})
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"classification", "language"}
    response = client.post(create_url(review), {**VALID, "title": text[:200], "body": text})
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert ResponseTemplate.objects.filter(review=review).count() == 11
        assert client.get(list_url(review)).status_code == 200
    else:
        assert response.context["form"].errors
