"""Answers of progress reports: saving them, and the offline round trip (a .docx or .xlsx
filled outside the portal and uploaded back)."""

from __future__ import annotations

import html

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reviews.core.audit import audit_record
from reviews.core.sanitize import clean_html, word_count
from reviews.reporting import documents as documents
from reviews.reporting.models import (
    ProgressReport,
    QuestionType,
    ReportAnswer,
    ReportStatus,
    TemplateQuestion,
)
from reviews.reporting.selectors.report_offline import report_is_fillable, report_question_list


def _normalized(question: TemplateQuestion, value):
    """The stored shape of an answer; rich text sanitized."""
    if question.type == QuestionType.RICH_TEXT:
        return clean_html(str(value or ""))
    if question.type in (QuestionType.TABLE, QuestionType.INDICATORS):
        if not isinstance(value, list):
            raise ValidationError(_("“%(question)s”: the answer has the wrong form.") % {"question": question.text})
        if question.type == QuestionType.TABLE:
            return [[str(cell) for cell in row] for row in value]
        return [str(code) for code in value]
    return "" if value is None else str(value)


def _words(question: TemplateQuestion, value) -> int:
    if question.type == QuestionType.RICH_TEXT:
        return word_count(value)
    if question.type == QuestionType.SHORT_TEXT:
        return word_count(html.escape(value))
    return 0


@transaction.atomic
def answers_save(*, actor, report: ProgressReport, values: dict) -> list[str]:
    """Save several answers of `report` at once: {question key: value} in the shapes of
    ReportAnswer.value. Rich text is sanitized with clean_html; word counts are set.

    Keys that are not questions of the report's template are refused (nothing saved).
    A report not started becomes a draft. Returns the keys whose answer changed, in
    question order. Does not check required answers or word limits: submission does.
    """
    questions = {question.key: question for question in report.template.questions.all()}
    unknown = sorted(set(values) - set(questions))
    if unknown:
        raise ValidationError(_("These are not questions of this report: %(keys)s.") % {"keys": ", ".join(unknown)})
    existing = {answer.question_key: answer for answer in report.answers.select_for_update()}
    now = timezone.now()
    changed = []
    for key, question in questions.items():
        if key not in values or question.type == QuestionType.FILE:
            continue
        value = _normalized(question, values[key])
        answer = existing.get(key)
        if answer is not None and answer.value == value:
            continue
        if answer is None:
            if value in ("", []):
                continue
            answer = ReportAnswer(report=report, question_key=key)
        answer.value = value
        answer.word_count = _words(question, value)
        answer.updated_by = actor if actor is not None and actor.is_authenticated else None
        answer.updated_at = now
        answer.full_clean(exclude=["report"], validate_unique=False)
        answer.save()
        changed.append(key)
    if changed:
        fields = ["updated_at"]
        report.updated_at = now
        if report.status == ReportStatus.NOT_STARTED:
            report.status = ReportStatus.DRAFT
            fields.append("status")
        report.save(update_fields=fields)
    return changed


def _check_fillable(report: ProgressReport) -> None:
    if not report_is_fillable(report):
        raise ValidationError(
            _("This report is %(status)s: its answers cannot be changed now.") % {"status": report.get_status_display()}
        )


@transaction.atomic
def report_upload(*, actor, report: ProgressReport, name: str, data: bytes) -> list[TemplateQuestion]:
    """Read a .docx (all answers) or .xlsx (table answers) filled offline and save its
    answers at once. Refused, with nothing changed, when the report cannot be filled now
    or the file is not this report's document for its template version. Audited.
    Returns the questions whose answer changed."""
    report = (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("review", "template", "ministry", "goal", "round")
        .get(pk=report.pk)
    )
    _check_fillable(report)
    questions = report_question_list(report)
    lower = (name or "").lower()
    if lower.endswith(".docx"):
        values = documents.read_docx(data, report=report, questions=questions)
    elif lower.endswith(".xlsx"):
        values = documents.read_xlsx(data, report=report, questions=questions)
    elif lower.endswith((".docm", ".xlsm", ".dotm")):
        raise ValidationError(
            _("Files with macros are not accepted. Save the file as a plain .docx and upload it again.")
        )
    else:
        raise ValidationError(_("Upload the report's Word document (.docx) or its Excel workbook (.xlsx)."))
    changed = answers_save(actor=actor, report=report, values=values)
    by_key = {question.key: question for question in questions}
    audit_record(
        review=report.review,
        actor=actor,
        action="report.upload",
        summary=ngettext(
            "%(ministry)s, Goal %(goal)s: offline document uploaded, %(count)s answer changed",
            "%(ministry)s, Goal %(goal)s: offline document uploaded, %(count)s answers changed",
            len(changed),
        )
        % {"ministry": report.ministry, "goal": report.goal.number, "count": len(changed)},
        data={"report": report.pk, "file": (name or "")[:200], "changed": changed},
    )
    return [by_key[key] for key in changed]
