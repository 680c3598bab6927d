"""Reads for taking accepted progress reports into the draft: the reports beside a goal's
section, with their passages."""

from __future__ import annotations

import html

from django.db.models import Prefetch

from reviews.core.sanitize import clean_html
from reviews.drafting.models import Section, SectionKind
from reviews.reporting.models import (
    ProgressReport,
    QuestionType,
    ReportAnswer,
    ReportStatus,
    TemplateQuestion,
)

DONE = (ReportStatus.ACCEPTED, ReportStatus.INCORPORATED)


def report_list_for_section(*, section: Section) -> list[ProgressReport]:
    """The accepted (or incorporated) lead reports on the section's goal, newest round
    first, each with its answers, its template's questions and its contributions (with
    theirs). A fixed number of queries whatever the number of reports."""
    if section.kind != SectionKind.GOAL or section.goal_id is None:
        return []
    answers = Prefetch("answers", queryset=ReportAnswer.objects.order_by("pk"))
    questions = Prefetch("template__questions", queryset=TemplateQuestion.objects.order_by("position", "pk"))
    contributions = Prefetch(
        "contributions",
        queryset=ProgressReport.objects.select_related("ministry", "template")
        .filter(status__in=DONE)
        .prefetch_related(answers, questions)
        .order_by("ministry__name"),
    )
    reports = list(
        ProgressReport.objects.filter(
            review_id=section.review_id, goal_id=section.goal_id, lead_report__isnull=True, status__in=DONE
        )
        .select_related("ministry", "round", "goal", "template")
        .prefetch_related(answers, questions, contributions, "incorporations")
        .order_by("-round__deadline", "ministry__name")
    )
    for report in reports:
        for item in (report, *report.contributions.all()):
            item.passages = _passages(item)
    return reports


def _passages(report: ProgressReport) -> list[tuple[TemplateQuestion, str]]:
    """(question, sanitized HTML) for each answered question, in question order."""
    values = {answer.question_key: answer.value for answer in report.answers.all()}
    passages = []
    for question in report.template.questions.all():
        value = values.get(question.key)
        if question.type == QuestionType.FILE or value in (None, "", []):
            continue
        cleaned = clean_html(passage_html(question, value))
        if cleaned:
            passages.append((question, cleaned))
    return passages


def passage_html(question: TemplateQuestion, value) -> str:
    """An answer as HTML paragraphs (tables as a table), ready for the sanitizer."""
    if question.type == QuestionType.RICH_TEXT:
        return value or ""
    if question.type == QuestionType.TABLE:
        head = "".join(f'<th scope="col">{html.escape(str(column))}</th>' for column in question.options)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row) + "</tr>" for row in value or []
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    if question.type == QuestionType.INDICATORS:
        return "<p>" + html.escape(", ".join(str(code) for code in value or [])) + "</p>"
    return "<p>" + html.escape(str(value or "")) + "</p>"
