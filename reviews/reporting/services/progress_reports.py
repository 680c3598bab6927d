"""Filling, submitting and reviewing ministry progress reports.

Answers are saved as drafts without any check of required answers or word limits;
submission checks both and keeps a frozen copy of the answers (the report's history);
a reviewer returns a submission with comments per question or accepts it.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from reviews.core.models import Membership, Notification
from reviews.core.notifications import notify
from reviews.core.sanitize import clean_html, plain_text, word_count
from reviews.drafting.services.sections import text_to_html
from reviews.reporting.models import (
    ProgressReport,
    QuestionType,
    ReportAnswer,
    ReportAttachment,
    ReportQuestionComment,
    ReportStatus,
    ReportSubmission,
    TemplateQuestion,
)
from vnr_portal.common.uploads import DOCX_TYPE, XLSX_TYPE, document_type, safe_file_name

MAX_SHORT_TEXT = 500
MAX_RICH_TEXT_CHARS = 200_000
MAX_TABLE_ROWS = 200
MAX_CELL_CHARS = 2000

# Content type -> extension of the files a report may carry.
ATTACHMENT_TYPES = {"application/pdf": "pdf", DOCX_TYPE: "docx", XLSX_TYPE: "xlsx", "text/csv": "csv"}
# In [Content_Types].xml, the main part of each Office format.

MESSAGES = {
    "not_fillable": _("This report has been submitted: it can be changed again only if a reviewer returns it."),
    "not_submitted": _("Only a submitted report can be returned or accepted."),
    "required": _("This question needs an answer before the report can be submitted."),
    "too_many_words": _("At most %(limit)s words (this answer has %(count)s)."),
    "return_needs_comment": _("Say what needs changing: comment on at least one question or write a note."),
}


class ReportNotFillable(Exception):
    """The report is submitted, accepted or incorporated: it cannot be changed now."""


# --- Attachments ----------------------------------------------------------------------


# --- Answers --------------------------------------------------------------------------


def _clean_value(question: TemplateQuestion, value):
    """The stored form of an answer and its word count."""
    kind = question.type
    if kind == QuestionType.RICH_TEXT:
        html = clean_html(text_to_html(str(value or "")))
        return html, word_count(html)
    if kind == QuestionType.SHORT_TEXT:
        text = str(value or "").strip()
        return text, word_count(f"<p>{text}</p>") if text else 0
    if kind == QuestionType.NUMBER:
        return (
            "" if value in (None, "") else str(Decimal(value).normalize() if isinstance(value, Decimal) else value)
        ), 0
    if kind == QuestionType.CHOICE:
        return str(value or ""), 0
    if kind == QuestionType.TABLE:
        rows = [[str(cell or "").strip() for cell in row] for row in (value or [])]
        rows = [row for row in rows if any(row)]
        return rows, sum(word_count(f"<p>{cell}</p>") for row in rows for cell in row if cell)
    if kind == QuestionType.INDICATORS:
        return list(value or []), 0
    return value, 0


def _is_empty(question: TemplateQuestion, value, attachments) -> bool:
    if question.type == QuestionType.FILE:
        return not attachments
    if question.type == QuestionType.RICH_TEXT:
        return not plain_text(value or "").strip()
    return value in (None, "", [], {})


def _check_fillable(report: ProgressReport) -> None:
    if not report.is_fillable:
        raise ReportNotFillable(MESSAGES["not_fillable"])


def _lock(report: ProgressReport) -> ProgressReport:
    return ProgressReport.objects.select_for_update(of=("self",)).get(pk=report.pk)


def _add_attachment(*, actor, report: ProgressReport, question_key: str, upload) -> ReportAttachment:
    try:
        content_type = document_type(upload)
    except ValidationError as error:
        raise ValidationError({question_key: error.messages}) from error
    extension = ATTACHMENT_TYPES[content_type]
    display = safe_file_name(upload.name, extension)
    # The stored name says nothing of the user's: no path tricks, no clashes.
    upload.name = f"report-{report.pk}-{question_key}.{extension}"
    attachment = ReportAttachment(
        report=report,
        question_key=question_key,
        file=upload,
        name=display,
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def report_answers_save(
    *, actor, report: ProgressReport, answers: dict, uploads: dict | None = None, remove_attachments=()
) -> ProgressReport:
    """Save `answers` ({question key: cleaned form value}) as a draft: no check of
    required answers or word limits. Rich text is sanitized; `uploads` ({key: file}) are
    checked by content and size (a field error at their question); attachments whose ids
    are in `remove_attachments` are deleted. Status becomes "draft". Raises
    ReportNotFillable unless the report is not started, a draft or returned."""
    locked = _lock(report)
    _check_fillable(locked)
    questions = {q.key: q for q in TemplateQuestion.objects.filter(template_id=locked.template_id)}
    existing = {a.question_key: a for a in ReportAnswer.objects.filter(report=locked)}
    now = timezone.now()
    for key, raw in answers.items():
        question = questions.get(key)
        if question is None or question.type == QuestionType.FILE:
            continue
        value, words = _clean_value(question, raw)
        answer = existing.get(key)
        if answer is None:
            if value in ("", [], None):
                continue
            answer = ReportAnswer(report=locked, question_key=key)
        elif answer.value == value:
            continue
        answer.value, answer.word_count, answer.updated_by, answer.updated_at = value, words, actor, now
        answer.full_clean(exclude=["report", "value"])
        answer.save()
    if remove_attachments:
        for attachment in ReportAttachment.objects.filter(report=locked, pk__in=list(remove_attachments)):
            attachment.file.delete(save=False)
            attachment.delete()
    for key, upload in (uploads or {}).items():
        if upload is not None and key in questions and questions[key].type == QuestionType.FILE:
            _add_attachment(actor=actor, report=locked, question_key=key, upload=upload)
    locked.status = ReportStatus.DRAFT
    locked.updated_at = now
    locked.save(update_fields=["status", "updated_at"])
    report.status, report.updated_at = locked.status, locked.updated_at
    return report


def report_check(report: ProgressReport) -> dict[str, str]:
    """{question key: message} for every required answer missing and every word limit
    exceeded (CJK characters count as words); empty when the report can be submitted."""
    answers = {a.question_key: a for a in ReportAnswer.objects.filter(report=report)}
    files = set(ReportAttachment.objects.filter(report=report).values_list("question_key", flat=True))
    errors = {}
    for question in TemplateQuestion.objects.filter(template_id=report.template_id):
        answer = answers.get(question.key)
        value = answer.value if answer else None
        if question.required and _is_empty(question, value, question.key in files):
            errors[question.key] = str(MESSAGES["required"])
        elif question.word_limit and answer and answer.word_count > question.word_limit:
            errors[question.key] = MESSAGES["too_many_words"] % {
                "limit": question.word_limit,
                "count": answer.word_count,
            }
    return errors


def _snapshot(report: ProgressReport) -> dict:
    snapshot = {a.question_key: a.value for a in ReportAnswer.objects.filter(report=report)}
    for attachment in ReportAttachment.objects.filter(report=report):
        snapshot.setdefault(attachment.question_key, [])
        if isinstance(snapshot[attachment.question_key], list):
            snapshot[attachment.question_key].append({"id": attachment.pk, "name": attachment.name})
    return snapshot


def _members(report: ProgressReport, role: str, ministries=None):
    memberships = Membership.objects.filter(review_id=report.review_id, role=role)
    if ministries is not None:
        memberships = memberships.filter(ministry_id__in=ministries)
    return get_user_model().objects.filter(pk__in=memberships.values("user_id"))


def _reviewers(report: ProgressReport):
    return _members(report, "reviewer")


def _focal_points(report: ProgressReport):
    ministries = [report.ministry_id] + ([report.ministry.parent_id] if report.ministry.parent_id else [])
    return _members(report, "focal_point", ministries)


def _describe(report: ProgressReport) -> dict:
    return {"ministry": report.ministry.name, "goal": report.goal.number, "round": report.round.title}


@transaction.atomic
def report_submit(*, actor, report: ProgressReport) -> ReportSubmission:
    """Submit `report` for review.

    Raises ValidationError {question key: message} when a required answer is missing or
    a word limit is exceeded (nothing changes), ReportNotFillable when it is not a draft,
    not started or returned. Otherwise keeps a copy of the answers as submission n+1,
    sets the status to "submitted", notifies the review's reviewers (after commit, by
    e-mail too) and writes the audit log.
    """
    locked = _lock(report)
    _check_fillable(locked)
    errors = report_check(locked)
    if errors:
        raise ValidationError(errors)
    last = locked.submissions.order_by("-number").values_list("number", flat=True).first() or 0
    now = timezone.now()
    submission = ReportSubmission(
        report=locked, number=last + 1, answers=_snapshot(locked), submitted_by=actor, submitted_at=now
    )
    submission.full_clean(exclude=["report"])
    submission.save()
    locked.status, locked.submitted_at, locked.updated_at = ReportStatus.SUBMITTED, now, now
    locked.save(update_fields=["status", "submitted_at", "updated_at"])
    report.status, report.submitted_at, report.updated_at = locked.status, now, now
    names = _describe(report)
    audit_record(
        review=report.review,
        actor=actor,
        action="report.submit",
        summary=_("%(ministry)s submitted its report on goal %(goal)s (%(round)s), submission %(number)s")
        % {**names, "number": submission.number},
        data={"report": report.pk, "submission": submission.number},
    )
    notify(
        users=list(_reviewers(report)),
        review=report.review,
        kind=Notification.Kind.REVIEW_REQUESTED,
        message=lambda: _("%(ministry)s submitted its progress report on goal %(goal)s for review.") % names,
        url=reverse("reviews:report-review", args=[report.review_id, report.pk]),
        key=f"report:{report.pk}:submitted:{submission.number}",
    )
    return submission


def _current_submission(report: ProgressReport) -> ReportSubmission:
    locked = _lock(report)
    if locked.status != ReportStatus.SUBMITTED:
        raise ValidationError(MESSAGES["not_submitted"])
    return locked.submissions.order_by("-number").first()


def _decide(*, actor, report: ProgressReport, submission: ReportSubmission, decision: str, note: str) -> None:
    now = timezone.now()
    submission.decision, submission.decided_by, submission.decided_at, submission.note = decision, actor, now, note
    submission.full_clean(exclude=["report"])
    submission.save(update_fields=["decision", "decided_by", "decided_at", "note"])
    ProgressReport.objects.filter(pk=report.pk).update(status=decision, updated_at=now)
    report.status, report.updated_at = decision, now


@transaction.atomic
def report_return(*, actor, report: ProgressReport, comments: dict[str, str], note: str = "") -> ReportSubmission:
    """Return the submitted `report` to its ministry with `comments` ({question key:
    text}, empty ones ignored) and/or a `note` (one of them is required: a `note` field
    error otherwise). Stored on the current submission with the decision; the focal
    points are notified; audited."""
    submission = _current_submission(report)
    keys = set(TemplateQuestion.objects.filter(template_id=report.template_id).values_list("key", flat=True))
    comments = {key: body.strip() for key, body in comments.items() if key in keys and (body or "").strip()}
    note = (note or "").strip()
    if not comments and not note:
        raise ValidationError({"note": MESSAGES["return_needs_comment"]})
    for key, body in comments.items():
        comment = ReportQuestionComment(submission=submission, question_key=key, body=body, author=actor)
        comment.full_clean(exclude=["submission", "author"])
        comment.save()
    _decide(actor=actor, report=report, submission=submission, decision=ReportStatus.RETURNED, note=note)
    names = _describe(report)
    audit_record(
        review=report.review,
        actor=actor,
        action="report.return",
        summary=_("Report of %(ministry)s on goal %(goal)s returned with %(count)s comment(s)")
        % {**names, "count": len(comments)},
        data={"report": report.pk, "submission": submission.number, "questions": sorted(comments)},
    )
    notify(
        users=list(_focal_points(report)),
        review=report.review,
        kind=Notification.Kind.OTHER,
        message=lambda: _("Your progress report on goal %(goal)s was returned with comments.") % names,
        url=reverse("reviews:report-detail", args=[report.review_id, report.pk]),
        key=f"report:{report.pk}:returned:{submission.number}",
    )
    return submission


@transaction.atomic
def report_accept(*, actor, report: ProgressReport, note: str = "") -> ReportSubmission:
    """Accept the submitted `report`: decision stored on the current submission, status
    "accepted", focal points notified, audited."""
    submission = _current_submission(report)
    _decide(
        actor=actor, report=report, submission=submission, decision=ReportStatus.ACCEPTED, note=(note or "").strip()
    )
    names = _describe(report)
    audit_record(
        review=report.review,
        actor=actor,
        action="report.accept",
        summary=_("Report of %(ministry)s on goal %(goal)s accepted") % names,
        data={"report": report.pk, "submission": submission.number},
    )
    notify(
        users=list(_focal_points(report)),
        review=report.review,
        kind=Notification.Kind.OTHER,
        message=lambda: _("Your progress report on goal %(goal)s was accepted.") % names,
        url=reverse("reviews:report-detail", args=[report.review_id, report.pk]),
        key=f"report:{report.pk}:accepted:{submission.number}",
    )
    return submission
