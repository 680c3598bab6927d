"""Progress-report templates: the default questions, and edits that never change the
questions under a report that already exists.

A version is edited in place while no report uses it. Once a report uses it, any change
first copies it to version n+1 (same keys), applies the change there, and new rounds use
the new version; existing reports keep theirs, so no answer is ever dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from reviews.core.models import Review
from reviews.reporting.models import FILLABLE_STATUSES, QuestionType, ReportAnswer, ReportTemplate, TemplateQuestion
from reviews.reporting.presets import DEFAULT_QUESTIONS
from reviews.reporting.selectors.report_templates import template_get_current, template_is_in_use


@dataclass(frozen=True)
class TemplateChange:
    """What an edit did: the version it landed in, and whether that version is new."""

    template: ReportTemplate
    question: TemplateQuestion | None
    new_version: bool
    previous_version: int | None = None
    dropped_answered: bool = False

    def message(self) -> str:
        if not self.new_version:
            return _("Version %(version)s of the template has been saved.") % {"version": self.template.version}
        values = {"old": self.previous_version, "new": self.template.version}
        if self.dropped_answered:
            return (
                _(
                    "Reports already answered keep version %(old)s; new reports use version %(new)s. "
                    "No answer has been removed."
                )
                % values
            )
        return (
            _("Reports already issued keep version %(old)s; the change is in version %(new)s, which new reports use.")
            % values
        )


@transaction.atomic
def report_template_default(*, actor, review: Review) -> ReportTemplate:
    """Version 1 with the default questions; the current version if the review has one
    already (so a double click or a retry creates nothing more)."""
    current = ReportTemplate.objects.select_for_update().filter(review=review).order_by("-version").first()
    if current is not None:
        return current
    template = ReportTemplate(review=review, version=1, created_by=actor if actor and actor.is_authenticated else None)
    template.full_clean()
    template.save()
    for position, (key, text, guidance, type_, required, word_limit, options) in enumerate(DEFAULT_QUESTIONS):
        question = TemplateQuestion(
            template=template,
            key=key,
            position=position,
            text=str(text),
            guidance=str(guidance),
            type=type_,
            required=required,
            word_limit=word_limit,
            options=[str(option) for option in options],
        )
        question.full_clean()
        question.save()
    audit_record(
        review=review,
        actor=actor,
        action="report_template.create",
        summary=_("Default progress-report template created"),
        data={"version": 1},
    )
    return template


def _copy(template: ReportTemplate, *, actor) -> ReportTemplate:
    new = ReportTemplate(
        review=template.review,
        version=template.version + 1,
        created_by=actor if actor and actor.is_authenticated else None,
    )
    new.full_clean()
    new.save()
    TemplateQuestion.objects.bulk_create(
        TemplateQuestion(
            template=new,
            key=q.key,
            position=q.position,
            text=q.text,
            guidance=q.guidance,
            type=q.type,
            required=q.required,
            word_limit=q.word_limit,
            options=q.options,
        )
        for q in template.questions.order_by("position", "pk")
    )
    return new


def _writable(*, actor, review: Review, template: ReportTemplate | None = None) -> tuple[ReportTemplate, int | None]:
    """The version to change: the current one, or a fresh copy of it when reports use it.

    Refuses an edit of an older version (someone changed the template meanwhile). Locks the
    review's templates so that two coordinators editing at once get consecutive versions.
    """
    list(ReportTemplate.objects.select_for_update().filter(review=review).values_list("pk"))
    current = template_get_current(review)
    if current is None:
        current = report_template_default(actor=actor, review=review)
    if template is not None and template.pk != current.pk:
        raise ValidationError(
            _("This template version has been replaced by version %(version)s: reload the page and try again.")
            % {"version": current.version}
        )
    if template_is_in_use(current):
        return _copy(current, actor=actor), current.version
    return current, None


def _new_key(review: Review, text: str) -> str:
    """A key for a new question, never used by any version of the review's template, so
    that old answers can never attach to a different question."""
    base = (slugify(text)[:40].strip("-").replace("-", "_")) or "question"
    used = set(TemplateQuestion.objects.filter(template__review=review).values_list("key", flat=True))
    key, n = base, 2
    while key in used:
        key = f"{base}_{n}"
        n += 1
    return key


def _clean_options(type_: str, options: list[str]) -> list[str]:
    if type_ in (QuestionType.CHOICE, QuestionType.TABLE):
        options = [option for option in options if option]
        if not options:
            message = (
                _("Give at least one choice, one per line.")
                if type_ == QuestionType.CHOICE
                else _("Give at least one column heading, one per line.")
            )
            raise ValidationError({"options": message})
        return options
    return []


def _in_version(template: ReportTemplate, question: TemplateQuestion) -> TemplateQuestion:
    """The question with the same key in `template` (the copy when a new version was made)."""
    if question.template_id == template.pk:
        return question
    return TemplateQuestion.objects.get(template=template, key=question.key)


@transaction.atomic
def question_add(
    *,
    actor,
    review: Review,
    text: str,
    guidance: str = "",
    type: str = QuestionType.RICH_TEXT,
    required: bool = False,
    word_limit: int | None = None,
    options: list[str] | None = None,
) -> TemplateChange:
    """Add a question at the end of the current version (a new version if reports use it)."""
    template, previous = _writable(actor=actor, review=review)
    position = (template.questions.aggregate(m=Max("position"))["m"] or 0) + 1
    question = TemplateQuestion(
        template=template,
        key=_new_key(review, text),
        position=position,
        text=text,
        guidance=guidance,
        type=type,
        required=required,
        word_limit=word_limit if type in (QuestionType.RICH_TEXT, QuestionType.SHORT_TEXT) else None,
        options=_clean_options(type, options or []),
    )
    question.full_clean()
    question.save()
    audit_record(
        review=review,
        actor=actor,
        action="report_template.question_add",
        summary=text,
        data={"version": template.version, "key": question.key},
    )
    return TemplateChange(
        template=template, question=question, new_version=previous is not None, previous_version=previous
    )


@transaction.atomic
def question_update(
    *,
    actor,
    question: TemplateQuestion,
    text: str,
    guidance: str = "",
    type: str = QuestionType.RICH_TEXT,
    required: bool = False,
    word_limit: int | None = None,
    options: list[str] | None = None,
) -> TemplateChange:
    """Change a question of the current version (in a new version if reports use it)."""
    review = question.template.review
    template, previous = _writable(actor=actor, review=review, template=question.template)
    question = _in_version(template, question)
    question.text = text
    question.guidance = guidance
    question.type = type
    question.required = required
    question.word_limit = word_limit if type in (QuestionType.RICH_TEXT, QuestionType.SHORT_TEXT) else None
    question.options = _clean_options(type, options or [])
    question.full_clean()
    question.save()
    audit_record(
        review=review,
        actor=actor,
        action="report_template.question_change",
        summary=text,
        data={"version": template.version, "key": question.key},
    )
    return TemplateChange(
        template=template, question=question, new_version=previous is not None, previous_version=previous
    )


@transaction.atomic
def question_move(*, actor, question: TemplateQuestion, direction: str) -> TemplateChange | None:
    """Swap a question with its neighbour; None when it cannot move further that way."""
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Choose up or down.")})
    review = question.template.review
    siblings = list(question.template.questions.order_by("position", "pk"))
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(siblings):
        return None
    template, previous = _writable(actor=actor, review=review, template=question.template)
    siblings = list(template.questions.order_by("position", "pk"))
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        sibling.position = position
    TemplateQuestion.objects.bulk_update(siblings, ["position"])
    audit_record(
        review=review,
        actor=actor,
        action="report_template.question_move",
        summary=question.text,
        data={"version": template.version, "key": question.key, "direction": direction},
    )
    moved = _in_version(template, question)
    return TemplateChange(
        template=template, question=moved, new_version=previous is not None, previous_version=previous
    )


@transaction.atomic
def question_remove(*, actor, question: TemplateQuestion) -> TemplateChange:
    """Remove a question. When reports use the version, it is removed from a new version
    only: the reports keep their version and their answers (`dropped_answered` says
    whether open reports had answered it)."""
    review = question.template.review
    old_template = question.template
    template, previous = _writable(actor=actor, review=review, template=old_template)
    answered = previous is not None and (
        ReportAnswer.objects.filter(
            report__template=old_template, report__status__in=FILLABLE_STATUSES, question_key=question.key
        )
        .exclude(value="")
        .exists()
    )
    _in_version(template, question).delete()
    audit_record(
        review=review,
        actor=actor,
        action="report_template.question_remove",
        summary=question.text,
        data={"version": template.version, "key": question.key},
    )
    return TemplateChange(
        template=template,
        question=None,
        new_version=previous is not None,
        previous_version=previous,
        dropped_answered=answered,
    )
