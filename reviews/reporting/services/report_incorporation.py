"""Taking passages of accepted progress reports into the goal's section of the draft."""

from __future__ import annotations

import html

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from reviews.core.sanitize import clean_html
from reviews.drafting.models import Section, SectionKind
from reviews.drafting.services.sections import section_save
from reviews.reporting.models import ProgressReport, ReportIncorporation, ReportStatus
from reviews.reporting.selectors.report_incorporation import DONE, passage_html


def source_note(report: ProgressReport) -> str:
    return _("(Source: %(ministry)s, progress report, Goal %(goal)s)") % {
        "ministry": report.ministry.name,
        "goal": report.goal.number,
    }


@transaction.atomic
def report_incorporate(*, actor, section: Section, report: ProgressReport, question_key: str, base_version: int):
    """Append the answer to `question_key` of `report` to the section's text, followed by
    a reference to the ministry, as a new revision (through section_save, so conflicts
    and the frozen report are refused the same way). Records a ReportIncorporation,
    marks the report (the lead report, for a contribution) incorporated, audits.

    Preconditions: the section is the goal section of the report's goal; the report
    (or, for a contribution, the report and its lead report) is accepted or incorporated.
    """
    report = (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("ministry", "goal", "template", "lead_report")
        .get(pk=report.pk)
    )
    if section.kind != SectionKind.GOAL or section.goal_id != report.goal_id or section.review_id != report.review_id:
        raise ValidationError(_("This report is not on this section's goal."))
    lead = report.lead_report or report
    if report.status not in DONE or lead.status not in DONE:
        raise ValidationError(_("Only accepted reports can be taken into the draft."))
    question = report.template.questions.filter(key=question_key).first()
    answer = report.answers.filter(question_key=question_key).first()
    if question is None or answer is None or answer.value in ("", [], None):
        raise ValidationError(_("This question has no answer to insert."))
    passage = clean_html(passage_html(question, answer.value))
    if not passage:
        raise ValidationError(_("This question has no answer to insert."))
    note = f"<p>{html.escape(source_note(report))}</p>"
    revision = section_save(
        actor=actor, section=section, content=(section.content or "") + passage + note, base_version=base_version
    )
    if revision is None:
        raise ValidationError(_("The passage did not change the section."))
    incorporation = ReportIncorporation(
        report=report,
        section=section,
        question_key=question_key,
        revision_number=revision.number,
        by=actor if actor is not None and actor.is_authenticated else None,
    )
    incorporation.full_clean()
    incorporation.save()
    for marked in {report, lead}:
        if marked.status != ReportStatus.INCORPORATED:
            marked.status = ReportStatus.INCORPORATED
            marked.save(update_fields=["status"])
    audit_record(
        review=section.review,
        actor=actor,
        action="report.incorporate",
        summary=_("“%(question)s” of %(ministry)s's report on Goal %(goal)s inserted into “%(section)s”")
        % {
            "question": question.text,
            "ministry": report.ministry,
            "goal": report.goal.number,
            "section": section.title,
        },
        data={"report": report.pk, "section": section.pk, "question": question_key, "revision": revision.number},
    )
    return incorporation
