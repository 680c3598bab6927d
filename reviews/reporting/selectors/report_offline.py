"""Reads for the offline round trip: whether a report can still be filled, its questions
and its answers."""

from __future__ import annotations

from reviews.reporting import documents as documents
from reviews.reporting.models import ProgressReport, TemplateQuestion


def report_is_fillable(report: ProgressReport) -> bool:
    """Whether the focal point may still change the answers (not submitted nor decided)."""
    return report.is_fillable and report.review.frozen_at is None


def report_question_list(report: ProgressReport) -> list[TemplateQuestion]:
    return list(report.template.questions.all())


def report_get_answer_values(report: ProgressReport) -> dict:
    return dict(report.answers.values_list("question_key", "value"))
