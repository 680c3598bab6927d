"""Reads of ministry progress reports: which reports a person may see, and a report with
everything its page shows, in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from indicators.models import Indicator
from reviews import rules as perms
from reviews.core.models import Review
from reviews.core.sanitize import clean_html
from reviews.reporting.models import (
    ProgressReport,
    ReportAnswer,
    ReportAttachment,
    ReportQuestionComment,
    ReportStatus,
    ReportSubmission,
    TemplateQuestion,
)


def report_list_for_user(*, user, review: Review) -> QuerySet[ProgressReport]:
    """The reports of `review` that `user` may see, by the rule of
    "reviews.view_progressreport" (`perms.progress_reports_visible_to`, beside its
    predicate): all of them for the roles that read every report and superusers; a focal
    point's ministry's (and its divisions') reports otherwise. Round, ministry and goal
    are loaded (select_related), so listing them costs one query."""
    reports = ProgressReport.objects.filter(review=review).select_related("round", "ministry", "goal")
    return perms.progress_reports_visible_to(user, review, reports)


def report_queryset() -> QuerySet[ProgressReport]:
    """Reports with what their permissions and headings need (review, ministry…)."""
    return ProgressReport.objects.select_related(
        "review__country", "ministry", "goal", "round", "template", "lead_report"
    )


def questions_of(report: ProgressReport) -> list[TemplateQuestion]:
    return list(TemplateQuestion.objects.filter(template_id=report.template_id).order_by("position", "pk"))


def last_returned_submission(report: ProgressReport) -> ReportSubmission | None:
    """The latest submission, if a reviewer returned it (with its comments loaded)."""
    submission = (
        report.submissions.prefetch_related(
            Prefetch("comments", queryset=ReportQuestionComment.objects.select_related("author"))
        )
        .select_related("decided_by")
        .order_by("-number")
        .first()
    )
    if submission is None or submission.decision != ReportStatus.RETURNED:
        return None
    return submission


def indicator_titles(codes) -> dict[str, str]:
    codes = {code for code in codes if code}
    if not codes:
        return {}
    return {i.code: i.title_localized for i in Indicator.objects.filter(code__in=codes)}


def answer_rows(
    questions, answers: dict, attachments: list, comments: dict | None = None, titles: dict | None = None
) -> list[dict]:
    """One row per question: the question, its answer value, its files and comments."""
    rows = []
    for question in questions:
        value = answers.get(question.key)
        row = {
            "question": question,
            "value": value,
            "attachments": [a for a in attachments if a.question_key == question.key],
            "comments": (comments or {}).get(question.key, []),
        }
        if question.type == "rich_text":
            # Rendered only as sanitized HTML, whoever wrote the stored value.
            row["html"] = clean_html(value) if isinstance(value, str) else ""
        elif question.type == "table":
            row["table"] = (
                [[str(cell) for cell in r] for r in value if isinstance(r, list)] if isinstance(value, list) else []
            )
        if question.type == "indicators" and isinstance(value, list):
            row["indicators"] = [{"code": code, "title": (titles or {}).get(code, "")} for code in value]
        rows.append(row)
    return rows


def report_page(report: ProgressReport) -> dict:
    """What the report page shows: answer rows (with the reviewers' comments from the last
    returned submission) and, for a lead report, its contributions with their rows.
    Queries are fixed whatever the number of answers and contributions."""
    questions = questions_of(report)
    answers = {a.question_key: a.value for a in report.answers.all()}
    attachments = list(report.attachments.all())
    returned = last_returned_submission(report)
    comments: dict[str, list] = {}
    if returned is not None:
        for comment in returned.comments.all():
            comments.setdefault(comment.question_key, []).append(comment)
    contributions = []
    if not report.is_contribution:
        contributions = list(
            report.contributions.select_related("ministry")
            .prefetch_related(
                Prefetch("answers", queryset=ReportAnswer.objects.only("report_id", "question_key", "value")),
                Prefetch("attachments", queryset=ReportAttachment.objects.all()),
                Prefetch("template__questions", queryset=TemplateQuestion.objects.order_by("position", "pk")),
            )
            .select_related("template")
            .order_by("ministry__name")
        )
    codes = []
    for values in [answers] + [{a.question_key: a.value for a in c.answers.all()} for c in contributions]:
        for value in values.values():
            if isinstance(value, list) and all(isinstance(item, str) for item in value):
                codes.extend(value)
    titles = indicator_titles(codes)
    contribution_blocks = [
        {
            "report": contribution,
            "rows": answer_rows(
                contribution.template.questions.all(),
                {a.question_key: a.value for a in contribution.answers.all()},
                list(contribution.attachments.all()),
                titles=titles,
            ),
        }
        for contribution in contributions
    ]
    return {
        "questions": questions,
        "rows": answer_rows(questions, answers, attachments, comments, titles),
        "returned": returned,
        "contributions": contribution_blocks,
    }


def report_history(report: ProgressReport) -> list[dict]:
    """Every submission of `report`, newest first, with its answers and comments as rows."""
    questions = questions_of(report)
    submissions = list(
        report.submissions.select_related("submitted_by", "decided_by")
        .prefetch_related(Prefetch("comments", queryset=ReportQuestionComment.objects.select_related("author")))
        .order_by("-number")
    )
    codes = []
    for submission in submissions:
        for value in (submission.answers or {}).values():
            if isinstance(value, list) and all(isinstance(item, str) for item in value):
                codes.extend(value)
    titles = indicator_titles(codes)
    history = []
    for submission in submissions:
        comments: dict[str, list] = {}
        for comment in submission.comments.all():
            comments.setdefault(comment.question_key, []).append(comment)
        answers = dict(submission.answers or {})
        rows = answer_rows(questions, answers, [], comments, titles)
        for row in rows:
            if row["question"].type == "file":
                row["files"] = row["value"] if isinstance(row["value"], list) else []
        history.append({"submission": submission, "rows": rows})
    return history
