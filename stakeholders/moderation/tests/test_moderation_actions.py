"""Acting on one contribution: the detail page, classifying, hiding, showing again,
answering (from a prepared answer), blocking the author — permissions both ways, what the
public gets, the author told, every action audited, no 500 on bad input."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse

from reviews.models import AuditEntry, Notification
from stakeholders.models import Contribution, ContributorBlock, ModeratorResponse, ResponseTemplate
from stakeholders.moderation.services.actions import contribution_hide, contributor_block
from stakeholders.moderation.services.response_templates import templates_ensure_defaults
from stakeholders.tests.factories import (
    ContributionAttachmentFactory,
    ContributionFactory,
    ContributionFlagFactory,
    ContributorBlockFactory,
    ContributorFactory,
    ModeratorResponseFactory,
    ResponseTemplateFactory,
    RoundFactory,
)
from stakeholders.tests.helpers import HOSTILE as HOSTILE_INPUTS

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

HOSTILE = HOSTILE_INPUTS["xss_html"]
ACTIONS = ["classify", "hide", "show", "keep", "answer", "block"]
VALID_DATA = {
    "classify": {"classification": "harmful"},
    "hide": {"reason": "Insults"},
    "show": {},
    "keep": {},
    "answer": {"body": "Thank you."},
    "block": {"reason": "Abuse"},
}


@pytest.fixture
def contribution(public_round, contributor):
    return ContributionFactory(
        round=public_round, document=public_round.documents.get(), author=contributor, body="The clinics are a lie."
    )


def url(name, contribution, review=None):
    review_id = review.pk if review is not None else contribution.round.review_id
    return reverse(f"stakeholders:{name}", args=[review_id, contribution.pk])


def detail_url(contribution, review=None):
    return url("moderation-contribution", contribution, review)


def public_round_html(client, contribution):
    """The public round page as an anonymous visitor sees it, or None until it exists."""
    try:
        address = reverse("stakeholders:portal-round", args=[contribution.round.review_id, contribution.round_id])
    except NoReverseMatch:
        return None
    client.logout()
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


def state(contribution):
    row = Contribution.objects.get(pk=contribution.pk)
    return row.classification, row.visibility, row.hidden_reason


def moderation_entries():
    return AuditEntry.objects.filter(action__startswith="stakeholders.moderation.").exclude(
        action="stakeholders.moderation.templates_defaults"
    )


# --- Permissions ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["moderator", "coordinator"])
def test_detail_shown_to_moderating_roles(client, request, contribution, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(detail_url(contribution))
    assert response.status_code == 200
    assert "The clinics are a lie." in response.content.decode()


@pytest.mark.parametrize("role", ["editor", "reviewer", "contributor", "outsider", "other_member"])
def test_detail_refused_to_other_roles(client, request, contribution, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(detail_url(contribution)).status_code == 403


def test_detail_of_a_contribution_of_another_review_is_404(client, moderator, review, other_review):
    foreign = ContributionFactory(round=RoundFactory(review=other_review))
    client.force_login(moderator)
    assert client.get(detail_url(foreign, review=review)).status_code == 404


def test_detail_anonymous_is_sent_to_login(client, contribution):
    response = client.get(detail_url(contribution))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ["editor", "reviewer", "contributor", "other_member"])
def test_actions_refused_to_other_roles_change_nothing(client, request, contribution, action, role):
    Contribution.objects.filter(pk=contribution.pk).update(visibility="awaiting")
    client.force_login(request.getfixturevalue(role))
    response = client.post(url(f"moderation-{action}", contribution), VALID_DATA[action])
    assert response.status_code == 403
    assert state(contribution) == ("", "awaiting", "")
    assert not moderation_entries().exists()
    assert not ContributorBlock.objects.exists()
    assert not ModeratorResponse.objects.exists()


@pytest.mark.parametrize("action", ACTIONS)
def test_actions_on_a_contribution_of_another_review_are_404_and_change_nothing(
    client, moderator, review, other_review, action
):
    foreign = ContributionFactory(round=RoundFactory(review=other_review), visibility="awaiting")
    client.force_login(moderator)
    response = client.post(url(f"moderation-{action}", foreign, review=review), VALID_DATA[action])
    assert response.status_code == 404
    assert state(foreign) == ("", "awaiting", "")
    assert not moderation_entries().exists()


@pytest.mark.parametrize("action", ACTIONS)
def test_moderator_of_another_review_cannot_act_through_their_own_review(
    client, other_member, other_review, contribution, action
):
    client.force_login(other_member)
    response = client.post(url(f"moderation-{action}", contribution, review=other_review), VALID_DATA[action])
    assert response.status_code == 404
    assert state(contribution) == ("", "visible", "")


@pytest.mark.parametrize("action", ACTIONS)
def test_actions_need_post(client, moderator, contribution, action):
    client.force_login(moderator)
    assert client.get(url(f"moderation-{action}", contribution)).status_code == 405


# --- Classify ---------------------------------------------------------------------------------


def test_classify_sets_the_class_audits_and_tells_the_author(client, moderator, contribution, contributor):
    client.force_login(moderator)
    response = client.post(url("moderation-classify", contribution), {"classification": "political"})
    assert response.status_code == 302
    row = Contribution.objects.get(pk=contribution.pk)
    assert (row.classification, row.visibility, row.moderated_by) == ("political", "visible", moderator)
    entry = moderation_entries().get()
    assert (entry.action, entry.actor, entry.data) == (
        "stakeholders.moderation.classify",
        moderator,
        {"contribution": contribution.pk, "class": "political"},
    )
    notification = Notification.objects.get(user=contributor)
    assert notification.message == "A moderator classed your contribution to “Consultation on the draft” as: Political."
    assert notification.key == f"stakeholders.moderation.classify:{entry.pk}"


@pytest.mark.parametrize("value", ["", "nonsense", "<script>alert(1)</script>"], ids=["empty", "unknown", "hostile"])
def test_classify_with_a_bad_class_shows_a_message_and_changes_nothing(client, moderator, contribution, value):
    client.force_login(moderator)
    response = client.post(url("moderation-classify", contribution), {"classification": value})
    assert response.status_code == 200
    assert response.context["classify_form"].errors["classification"]
    assert state(contribution) == ("", "visible", "")
    assert not moderation_entries().exists()
    assert not Notification.objects.exists()


def test_each_action_notifies_the_author_again(client, moderator, contribution, contributor):
    client.force_login(moderator)
    client.post(url("moderation-classify", contribution), {"classification": "political"})
    client.post(url("moderation-classify", contribution), {"classification": "constructive"})
    assert Notification.objects.filter(user=contributor).count() == 2


def test_repeating_the_same_class_or_reason_records_nothing(client, moderator, contribution, contributor):
    client.force_login(moderator)
    client.post(url("moderation-classify", contribution), {"classification": "political"})
    client.post(url("moderation-hide", contribution), {"reason": "Insults"})
    response = client.post(url("moderation-classify", contribution), {"classification": "political"}, follow=True)
    client.post(url("moderation-hide", contribution), {"reason": "Insults"})
    assert "Nothing has changed." in response.content.decode()
    assert moderation_entries().count() == 2
    assert Notification.objects.filter(user=contributor).count() == 2


def test_a_new_reason_for_a_hidden_contribution_is_recorded(client, moderator, contribution):
    client.force_login(moderator)
    client.post(url("moderation-hide", contribution), {"reason": "Insults"})
    client.post(url("moderation-hide", contribution), {"reason": "Insults and threats"})
    assert state(contribution) == ("", "hidden", "Insults and threats")
    assert moderation_entries().count() == 2


# --- Attachments -------------------------------------------------------------------------------


@pytest.fixture
def attachment(contribution, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return ContributionAttachmentFactory(
        contribution=contribution,
        file=SimpleUploadedFile("evidence.pdf", b"%PDF-1.4 test"),
        original_name="evidence <b>.pdf",
        content_type="application/pdf",
        size=13,
    )


def attachment_url(attachment, review_id=None, contribution_id=None):
    return reverse(
        "stakeholders:moderation-attachment",
        args=[
            review_id or attachment.contribution.round.review_id,
            contribution_id or attachment.contribution_id,
            attachment.pk,
        ],
    )


def test_attachment_is_downloaded_by_a_moderator(client, moderator, attachment):
    client.force_login(moderator)
    response = client.get(attachment_url(attachment))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"


def test_attachment_is_listed_in_the_queue(client, moderator, review, attachment):
    client.force_login(moderator)
    html = client.get(reverse("stakeholders:moderation", args=[review.pk]) + "?status=all").content.decode()
    assert attachment_url(attachment) in html
    assert "evidence &lt;b&gt;.pdf" in html


@pytest.mark.parametrize("role", ["editor", "reviewer", "contributor"])
def test_attachment_refused_to_other_roles(client, request, attachment, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(attachment_url(attachment)).status_code == 403


def test_attachment_of_another_contribution_is_404(client, moderator, public_round, attachment):
    other = ContributionFactory(round=public_round, document=public_round.documents.get())
    client.force_login(moderator)
    assert client.get(attachment_url(attachment, contribution_id=other.pk)).status_code == 404


def test_missing_attachment_file_is_404(client, moderator, attachment):
    attachment.file.delete(save=False)
    client.force_login(moderator)
    assert client.get(attachment_url(attachment)).status_code == 404


def test_notification_links_to_the_public_round_page(client, moderator, contribution, contributor):
    client.force_login(moderator)
    client.post(url("moderation-classify", contribution), {"classification": "constructive"})
    notification = Notification.objects.get(user=contributor)
    try:
        expected = reverse("stakeholders:portal-round", args=[contribution.round.review_id, contribution.round_id])
    except NoReverseMatch:
        assert notification.url == ""
    else:
        assert notification.url == f"{expected}?contribution={contribution.pk}"
        landing = client.get(notification.url)
        assert landing["Location"].endswith(f"#contribution-{contribution.pk}")


# --- Hide and show again ---------------------------------------------------------------------


def test_hide_with_a_reason_hides_it_from_the_public(client, moderator, contribution, contributor):
    client.force_login(moderator)
    response = client.post(url("moderation-hide", contribution), {"reason": "Insults people"})
    assert response.status_code == 302
    assert state(contribution) == ("", "hidden", "Insults people")
    entry = moderation_entries().get()
    assert entry.data == {"contribution": contribution.pk, "class": "", "reason": "Insults people"}
    assert Notification.objects.get(user=contributor).message == (
        "A moderator hid your contribution to “Consultation on the draft”. Reason: Insults people"
    )
    html = public_round_html(client, contribution)
    if html is not None:
        assert "The clinics are a lie." not in html
        assert "Hidden by a moderator: Insults people" in html


@pytest.mark.parametrize("reason", ["", "   ", "x" * 501], ids=["missing", "blank", "too-long"])
def test_hide_without_a_proper_reason_shows_a_message_and_changes_nothing(client, moderator, contribution, reason):
    client.force_login(moderator)
    response = client.post(url("moderation-hide", contribution), {"reason": reason})
    assert response.status_code == 200
    assert response.context["hide_form"].errors["reason"]
    assert state(contribution) == ("", "visible", "")
    assert not moderation_entries().exists()


def test_hide_service_refuses_a_blank_reason_at_the_field(moderator, contribution):
    with pytest.raises(ValidationError) as error:
        contribution_hide(actor=moderator, contribution=contribution, reason=" \x00 ")
    assert list(error.value.error_dict) == ["reason"]


@pytest.mark.parametrize("visibility", ["hidden", "awaiting"])
def test_show_again_clears_hidden_or_awaiting(client, moderator, contribution, contributor, visibility):
    Contribution.objects.filter(pk=contribution.pk).update(visibility=visibility, hidden_reason="old reason")
    client.force_login(moderator)
    response = client.post(url("moderation-show", contribution))
    assert response.status_code == 302
    assert state(contribution) == ("", "visible", "")
    entry = moderation_entries().get()
    assert (entry.action, entry.data["previous"]) == ("stakeholders.moderation.show", visibility)
    assert Notification.objects.filter(user=contributor).count() == 1
    html = public_round_html(client, contribution)
    if html is not None:
        assert "The clinics are a lie." in html


def test_show_again_of_a_visible_one_is_a_message(client, moderator, contribution):
    client.force_login(moderator)
    response = client.post(url("moderation-show", contribution), follow=True)
    assert "This contribution is already shown to the public." in response.content.decode()
    assert not moderation_entries().exists()


# --- Answers -----------------------------------------------------------------------------------


def test_answer_is_published_under_the_contribution(client, moderator, contribution, contributor):
    client.force_login(moderator)
    response = client.post(url("moderation-answer", contribution), {"body": "Thank you, we will look at it."})
    assert response.status_code == 302
    answer = ModeratorResponse.objects.get()
    assert (answer.contribution, answer.body, answer.author, answer.template) == (
        contribution,
        "Thank you, we will look at it.",
        moderator,
        None,
    )
    entry = moderation_entries().get()
    assert entry.data == {"contribution": contribution.pk, "class": "", "response": answer.pk, "template": None}
    assert Notification.objects.get(user=contributor).message == (
        "A moderator answered your contribution to “Consultation on the draft”."
    )
    html = public_round_html(client, contribution)
    if html is not None:
        assert "Thank you, we will look at it." in html


def test_answer_from_a_template_keeps_the_link_and_the_edited_text(client, moderator, review, contribution):
    template = ResponseTemplateFactory(review=review, classification="constructive", language="en")
    client.force_login(moderator)
    client.post(url("moderation-answer", contribution), {"template": template.pk, "body": "Edited: thanks!"})
    answer = ModeratorResponse.objects.get()
    assert (answer.template, answer.body) == (template, "Edited: thanks!")


def test_answer_with_a_template_of_another_review_is_refused(client, moderator, other_review, contribution):
    foreign = ResponseTemplateFactory(review=other_review)
    client.force_login(moderator)
    response = client.post(url("moderation-answer", contribution), {"template": foreign.pk, "body": "Hello"})
    assert response.status_code == 200
    assert response.context["answer_form"].errors["template"]
    assert not ModeratorResponse.objects.exists()


@pytest.mark.parametrize("body", ["", "   ", "x" * 5001], ids=["missing", "blank", "too-long"])
def test_answer_without_text_shows_a_message_and_saves_nothing(client, moderator, contribution, body):
    client.force_login(moderator)
    response = client.post(url("moderation-answer", contribution), {"body": body})
    assert response.status_code == 200
    assert response.context["answer_form"].errors["body"]
    assert not ModeratorResponse.objects.exists()
    assert not Notification.objects.exists()


# --- Prefilling the answer ---------------------------------------------------------------------


@pytest.fixture
def templates(review):
    """Four prepared answers only (the defaults were put in and deleted)."""
    templates_ensure_defaults(review)
    ResponseTemplate.objects.filter(review=review).delete()
    return {
        (cls, lang): ResponseTemplateFactory(
            review=review, classification=cls, language=lang, title=f"{cls} {lang}", body=f"Body {cls} {lang}"
        )
        for cls in ("political", "constructive")
        for lang in ("en", "zh-Hans")
    }


def test_answer_is_prefilled_from_the_template_of_the_class_and_language(client, moderator, contribution, templates):
    Contribution.objects.filter(pk=contribution.pk).update(classification="political", language="zh-Hans")
    client.force_login(moderator)
    response = client.get(detail_url(contribution))
    form = response.context["answer_form"]
    chosen = templates[("political", "zh-Hans")]
    assert (form.initial["template"], form.initial["body"]) == (chosen.pk, "Body political zh-Hans")
    assert list(response.context["templates"]) == [chosen]


def test_unclassified_contribution_offers_the_templates_of_its_language_without_prefill(
    client, moderator, contribution, templates
):
    client.force_login(moderator)
    response = client.get(detail_url(contribution))
    assert {t.title for t in response.context["templates"]} == {"political en", "constructive en"}
    assert response.context["answer_form"].initial["body"] == ""


def test_a_chosen_template_prefills_the_answer(client, moderator, contribution, templates):
    chosen = templates[("constructive", "en")]
    client.force_login(moderator)
    response = client.get(detail_url(contribution) + f"?template={chosen.pk}")
    assert response.context["answer_form"].initial["body"] == "Body constructive en"


@pytest.mark.parametrize("value", ["abc", "999999", "-1", "1%00"], ids=["text", "missing", "negative", "nul"])
def test_a_bad_template_choice_is_ignored(client, moderator, contribution, templates, value):
    client.force_login(moderator)
    response = client.get(detail_url(contribution), {"template": value})
    assert response.status_code == 200
    assert response.context["answer_form"].initial["body"] == ""


def test_a_template_of_another_review_is_not_prefilled(client, moderator, contribution, other_review):
    foreign = ResponseTemplateFactory(review=other_review, body="Foreign answer")
    client.force_login(moderator)
    response = client.get(detail_url(contribution), {"template": foreign.pk})
    assert "Foreign answer" not in response.content.decode()


# --- Blocking ----------------------------------------------------------------------------------


def test_block_stops_the_author_contributing_and_tells_them(
    client, moderator, review, public_round, contribution, contributor
):
    assert contributor.has_perm("stakeholders.contribute", public_round)
    client.force_login(moderator)
    response = client.post(url("moderation-block", contribution), {"reason": "Repeated insults"})
    assert response.status_code == 302
    block = ContributorBlock.objects.get()
    assert (block.review, block.user, block.reason, block.blocked_by, block.lifted_at) == (
        review,
        contributor,
        "Repeated insults",
        moderator,
        None,
    )
    assert not contributor.has_perm("stakeholders.contribute", public_round)
    entry = moderation_entries().get()
    assert (entry.action, entry.data) == (
        "stakeholders.moderation.block",
        {
            "contribution": contribution.pk,
            "class": "",
            "user": contributor.pk,
            "block": block.pk,
            "reason": "Repeated insults",
        },
    )
    assert "Repeated insults" in Notification.objects.get(user=contributor).message


def test_block_without_a_reason_shows_a_message_and_blocks_nobody(client, moderator, contribution):
    client.force_login(moderator)
    response = client.post(url("moderation-block", contribution), {"reason": ""})
    assert response.status_code == 200
    assert response.context["block_form"].errors["reason"]
    assert not ContributorBlock.objects.exists()


def test_blocking_twice_is_a_message(client, moderator, review, contribution, contributor):
    contributor_block(actor=moderator, review=review, user=contributor, reason="First")
    client.force_login(moderator)
    response = client.post(url("moderation-block", contribution), {"reason": "Second"})
    assert response.status_code == 200
    assert response.context["block_form"].errors["reason"] == ["This account is already blocked in this review."]
    assert ContributorBlock.objects.count() == 1


def test_unblock_lifts_and_keeps_the_record(client, moderator, review, public_round, contributor):
    block = ContributorBlockFactory(review=review, user=contributor, reason="Abuse", blocked_by=moderator)
    client.force_login(moderator)
    response = client.post(reverse("stakeholders:moderation-unblock", args=[review.pk, block.pk]))
    assert response.status_code == 302
    block.refresh_from_db()
    assert block.lifted_at is not None
    assert ContributorBlock.objects.count() == 1
    assert contributor.has_perm("stakeholders.contribute", public_round)
    assert moderation_entries().get().action == "stakeholders.moderation.unblock"
    assert Notification.objects.filter(user=contributor).count() == 1


def test_unblock_twice_is_a_message(client, moderator, review, contributor):
    block = ContributorBlockFactory(review=review, user=contributor, reason="Abuse")
    client.force_login(moderator)
    client.post(reverse("stakeholders:moderation-unblock", args=[review.pk, block.pk]))
    response = client.post(reverse("stakeholders:moderation-unblock", args=[review.pk, block.pk]), follow=True)
    assert "This block was already lifted." in response.content.decode()
    assert moderation_entries().count() == 1


def test_unblock_of_another_reviews_block_is_404(client, moderator, review, other_review, contributor):
    block = ContributorBlockFactory(review=other_review, user=contributor, reason="Abuse")
    client.force_login(moderator)
    assert client.post(reverse("stakeholders:moderation-unblock", args=[review.pk, block.pk])).status_code == 404
    block.refresh_from_db()
    assert block.lifted_at is None


@pytest.mark.parametrize("role", ["editor", "reviewer", "other_member"])
def test_unblock_refused_to_other_roles(client, request, review, contributor, role):
    block = ContributorBlockFactory(review=review, user=contributor, reason="Abuse")
    client.force_login(request.getfixturevalue(role))
    assert client.post(reverse("stakeholders:moderation-unblock", args=[review.pk, block.pk])).status_code == 403
    block.refresh_from_db()
    assert block.lifted_at is None


def test_a_moderator_cannot_block_themselves(moderator, review):
    with pytest.raises(ValidationError):
        contributor_block(actor=moderator, review=review, user=moderator, reason="oops")
    assert not ContributorBlock.objects.exists()


# --- Keeping a flagged contribution shown -----------------------------------------------------


def test_keep_records_the_look_and_flags_no_longer_hide_it(client, moderator, contribution):
    from stakeholders.portal.services.contributions import contribution_flag

    contribution.round.flag_threshold = 1
    contribution.round.save()
    ContributionFlagFactory(contribution=contribution, reason="I disagree")
    client.force_login(moderator)
    response = client.post(url("moderation-keep", contribution))
    assert response.status_code == 302
    row = Contribution.objects.get(pk=contribution.pk)
    assert (row.visibility, row.moderated_by) == ("visible", moderator)
    entry = moderation_entries().get()
    assert (entry.action, entry.actor) == ("stakeholders.moderation.keep", moderator)
    assert entry.data["contribution"] == contribution.pk
    assert not Notification.objects.filter(user=contribution.author).exists()

    flagger = ContributorFactory()
    ContributionFactory(round=contribution.round, author=flagger)
    assert contribution_flag(actor=flagger, contribution=row) is False
    assert Contribution.objects.get(pk=contribution.pk).visibility == "visible"


def test_keep_a_hidden_contribution_is_refused_with_a_message(client, moderator, contribution):
    contribution_hide(actor=moderator, contribution=contribution, reason="Insults")
    client.force_login(moderator)
    response = client.post(url("moderation-keep", contribution), follow=True)
    assert "This contribution is not shown to the public" in response.content.decode()
    assert state(contribution) == ("", "hidden", "Insults")


def test_detail_offers_keep_for_a_shown_contribution(client, moderator, contribution):
    client.force_login(moderator)
    html = client.get(detail_url(contribution)).content.decode()
    assert url("moderation-keep", contribution) in html


# --- History, hostile input, query budget ---------------------------------------------------


def test_history_lists_the_actions_on_this_contribution_only(client, moderator, review, public_round, contribution):
    other = ContributionFactory(round=public_round, document=public_round.documents.get())
    client.force_login(moderator)
    client.post(url("moderation-classify", contribution), {"classification": "harmful"})
    client.post(url("moderation-hide", contribution), {"reason": "Abusive words"})
    client.post(url("moderation-hide", other), {"reason": "Other one"})
    history = client.get(detail_url(contribution)).context["history"]
    assert [entry.action for entry in history] == ["stakeholders.moderation.hide", "stakeholders.moderation.classify"]
    html = client.get(detail_url(contribution)).content.decode()
    assert "Abusive words" in html
    assert "Other one" not in html


@pytest.mark.parametrize("text", HOSTILE, ids=[f"xss-{n}" for n in range(len(HOSTILE))])
def test_hostile_reason_and_answer_are_stored_and_shown_inert(client, moderator, contribution, text):
    client.force_login(moderator)
    client.post(url("moderation-hide", contribution), {"reason": text[:500]})
    client.post(url("moderation-answer", contribution), {"body": text})
    assert Contribution.objects.get(pk=contribution.pk).hidden_reason == text[:500].strip()
    assert ModeratorResponse.objects.get().body == text.strip()
    response = client.get(detail_url(contribution))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x onerror" not in html
    assert "<svg onload" not in html


def test_hostile_contribution_text_is_inert_on_queue_and_detail(client, moderator, review, public_round):
    hostile = ContributionFactory(
        round=public_round,
        document=public_round.documents.get(),
        body="<script>alert(1)</script>",
        quote="<img src=x onerror=alert(1)>",
        organisation_name="<svg onload=alert(1)>",
    )
    ContributionFlagFactory(contribution=hostile, user=ContributorFactory(), reason="<b onmouseover=alert(1)>")
    client.force_login(moderator)
    for address in (reverse("stakeholders:moderation", args=[review.pk]) + "?status=all", detail_url(hostile)):
        html = client.get(address).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html
        assert "<svg onload" not in html
        assert "<b onmouseover" not in html


@pytest.mark.parametrize("size", [1, 30], ids=["small", "large"])
def test_detail_query_budget_does_not_grow_with_flags_answers_and_history(
    client, moderator, contribution, size, django_assert_num_queries
):
    for n in range(size):
        ContributionFlagFactory(contribution=contribution, user=ContributorFactory(), reason=f"flag {n}")
        ModeratorResponseFactory(contribution=contribution, body=f"answer {n}", author=moderator)
        AuditEntry.objects.create(
            review=contribution.round.review,
            actor=ContributorFactory(),
            action="stakeholders.contribution_flagged",
            summary="flagged",
            data={"contribution": contribution.pk},
        )
    client.force_login(moderator)
    client.get(detail_url(contribution))  # puts the default prepared answers in
    with django_assert_num_queries(16):
        response = client.get(detail_url(contribution))
    assert len(response.context["history"]) == size


TEXT_EDGES = ["x" * int(text[5:]) if text.startswith("LONG:") else text for text in HOSTILE_INPUTS["text_edges"]]


@pytest.mark.parametrize("text", TEXT_EDGES, ids=[f"edge-{n}" for n in range(len(TEXT_EDGES))])
def test_text_edge_cases_never_end_in_a_500(client, moderator, contribution, text):
    client.force_login(moderator)
    for name, data in (
        ("moderation-hide", {"reason": text}),
        ("moderation-answer", {"body": text}),
        ("moderation-block", {"reason": text}),
        ("moderation-classify", {"classification": text}),
    ):
        response = client.post(url(name, contribution), data)
        assert response.status_code in (200, 302), name
    response = client.post(
        reverse("stakeholders:moderation-bulk", args=[contribution.round.review_id]),
        {"contributions": [contribution.pk], "reason": text, "next_query": text},
    )
    assert response.status_code == 302
    assert client.get(detail_url(contribution)).status_code == 200
    assert (
        client.get(
            reverse("stakeholders:moderation", args=[contribution.round.review_id]),
            {"status": text, "round": text, "classification": text, "language": text, "page": text},
        ).status_code
        == 200
    )


def test_a_prepared_answer_filled_in_for_the_moderator_says_so_and_can_be_emptied(
    client, moderator, contribution, templates
):
    Contribution.objects.filter(pk=contribution.pk).update(classification="political", language="en")
    client.force_login(moderator)
    html = client.get(detail_url(contribution)).content.decode()
    notice = html.split('id="prepared-filled"')[1].split("</div>")[0]
    assert "“<bdi>political en</bdi>” fits this contribution's class and language" in notice
    assert 'href="?template=none#answer"' in notice
    emptied = client.get(detail_url(contribution) + "?template=none")
    assert emptied.context["answer_form"].initial["body"] == ""
    assert 'id="prepared-filled"' not in emptied.content.decode()
    # Picking one yourself needs no notice.
    picked = client.get(detail_url(contribution) + f"?template={templates[('constructive', 'en')].pk}")
    assert 'id="prepared-filled"' not in picked.content.decode()


def test_the_menu_of_prepared_answers_can_fill_the_box(client, moderator, contribution, templates):
    client.force_login(moderator)
    response = client.get(detail_url(contribution))
    html = response.content.decode()
    bodies = json.loads(html.split('id="prepared-answer-bodies" type="application/json">')[1].split("</script>")[0])
    assert bodies == {str(t.pk): t.body for t in templates.values()}
    assert "js/prepared-answer.js" in html and "data-prepared-answers" in html


def test_the_class_heading_and_the_class_select_have_distinct_names(client, moderator, contribution):
    client.force_login(moderator)
    html = client.get(detail_url(contribution)).content.decode()
    assert '<h2 class="h5" id="classify-title">Classify the contribution</h2>' in html
    assert re.search(r'<label\s+for="id_classification"[^>]*>\s*Class<', html)


@pytest.mark.parametrize(("role", "decides"), [("moderator", False), ("coordinator", True)])
def test_the_moderation_page_says_who_decides_uptake_with_a_link(client, request, contribution, role, decides):
    client.force_login(request.getfixturevalue(role))
    html = client.get(detail_url(contribution)).content.decode()
    assert "decided by the review's editors and coordinators" in html
    uptake = reverse("stakeholders:uptake", args=[contribution.round.review_id, contribution.round_id])
    outcomes = reverse("stakeholders:portal-outcomes", args=[contribution.round.review_id, contribution.round_id])
    assert (uptake in html, outcomes in html) == (decides, not decides)
