"""The self-assessment's summary in the report: a part of the generated "From the first to
the second VNR" chapter (`selfassessment_chapter_part`, registered with the chapter's
registry) and a report annex (`selfassessment_annex`, registered by `ReviewsConfig.ready()`).
Only the summary — per question and per group, beside the first VNR's arrangements — never a
respondent's name, score or comment."""

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from reviews.core.selectors import vnr_names
from reviews.followup.selectors.selfassessment import selfassessment_for, selfassessment_results


def _summary_html(review) -> SafeString | None:
    assessment = selfassessment_for(review)
    if assessment is None:
        return None
    results = selfassessment_results(assessment)
    if not results.answered:
        return None
    # A template with autoescaping: render_to_string returns a SafeString.
    return render_to_string(
        "reviews/followup/_selfassessment_summary.html", {"results": results, "vnr": vnr_names(review)}
    )


def selfassessment_chapter_part(review) -> SafeString:
    """The chapter's part: the summary, or a sentence saying there are no answers yet."""
    html = _summary_html(review)
    if html is None:
        return format_html("<p>{}</p>", _("The institutional self-assessment has no answers yet."))
    return html


def selfassessment_annex(review) -> list[tuple[str, SafeString]]:
    html = _summary_html(review)
    if html is None:
        return []
    return [(_("Institutional self-assessment"), html)]
