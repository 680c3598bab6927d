"""Consultation rounds, staff side: services (create, sections, translations, publish,
close, extend, questions) and their pages."""

import importlib
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reviews.drafting.services.outline import section_add
from reviews.drafting.services.sections import section_save
from reviews.models import AuditEntry, Section, SectionTranslation
from stakeholders.models import ConsultationRound, EngagementActivity, RoundDocument, RoundQuestion
from stakeholders.portal.services.settings import portal_for
from stakeholders.rounds import selectors
from stakeholders.rounds.services import questions as question_services
from stakeholders.rounds.services import rounds as round_services
from stakeholders.rounds.services import translations as translation_services
from stakeholders.tests.factories import (
    ActivityFactory,
    ContributionFactory,
    RoundDocumentFactory,
    StandingGroupFactory,
)
from stakeholders.tests.helpers import HOSTILE, draft_section, round_fields

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def ready_round(review, coordinator, draft_round, health):
    """A draft round with one chosen section, on a review with a portal."""
    portal_for(review)
    round_services.round_set_sections(actor=coordinator, round_=draft_round, section_ids=[health.pk])
    return draft_round


# --- Creating -------------------------------------------------------------------------


def test_round_create_stores_a_draft_with_sanitized_description_and_audits(review, coordinator):
    round_ = round_services.round_create(
        actor=coordinator, review=review, **round_fields(description="<p>Hi</p><script>alert(1)</script>")
    )

    assert round_.status == "draft"
    assert round_.description == "<p>Hi</p>"
    assert round_.created_by == coordinator
    assert AuditEntry.objects.filter(review=review, action="stakeholders.round_create").count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"closes_at": timezone.now() - timedelta(days=1)}, "closes_at"),
        ({"audience": "working_group"}, "group"),
        ({"languages": []}, "languages"),
        ({"languages": ["zh-Hans"]}, "languages"),
        ({"languages": ["en", "fr"]}, "languages"),
        ({"title": "   "}, "title"),
    ],
    ids=[
        "closes-before-opens",
        "group-missing",
        "no-language",
        "without-draft-language",
        "not-a-report-language",
        "blank-title",
    ],
)
def test_round_create_refuses_bad_fields_at_the_field(review, coordinator, overrides, field):
    with pytest.raises(ValidationError) as error:
        round_services.round_create(actor=coordinator, review=review, **round_fields(**overrides))

    assert field in error.value.message_dict
    assert not ConsultationRound.objects.exists()


def test_round_create_refuses_a_working_group_of_another_review(review, coordinator, other_review):
    group = StandingGroupFactory(review=other_review)

    with pytest.raises(ValidationError) as error:
        round_services.round_create(
            actor=coordinator, review=review, **round_fields(audience="working_group", group=group)
        )

    assert error.value.message_dict["group"] == ["Choose one of this review's thematic working groups."]


def test_round_create_for_a_working_group_keeps_the_group(review, coordinator):
    group = StandingGroupFactory(review=review)

    round_ = round_services.round_create(
        actor=coordinator, review=review, **round_fields(audience="working_group", group=group)
    )

    assert round_.group == group


# --- Sections -------------------------------------------------------------------------


def test_round_set_sections_keeps_outline_order(review, coordinator, draft_round):
    first = draft_section(review, coordinator, "Introduction")
    second = draft_section(review, coordinator, "Goal 1")
    child = draft_section(review, coordinator, "Goal 1, target 1", parent=second)

    chosen = round_services.round_set_sections(
        actor=coordinator, round_=draft_round, section_ids=[child.pk, first.pk, second.pk]
    )

    assert chosen == [first.pk, second.pk, child.pk]
    titles = list(draft_round.documents.order_by("position").values_list("title", flat=True))
    assert titles == ["Introduction", "Goal 1", "Goal 1, target 1"]
    assert set(draft_round.documents.values_list("frozen_at", flat=True)) == {None}


def test_round_set_sections_refuses_a_section_of_another_review(coordinator, draft_round, other_review, other_member):
    foreign = draft_section(other_review, other_member, "Foreign")

    with pytest.raises(ValidationError) as error:
        round_services.round_set_sections(actor=coordinator, round_=draft_round, section_ids=[foreign.pk])

    assert "sections" in error.value.message_dict
    assert not draft_round.documents.exists()


def test_round_set_sections_dropping_a_section_drops_its_pasted_translation(coordinator, ready_round, health):
    translation_services.round_attach_translation(
        actor=coordinator, round_=ready_round, section=health, language="zh-Hans", content="诊所开业了。"
    )

    round_services.round_set_sections(actor=coordinator, round_=ready_round, section_ids=[])

    assert not ready_round.documents.exists()


# --- Publishing -----------------------------------------------------------------------


def test_round_publish_freezes_one_copy_per_section_and_language(review, coordinator, ready_round, health):
    SectionTranslation.objects.create(
        section=health, language="zh-Hans", content="<p>诊所开业了。</p>", source_version=1
    )

    assert round_services.round_publish(actor=coordinator, round_=ready_round) is True

    ready_round.refresh_from_db()
    documents = {d.language: d for d in ready_round.documents.all()}
    assert ready_round.published_at is not None
    assert sorted(documents) == ["en", "zh-Hans"]
    assert documents["en"].content == "<p>Clinics opened.</p>"
    assert documents["en"].source_version == health.version
    assert documents["zh-Hans"].content == "<p>诊所开业了。</p>"
    assert all(d.frozen_at == ready_round.published_at for d in documents.values())
    assert AuditEntry.objects.filter(review=review, action="stakeholders.round_publish").count() == 1


def test_editing_the_section_after_publishing_leaves_the_frozen_copy_unchanged(coordinator, ready_round, health):
    round_services.round_publish(actor=coordinator, round_=ready_round)
    frozen = RoundDocument.objects.get(round=ready_round, language="en")

    section_save(actor=coordinator, section=health, content="<p>Rewritten entirely.</p>", base_version=health.version)

    after = RoundDocument.objects.get(pk=frozen.pk)
    assert Section.objects.get(pk=health.pk).content == "<p>Rewritten entirely.</p>"
    assert after.content == "<p>Clinics opened.</p>"
    assert after.source_version == frozen.source_version
    assert after.frozen_at == frozen.frozen_at


def test_round_publish_makes_the_public_paragraphs_once(coordinator, ready_round, health):
    translation_services.round_attach_translation(
        actor=coordinator, round_=ready_round, section=health, language="zh-Hans", content="诊所开业了。\n\n第二段。"
    )
    assert RoundDocument.objects.get(round=ready_round, language="zh-Hans").paragraphs is None  # not frozen yet

    round_services.round_publish(actor=coordinator, round_=ready_round)

    copies = {d.language: d.paragraphs for d in RoundDocument.objects.filter(round=ready_round)}
    assert copies == {"en": ["<p>Clinics opened.</p>"], "zh-Hans": ["<p>诊所开业了。</p>", "<p>第二段。</p>"]}


def test_translation_added_after_publishing_is_frozen_with_its_paragraphs(coordinator, ready_round, health):
    round_services.round_publish(actor=coordinator, round_=ready_round)

    copy = translation_services.round_attach_translation(
        actor=coordinator, round_=ready_round, section=health, language="zh-Hans", content="诊所开业了。"
    )

    assert RoundDocument.objects.get(pk=copy.pk).paragraphs == ["<p>诊所开业了。</p>"]


def test_migration_fills_the_paragraphs_of_frozen_copies_only(public_round):
    from django.apps import apps

    migration = importlib.import_module("stakeholders.migrations.0006_round_document_paragraphs")
    frozen = public_round.documents.get()
    placeholder = RoundDocumentFactory(round=public_round, language="fr", frozen_at=None, content="<p>Brouillon</p>")
    RoundDocument.objects.filter(pk=frozen.pk).update(
        paragraphs=None, content='<p>Clinics opened.</p><script>alert(1)</script><p onclick="x()">Rose.</p>'
    )

    migration.fill_paragraphs(apps, None)

    assert RoundDocument.objects.get(pk=frozen.pk).paragraphs == ["<p>Clinics opened.</p>", "<p>Rose.</p>"]
    assert RoundDocument.objects.get(pk=placeholder.pk).paragraphs is None


def test_round_publish_uses_a_pasted_translation_when_the_draft_has_none(coordinator, ready_round, health):
    translation_services.round_attach_translation(
        actor=coordinator, round_=ready_round, section=health, language="zh-Hans", content="诊所开业了。", title="目标3"
    )

    round_services.round_publish(actor=coordinator, round_=ready_round)

    copy = RoundDocument.objects.get(round=ready_round, language="zh-Hans")
    assert copy.content == "<p>诊所开业了。</p>"
    assert copy.title == "目标3"
    assert copy.frozen_at is not None


def test_round_publish_without_translation_publishes_the_draft_language_only(coordinator, ready_round):
    round_services.round_publish(actor=coordinator, round_=ready_round)

    assert list(ready_round.documents.values_list("language", flat=True)) == ["en"]


def test_round_publish_twice_changes_nothing(review, coordinator, ready_round):
    round_services.round_publish(actor=coordinator, round_=ready_round)
    published_at = ConsultationRound.objects.get(pk=ready_round.pk).published_at

    assert round_services.round_publish(actor=coordinator, round_=ready_round) is False

    assert ConsultationRound.objects.get(pk=ready_round.pk).published_at == published_at
    assert AuditEntry.objects.filter(review=review, action="stakeholders.round_publish").count() == 1
    assert EngagementActivity.objects.filter(round=ready_round).count() == 1


def test_round_publish_creates_the_plan_activity(review, coordinator, ready_round):
    round_services.round_publish(actor=coordinator, round_=ready_round)

    activity = EngagementActivity.objects.get(round=ready_round)
    assert activity.review == review
    assert activity.kind == "online_consultation"
    assert activity.stage == ready_round.stage
    assert activity.date == timezone.localdate(ready_round.opens_at)


def test_round_publish_keeps_an_existing_activity(review, coordinator, ready_round):
    ActivityFactory(review=review, round=ready_round)

    round_services.round_publish(actor=coordinator, round_=ready_round)

    assert EngagementActivity.objects.filter(round=ready_round).count() == 1


def test_round_publish_refuses_without_a_section(review, coordinator, draft_round):
    portal_for(review)

    with pytest.raises(ValidationError) as error:
        round_services.round_publish(actor=coordinator, round_=draft_round)

    assert error.value.messages == ["Choose at least one draft section to consult on."]
    assert ConsultationRound.objects.get(pk=draft_round.pk).published_at is None


def test_round_publish_refuses_a_question_round_without_question(review, coordinator):
    portal_for(review)
    round_ = round_services.round_create(actor=coordinator, review=review, **round_fields(kind="questions"))

    with pytest.raises(ValidationError) as error:
        round_services.round_publish(actor=coordinator, round_=round_)

    assert error.value.messages == ["Add at least one question."]


def test_round_publish_of_a_question_round_with_a_question(review, coordinator):
    portal_for(review)
    round_ = round_services.round_create(actor=coordinator, review=review, **round_fields(kind="questions"))
    question_services.round_question_create(actor=coordinator, round_=round_, text="What matters most?")

    assert round_services.round_publish(actor=coordinator, round_=round_) is True


def test_round_publish_refuses_without_a_portal(coordinator, draft_round, health):
    round_services.round_set_sections(actor=coordinator, round_=draft_round, section_ids=[health.pk])

    with pytest.raises(ValidationError) as error:
        round_services.round_publish(actor=coordinator, round_=draft_round)

    assert error.value.messages == ["The review has no public portal yet: set it up first."]


def test_round_publish_refuses_a_round_whose_closing_date_passed(review, coordinator, health):
    portal_for(review)
    now = timezone.now()
    round_ = round_services.round_create(
        actor=coordinator,
        review=review,
        **round_fields(opens_at=now - timedelta(days=3), closes_at=now - timedelta(days=1)),
    )
    round_services.round_set_sections(actor=coordinator, round_=round_, section_ids=[health.pk])

    with pytest.raises(ValidationError) as error:
        round_services.round_publish(actor=coordinator, round_=round_)

    assert error.value.messages == ["The closing date has passed: set a later one before publishing."]


def test_round_publish_refuses_a_section_without_text(review, coordinator, draft_round):
    portal_for(review)
    empty = section_add(actor=coordinator, review=review, title="Empty chapter")
    round_services.round_set_sections(actor=coordinator, round_=draft_round, section_ids=[empty.pk])

    with pytest.raises(ValidationError) as error:
        round_services.round_publish(actor=coordinator, round_=draft_round)

    assert error.value.messages == ["These sections have no text yet: Empty chapter."]


def test_published_round_settings_sections_and_questions_are_locked(coordinator, ready_round, health):
    round_services.round_publish(actor=coordinator, round_=ready_round)

    with pytest.raises(ValidationError):
        round_services.round_update(actor=coordinator, round_=ready_round, **round_fields(title="New"))
    with pytest.raises(ValidationError):
        round_services.round_set_sections(actor=coordinator, round_=ready_round, section_ids=[])
    with pytest.raises(ValidationError):
        question_services.round_question_create(actor=coordinator, round_=ready_round, text="Late?")
    with pytest.raises(ValidationError):
        round_services.round_delete(actor=coordinator, round_=ready_round)
    assert ConsultationRound.objects.get(pk=ready_round.pk).title == "Consultation on the draft"


# --- Translations ---------------------------------------------------------------------


def test_attach_translation_after_publishing_adds_a_frozen_copy_once(review, coordinator, ready_round, health):
    round_services.round_publish(actor=coordinator, round_=ready_round)

    document = translation_services.round_attach_translation(
        actor=coordinator, round_=ready_round, section=health, language="zh-Hans", content="<p>诊所开业了。</p>"
    )

    assert document.frozen_at is not None
    assert document.source_version == health.version
    with pytest.raises(ValidationError) as error:
        translation_services.round_attach_translation(
            actor=coordinator, round_=ready_round, section=health, language="zh-Hans", content="<p>Other</p>"
        )
    assert error.value.message_dict["content"] == [
        "This round's copy in this language is already frozen: it cannot be changed."
    ]
    assert RoundDocument.objects.get(round=ready_round, language="zh-Hans").content == "<p>诊所开业了。</p>"


def test_attach_translation_is_refused_where_the_draft_has_one(coordinator, ready_round, health):
    SectionTranslation.objects.create(section=health, language="zh-Hans", content="<p>诊所</p>", source_version=1)

    with pytest.raises(ValidationError) as error:
        translation_services.round_attach_translation(
            actor=coordinator, round_=ready_round, section=health, language="zh-Hans", content="x"
        )

    assert "content" in error.value.message_dict


@pytest.mark.parametrize("language", ["en", "fr"], ids=["draft-language", "not-a-round-language"])
def test_attach_translation_refuses_other_languages(coordinator, ready_round, health, language):
    with pytest.raises(ValidationError):
        translation_services.round_attach_translation(
            actor=coordinator, round_=ready_round, section=health, language=language, content="x"
        )


def test_attach_translation_sanitizes_hostile_html(coordinator, ready_round, health):
    document = translation_services.round_attach_translation(
        actor=coordinator,
        round_=ready_round,
        section=health,
        language="zh-Hans",
        content="\n".join(HOSTILE["xss_html"]),
    )

    assert "<script" not in document.content
    assert "onerror" not in document.content
    assert "<iframe" not in document.content


# --- Closing, extending ---------------------------------------------------------------


def test_round_close_now_closes_an_open_round(review, coordinator, ready_round):
    round_services.round_publish(actor=coordinator, round_=ready_round)

    round_services.round_close_now(actor=coordinator, round_=ready_round)

    assert ConsultationRound.objects.get(pk=ready_round.pk).status == "closed"
    assert AuditEntry.objects.filter(review=review, action="stakeholders.round_close").count() == 1


def test_round_close_now_refuses_a_draft(coordinator, draft_round):
    with pytest.raises(ValidationError):
        round_services.round_close_now(actor=coordinator, round_=draft_round)


def test_round_extend_moves_the_closing_date_and_refuses_the_past(coordinator, ready_round):
    later = timezone.now() + timedelta(days=30)

    round_services.round_extend(actor=coordinator, round_=ready_round, closes_at=later)

    assert ConsultationRound.objects.get(pk=ready_round.pk).closes_at == later
    with pytest.raises(ValidationError) as error:
        round_services.round_extend(
            actor=coordinator, round_=ready_round, closes_at=timezone.now() - timedelta(minutes=1)
        )
    assert "closes_at" in error.value.message_dict


# --- Questions ------------------------------------------------------------------------


def test_round_questions_keep_order_and_only_round_translations(coordinator, draft_round):
    first = question_services.round_question_create(
        actor=coordinator, round_=draft_round, text=" First? ", translations={"zh-Hans": "第一？", "fr": "Premier ?"}
    )
    second = question_services.round_question_create(actor=coordinator, round_=draft_round, text="Second?")

    assert [q.text for q in draft_round.questions.all()] == ["First?", "Second?"]
    assert first.translations == {"zh-Hans": "第一？"}
    assert second.position == first.position + 1


def test_round_question_update_and_delete(coordinator, draft_round):
    question = question_services.round_question_create(actor=coordinator, round_=draft_round, text="Old?")

    question_services.round_question_update(
        actor=coordinator, question=question, text="New?", translations={"zh-Hans": "新？"}
    )
    assert RoundQuestion.objects.get(pk=question.pk).text == "New?"
    question_services.round_question_delete(actor=coordinator, question=question)
    assert not RoundQuestion.objects.exists()


def test_round_question_refuses_blank_text(coordinator, draft_round):
    with pytest.raises(ValidationError) as error:
        question_services.round_question_create(actor=coordinator, round_=draft_round, text="   ")

    assert "text" in error.value.message_dict


def test_round_delete_removes_a_draft_and_audits(review, coordinator, draft_round):
    round_services.round_delete(actor=coordinator, round_=draft_round)

    assert not ConsultationRound.objects.exists()
    assert AuditEntry.objects.filter(review=review, action="stakeholders.round_delete").count() == 1


def test_round_contribution_counts(coordinator, public_round):
    ContributionFactory(round=public_round, document=public_round.documents.first())
    ContributionFactory(round=public_round, document=public_round.documents.first(), visibility="awaiting")
    ContributionFactory(round=public_round, document=public_round.documents.first(), visibility="hidden")

    assert selectors.round_contribution_counts(public_round) == {"total": 3, "visible": 1, "awaiting": 1, "hidden": 1}
