"""Reporting's part of the carry-over (registered by `ReviewsConfig.ready()`: followup may not
import reporting): the previous review's current progress-report template and its questions
become the new review's version 1."""

from reviews.core.models import Review
from reviews.reporting.models import ReportTemplate, TemplateQuestion


def report_template_has_content(review: Review) -> bool:
    return review.report_templates.exists()


def report_template_copy(source: Review, target: Review, actor) -> int:
    """Copy the source's latest template version with its questions; returns the questions copied."""
    current = source.report_templates.order_by("-version").first()
    if current is None:
        return 0
    template = ReportTemplate(
        review=target, version=1, created_by=actor if actor is not None and actor.is_authenticated else None
    )
    template.full_clean()
    template.save()
    questions = TemplateQuestion.objects.bulk_create(
        TemplateQuestion(
            template=template,
            key=q.key,
            position=q.position,
            text=q.text,
            guidance=q.guidance,
            type=q.type,
            required=q.required,
            word_limit=q.word_limit,
            options=list(q.options),
        )
        for q in current.questions.order_by("position", "pk")
    )
    return len(questions)
