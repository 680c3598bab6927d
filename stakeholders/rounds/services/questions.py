"""The questions of a draft round, with their translations into the round's languages.
Every write is audited; refused once the round is published."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from stakeholders.languages import source_language

from ..models import ConsultationRound, RoundQuestion
from .rounds import lock_draft_round

MAX_QUESTION_CHARS = 2000


def _clean_question(round_: ConsultationRound, text: str, translations: dict | None) -> tuple[str, dict]:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the question.")})
    if len(text) > MAX_QUESTION_CHARS:
        raise ValidationError({"text": _("A question has at most %(max)s characters.") % {"max": MAX_QUESTION_CHARS}})
    source = source_language(round_.review)
    cleaned = {}
    for language, value in (translations or {}).items():
        value = (value or "").strip()
        if language in round_.languages and language != source and value:
            cleaned[language] = value[:MAX_QUESTION_CHARS]
    return text, cleaned


@transaction.atomic
def round_question_create(
    *, actor, round_: ConsultationRound, text: str, translations: dict | None = None
) -> RoundQuestion:
    """Add a question at the end of a draft round's list. Audited."""
    locked = lock_draft_round(round_)
    text, translations = _clean_question(locked, text, translations)
    last = locked.questions.aggregate(last=Max("position"))["last"]
    question = RoundQuestion(
        round=locked, text=text, translations=translations, position=0 if last is None else last + 1
    )
    question.save()
    audit_record(
        review=locked.review,
        actor=actor,
        action="stakeholders.round_question_create",
        summary=_("Question added to “%(round)s”") % {"round": locked.title},
        data={"round": locked.pk, "question": question.pk},
    )
    return question


@transaction.atomic
def round_question_update(
    *, actor, question: RoundQuestion, text: str, translations: dict | None = None
) -> RoundQuestion:
    locked = lock_draft_round(question.round)
    question.text, question.translations = _clean_question(locked, text, translations)
    question.save(update_fields=["text", "translations"])
    audit_record(
        review=locked.review,
        actor=actor,
        action="stakeholders.round_question_update",
        summary=_("Question changed in “%(round)s”") % {"round": locked.title},
        data={"round": locked.pk, "question": question.pk},
    )
    return question


@transaction.atomic
def round_question_delete(*, actor, question: RoundQuestion) -> None:
    locked = lock_draft_round(question.round)
    audit_record(
        review=locked.review,
        actor=actor,
        action="stakeholders.round_question_delete",
        summary=_("Question removed from “%(round)s”") % {"round": locked.title},
        data={"round": locked.pk, "question": question.pk},
    )
    question.delete()
