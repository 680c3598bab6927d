"""Rows for the progress-report tests, made with the ORM until the template and round
services exist (shared by test_progress_reports*.py and test_report_fill_e2e.py)."""

import datetime
import io
import zipfile

from django.utils import timezone

from indicators.tests.factories import IndicatorFactory, TargetFactory
from reviews.tests.factories import (
    ProgressReportFactory,
    ReportingRoundFactory,
    ReportTemplateFactory,
    TemplateQuestionFactory,
)

QUESTIONS = [
    {
        "key": "progress",
        "type": "rich_text",
        "text": "Progress since the first VNR",
        "required": True,
        "word_limit": 50,
    },
    {"key": "headline", "type": "short_text", "text": "Headline", "required": False},
    {"key": "budget", "type": "number", "text": "Budget spent (million)", "required": False},
    {
        "key": "trend",
        "type": "choice",
        "text": "Overall trend",
        "options": ["Better", "Same", "Worse"],
        "required": False,
    },
    {"key": "partners", "type": "table", "text": "Partnerships", "options": ["Partner", "Kind"], "required": False},
    {"key": "indicators", "type": "indicators", "text": "Indicators used", "required": False},
    {"key": "evidence", "type": "file", "text": "Evidence", "required": False},
]


def make_template(review, version=1, questions=QUESTIONS):
    template = ReportTemplateFactory(review=review, version=version)
    for position, spec in enumerate(questions):
        TemplateQuestionFactory(template=template, position=position, **spec)
    return template


def make_round(review, deadline=None):
    deadline = deadline or timezone.localdate() + datetime.timedelta(days=30)
    return ReportingRoundFactory(review=review, title="First round", deadline=deadline)


def make_report(
    *, review, round, ministry, goal, template, role="lead", lead_report=None, status="not_started", deadline=None
):
    return ProgressReportFactory(
        review=review,
        round=round,
        ministry=ministry,
        goal=goal,
        role=role,
        lead_report=lead_report,
        template=template,
        status=status,
        deadline=deadline or round.deadline,
    )


def make_indicator(code="3.1.1"):
    goal_number, target_number, _ = code.split(".")
    from indicators.tests.factories import GoalFactory

    target = TargetFactory(goal=GoalFactory(number=int(goal_number)), code=f"{goal_number}.{target_number}")
    return IndicatorFactory(target=target, code=code, title={"en": f"Indicator {code} title"})


def office_file(kind: str) -> bytes:
    """A minimal .docx or .xlsx: a zip with the [Content_Types] of that format."""
    main = {
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    }[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0"?><Types><Override PartName="/main.xml" ContentType="{main}"/></Types>',
        )
        archive.writestr("main.xml", "<x/>")
    return buffer.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
