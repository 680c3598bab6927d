"""The pages of consultation rounds: who may see and do what, bad input at the field,
query budgets."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.models import SectionTranslation
from stakeholders.models import ConsultationRound, RoundDocument, RoundQuestion
from stakeholders.portal.services.settings import portal_for
from stakeholders.rounds.services import questions as question_services
from stakeholders.rounds.services import rounds as round_services
from stakeholders.tests.factories import ContributionFactory, RoundDocumentFactory, RoundFactory, RoundQuestionFactory
from stakeholders.tests.helpers import HOSTILE, draft_section, round_post_data
from vnr_portal.common.caching import page_cache

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def _url(name, round_=None, *extra):
    if round_ is None:
        return reverse(f"stakeholders:{name}", args=extra)
    return reverse(f"stakeholders:{name}", args=[round_.review_id, round_.pk, *extra])


# --- Who may see ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["coordinator", "editor", "moderator", "reviewer", "superuser"])
def test_round_list_and_detail_shown_to_engagement_viewers(client, review, draft_round, who, request):
    client.force_login(request.getfixturevalue(who))

    listing = client.get(reverse("stakeholders:rounds", args=[review.pk]))
    detail = client.get(_url("round-detail", draft_round))

    assert listing.status_code == 200
    assert "Consultation on the draft" in listing.content.decode()
    assert detail.status_code == 200
    assert '<h1 class="h2"><bdi>Consultation on the draft</bdi></h1>' in detail.content.decode()


@pytest.mark.parametrize("who", ["focal_a", "outsider", "other_member", "contributor"])
def test_round_list_and_detail_refused_to_others(client, review, draft_round, who, request):
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("stakeholders:rounds", args=[review.pk])).status_code == 403
    assert client.get(_url("round-detail", draft_round)).status_code == 403


def test_round_detail_of_another_review_is_404(client, review, other_review, coordinator):
    foreign = RoundFactory(review=other_review)
    client.force_login(coordinator)

    assert client.get(reverse("stakeholders:round-detail", args=[review.pk, foreign.pk])).status_code == 404


def test_round_list_asks_anonymous_to_log_in(client, review):
    response = client.get(reverse("stakeholders:rounds", args=[review.pk]))

    assert response.status_code == 302


def test_reviewer_sees_no_management_links(client, review, draft_round, reviewer):
    client.force_login(reviewer)

    page = client.get(_url("round-detail", draft_round)).content.decode()

    assert _url("round-publish", draft_round) not in page
    assert _url("round-edit", draft_round) not in page


@pytest.mark.parametrize("who", ["reviewer", "moderator", "outsider"])
def test_round_management_refused_without_the_manage_role(client, review, draft_round, health, who, request):
    client.force_login(request.getfixturevalue(who))
    question = question_services.round_question_create(actor=None, round_=draft_round, text="Q?")

    responses = [
        client.get(reverse("stakeholders:round-create", args=[review.pk])),
        client.post(reverse("stakeholders:round-create", args=[review.pk]), round_post_data()),
        client.post(_url("round-edit", draft_round), round_post_data(title="Hacked")),
        client.post(_url("round-delete", draft_round)),
        client.post(_url("round-sections", draft_round), {"sections": [health.pk]}),
        client.post(_url("round-question-create", draft_round), {"text": "More?"}),
        client.post(_url("round-question-edit", draft_round, question.pk), {"text": "Changed?"}),
        client.post(_url("round-question-delete", draft_round, question.pk)),
        client.post(_url("round-publish", draft_round)),
        client.post(_url("round-close-now", draft_round)),
        client.post(_url("round-extend", draft_round), {"closes_at": "2099-01-01T10:00"}),
        client.get(_url("round-invitations", draft_round)),
        client.get(_url("round-translation", draft_round, health.pk, "zh-Hans")),
    ]

    assert [r.status_code for r in responses] == [403] * len(responses)
    draft_round.refresh_from_db()
    assert draft_round.title == "Consultation on the draft"
    assert draft_round.published_at is None
    assert list(RoundQuestion.objects.values_list("text", flat=True)) == ["Q?"]
    assert not draft_round.documents.exists()


# --- Creating and changing --------------------------------------------------------------


@pytest.mark.parametrize("who", ["coordinator", "editor"])
def test_round_create_page_creates_a_draft(client, review, who, request):
    client.force_login(request.getfixturevalue(who))

    response = client.post(reverse("stakeholders:round-create", args=[review.pk]), round_post_data())

    round_ = ConsultationRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("round-detail", round_)
    assert round_.languages == ["en"]
    assert round_.status == "draft"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"closes_at": (timezone.localtime() - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")},
            "closes_at",
            "The round must close after it opens.",
        ),
        ({"audience": "working_group"}, "group", "Choose the working group this round is for."),
        (
            {"languages": ["zh-Hans"]},
            "languages",
            "The round must include English, the language the draft is written in.",
        ),
        ({"opens_at": "2026-02-30T10:00"}, "opens_at", "Enter a valid date/time."),
        ({"max_length": "NaN"}, "max_length", "Enter a whole number."),
        ({"title": "a\x00b"}, "title", "Null characters are not allowed."),
    ],
    ids=["closes-before-opens", "group-missing", "draft-language-missing", "bad-date", "bad-number", "null-char"],
)
def test_round_create_page_shows_the_message_at_the_field_and_saves_nothing(
    client, review, coordinator, overrides, field, message
):
    client.force_login(coordinator)

    response = client.post(reverse("stakeholders:round-create", args=[review.pk]), round_post_data(**overrides))

    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert not ConsultationRound.objects.exists()


@pytest.mark.parametrize("title", list(HOSTILE["xss_html"][:4]) + HOSTILE["text_edges"][4:9])
def test_round_create_page_stores_hostile_titles_inert(client, review, coordinator, title):
    client.force_login(coordinator)

    client.post(reverse("stakeholders:round-create", args=[review.pk]), round_post_data(title=title))
    round_ = ConsultationRound.objects.get()
    page = client.get(_url("round-detail", round_)).content.decode()

    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "<svg" not in page


def test_round_edit_page_changes_a_draft(client, review, coordinator, draft_round):
    client.force_login(coordinator)

    response = client.post(
        _url("round-edit", draft_round), round_post_data(title="Renamed", languages=["en", "zh-Hans"])
    )

    assert response.status_code == 302
    draft_round.refresh_from_db()
    assert draft_round.title == "Renamed"
    assert draft_round.languages == ["en", "zh-Hans"]


def test_round_edit_page_of_a_published_round_redirects_with_a_message(client, public_round, coordinator):
    client.force_login(coordinator)

    response = client.post(_url("round-edit", public_round), round_post_data(title="Renamed"), follow=True)

    assert "only its closing date can be changed" in response.content.decode()
    assert ConsultationRound.objects.get(pk=public_round.pk).title == "Consultation on the draft"


def test_round_delete_page_deletes_a_draft_only(client, review, coordinator, draft_round, public_round):
    client.force_login(coordinator)

    assert client.get(_url("round-delete", draft_round)).status_code == 200
    client.post(_url("round-delete", draft_round))
    client.post(_url("round-delete", public_round))

    assert list(ConsultationRound.objects.values_list("pk", flat=True)) == [public_round.pk]


# --- Sections, questions, translations ----------------------------------------------------


def test_round_sections_page_lists_the_outline_and_saves_the_choice(client, review, coordinator, draft_round, health):
    other = draft_section(review, coordinator, "Goal 4: Education")
    client.force_login(coordinator)

    page = client.get(_url("round-sections", draft_round)).content.decode()
    response = client.post(_url("round-sections", draft_round), {"sections": [other.pk, health.pk]})

    assert "Goal 3: Good health" in page and "Goal 4: Education" in page
    assert response.status_code == 302
    assert list(draft_round.documents.values_list("section_id", flat=True)) == [health.pk, other.pk]


def test_round_sections_page_refuses_an_unknown_section_at_the_field(client, coordinator, draft_round, health):
    client.force_login(coordinator)

    response = client.post(_url("round-sections", draft_round), {"sections": [health.pk + 999]})

    assert response.status_code == 200
    assert response.context["form"].errors["sections"]
    assert not draft_round.documents.exists()


def test_round_question_pages(client, coordinator, draft_round):
    client.force_login(coordinator)

    client.post(
        _url("round-question-create", draft_round), {"text": "What matters?", "translation_zh-Hans": "什么重要？"}
    )
    question = RoundQuestion.objects.get()
    client.post(_url("round-question-edit", draft_round, question.pk), {"text": "What matters most?"})
    question.refresh_from_db()

    assert question.text == "What matters most?"
    assert question.translations == {}
    assert client.get(_url("round-question-delete", draft_round, question.pk)).status_code == 200
    client.post(_url("round-question-delete", draft_round, question.pk))
    assert not RoundQuestion.objects.exists()


def test_round_question_of_another_round_is_404(client, review, coordinator, draft_round):
    foreign = RoundQuestionFactory(round=RoundFactory(review=review, kind="questions"))
    client.force_login(coordinator)

    assert client.post(_url("round-question-edit", draft_round, foreign.pk), {"text": "x"}).status_code == 404


def test_round_question_page_blank_text_shows_message(client, coordinator, draft_round):
    client.force_login(coordinator)

    response = client.post(_url("round-question-create", draft_round), {"text": "   "})

    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    assert not RoundQuestion.objects.exists()


def test_round_translation_page_attaches_pasted_text(client, coordinator, draft_round, health):
    round_services.round_set_sections(actor=coordinator, round_=draft_round, section_ids=[health.pk])
    client.force_login(coordinator)

    response = client.post(
        _url("round-translation", draft_round, health.pk, "zh-Hans"), {"content": "诊所开业了。", "title": ""}
    )

    assert response.status_code == 302
    copy = RoundDocument.objects.get(round=draft_round, language="zh-Hans")
    assert copy.content == "<p>诊所开业了。</p>"
    assert copy.title == "Goal 3: Good health"


def test_round_translation_page_refuses_a_section_not_in_the_round_at_the_field(
    client, coordinator, draft_round, health
):
    client.force_login(coordinator)

    response = client.post(_url("round-translation", draft_round, health.pk, "zh-Hans"), {"content": "x"})

    assert response.status_code == 200
    assert response.context["form"].errors["content"] == ["This section is not part of the round."]


@pytest.mark.parametrize("language", ["en", "fr", "xx"])
def test_round_translation_page_of_another_language_is_404(client, coordinator, draft_round, health, language):
    client.force_login(coordinator)

    assert client.get(_url("round-translation", draft_round, health.pk, language)).status_code == 404


# --- Publishing, closing --------------------------------------------------------------------


def test_round_publish_page_publishes_and_a_second_post_changes_nothing(
    client, review, coordinator, draft_round, health
):
    portal_for(review)
    round_services.round_set_sections(actor=coordinator, round_=draft_round, section_ids=[health.pk])
    client.force_login(coordinator)

    client.post(_url("round-publish", draft_round))
    first = ConsultationRound.objects.get(pk=draft_round.pk).published_at
    response = client.post(_url("round-publish", draft_round), follow=True)

    assert first is not None
    assert ConsultationRound.objects.get(pk=draft_round.pk).published_at == first
    assert "This round had already been published." in response.content.decode()


def test_round_publish_page_shows_why_it_cannot_publish(client, coordinator, draft_round):
    client.force_login(coordinator)

    response = client.post(_url("round-publish", draft_round), follow=True)

    page = response.content.decode()
    assert "The review has no public portal yet: set it up first." in page
    assert "Choose at least one draft section to consult on." in page
    assert ConsultationRound.objects.get(pk=draft_round.pk).published_at is None


def test_round_publish_needs_post(client, coordinator, draft_round):
    client.force_login(coordinator)

    assert client.get(_url("round-publish", draft_round)).status_code == 405


def test_round_close_now_page(client, coordinator, public_round):
    client.force_login(coordinator)

    client.post(_url("round-close-now", public_round))

    assert ConsultationRound.objects.get(pk=public_round.pk).status == "closed"


def test_round_extend_page_refuses_a_past_date_at_the_field(client, coordinator, public_round):
    client.force_login(coordinator)
    before = public_round.closes_at

    response = client.post(_url("round-extend", public_round), {"closes_at": "2001-01-01T10:00"})

    assert response.status_code == 200
    assert response.context["form"].errors["closes_at"]
    assert ConsultationRound.objects.get(pk=public_round.pk).closes_at == before


def test_round_detail_shows_frozen_versions_counts_and_links(client, coordinator, public_round):
    ContributionFactory(round=public_round, document=public_round.documents.first())
    client.force_login(coordinator)

    page = client.get(_url("round-detail", public_round)).content.decode()

    assert "frozen from version 0" in page
    assert "Goal 3: Good health" in page


def test_round_detail_before_publishing_says_where_copies_come_from(client, review, coordinator, draft_round, health):
    round_services.round_set_sections(actor=coordinator, round_=draft_round, section_ids=[health.pk])
    SectionTranslation.objects.create(section=health, language="zh-Hans", content="<p>诊所</p>", source_version=0)
    client.force_login(coordinator)

    page = client.get(_url("round-detail", draft_round)).content.decode()

    assert f"the draft (now version {health.version})" in page
    assert "the draft's translation (of version 0)" in page
    assert "out of date" in page


# --- Query budgets ------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_round_list_query_budget(client, review, coordinator, count, django_assert_num_queries):
    for _n in range(count):
        round_ = RoundFactory(review=review)
        RoundDocumentFactory(round=round_)
        ContributionFactory(round=round_, document=round_.documents.first())
    client.force_login(coordinator)
    client.get(reverse("stakeholders:rounds", args=[review.pk]))

    # session, user, review, memberships (rules), rounds
    with django_assert_num_queries(5):
        response = client.get(reverse("stakeholders:rounds", args=[review.pk]))
    assert len(response.context["rounds"]) == count


@pytest.mark.parametrize("size", [1, 5])
def test_round_detail_query_budget(client, review, coordinator, size, django_assert_num_queries):
    portal_for(review)
    round_ = RoundFactory(review=review, languages=["en", "zh-Hans"])
    for n in range(size):
        section = draft_section(review, coordinator, f"Section {n}")
        document = RoundDocumentFactory(round=round_, section=section)
        RoundDocumentFactory(round=round_, section=section, language="zh-Hans")
        RoundQuestionFactory(round=round_)
        for _ in range(size * 3):
            ContributionFactory(round=round_, document=document)
    client.force_login(coordinator)
    client.get(_url("round-detail", round_))
    page_cache.clear()

    with django_assert_num_queries(9):
        client.get(_url("round-detail", round_))
    with django_assert_num_queries(6):  # a published round's rows and counts from the cache
        response = client.get(_url("round-detail", round_))
    assert len(response.context["documents"]) == size


def test_round_detail_cached_rows_and_counts_follow_every_write(client, coordinator, moderator, public_round):
    from stakeholders.moderation.services.actions import contribution_hide

    client.force_login(coordinator)

    def shown():
        response = client.get(_url("round-detail", public_round))
        return [row.title for row in response.context["documents"]], response.context["counts"]

    assert shown()[1]["total"] == 0
    contribution = ContributionFactory(round=public_round, document=None)
    assert shown()[1] == {"total": 1, "visible": 1, "awaiting": 0, "hidden": 0}
    contribution_hide(actor=moderator, contribution=contribution, reason="Spam.")
    assert shown()[1] == {"total": 1, "visible": 0, "awaiting": 0, "hidden": 1}
    RoundDocumentFactory(round=public_round, title="A late copy", section=None)
    assert "A late copy" in shown()[0]


def test_round_detail_links_to_moderation_uptake_and_the_portal(client, coordinator, public_round):
    client.force_login(coordinator)

    page = client.get(_url("round-detail", public_round)).content.decode()

    assert reverse("stakeholders:moderation", args=[public_round.review_id]) + f"?round={public_round.pk}" in page
    assert reverse("stakeholders:uptake", args=[public_round.review_id, public_round.pk]) in page
    assert reverse("stakeholders:portal-round", args=[public_round.review_id, public_round.pk]) in page


@pytest.mark.parametrize("size", [1, 5])
def test_draft_round_detail_query_budget(client, review, coordinator, draft_round, size, django_assert_num_queries):
    sections = [draft_section(review, coordinator, f"Section {n}") for n in range(size)]
    round_services.round_set_sections(actor=coordinator, round_=draft_round, section_ids=[s.pk for s in sections])
    for section in sections:
        SectionTranslation.objects.create(section=section, language="zh-Hans", content="<p>中文</p>")
        question_services.round_question_create(actor=coordinator, round_=draft_round, text=f"{section.title}?")
    client.force_login(coordinator)
    client.get(_url("round-detail", draft_round))

    with django_assert_num_queries(11):
        response = client.get(_url("round-detail", draft_round))
    assert len(response.context["documents"]) == size


def test_round_translation_page_after_publishing_adds_a_missing_language_once(
    client, review, coordinator, draft_round, health
):
    portal_for(review)
    round_services.round_set_sections(actor=coordinator, round_=draft_round, section_ids=[health.pk])
    round_services.round_publish(actor=coordinator, round_=draft_round)
    client.force_login(coordinator)
    url = _url("round-translation", draft_round, health.pk, "zh-Hans")

    client.post(url, {"content": "诊所开业了。"})
    page = client.get(url).content.decode()
    response = client.post(url, {"content": "Changed"})

    assert "already frozen" in page
    assert response.context["form"].errors["content"] == [
        "This round's copy in this language is already frozen: it cannot be changed."
    ]
    assert RoundDocument.objects.get(round=draft_round, language="zh-Hans").content == "<p>诊所开业了。</p>"


def test_round_detail_cached_table_keeps_the_attach_links_to_who_may_manage(client, review, coordinator, reviewer):
    round_ = RoundFactory(review=review, languages=["en", "zh-Hans"])
    RoundDocumentFactory(round=round_, section=draft_section(review, coordinator, "Health"), title="Health")
    attach = "attach a translation"
    client.force_login(coordinator)
    assert attach in client.get(_url("round-detail", round_)).content.decode()
    client.force_login(reviewer)
    page = client.get(_url("round-detail", round_)).content.decode()
    assert "Health" in page and attach not in page
    client.force_login(coordinator)
    assert attach in client.get(_url("round-detail", round_)).content.decode()
