"""Writes of the generated chapter "From the first to the second VNR".

The chapter is a drafting Section (kind `first_to_second`) written through drafting's
services, so that each generation is a revision (history, diff and restore work as for
any section) and editors then edit it like any other. Regenerating replaces the text only
on confirmation, and only with the text the preview showed (`digest`) on the version it
was shown against (`base_version`): if the data or the text changed in between, nothing is
replaced and the editor looks again.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from reviews.core.audit import audit_record
from reviews.core.models import Review
from reviews.drafting.models import Section, SectionKind, SectionRevision
from reviews.drafting.services.outline import section_add
from reviews.drafting.services.sections import SectionConflict, section_save
from reviews.followup.selectors.chapter import (
    chapter_digest,
    chapter_html,
    chapter_is_generated,
    chapter_section_get,
    chapter_title,
)

DEFAULT_TITLE = gettext_noop("From the first to the second VNR")


@transaction.atomic
def chapter_generate(*, actor, review: Review) -> Section:
    """Write the chapter's generated text as its first revision: into the outline's empty
    "From the first to the second VNR" section (the default outline has one), else into a
    new one added at the end of the outline.

    Refused (ValidationError) for a review without a previous VNR, or whose chapter has
    text already (regenerate it instead, with a preview). Audited.
    """
    if review.previous_review_id is None:
        raise ValidationError(_("This review has no previous VNR to compare with: link it on the review's page first."))
    Review.objects.select_for_update().filter(pk=review.pk).first()  # one generation at a time
    section = chapter_section_get(review)
    if chapter_is_generated(section):
        raise ValidationError(_("The chapter already has text: regenerate it instead, to see what would change."))
    title = chapter_title(review)
    if section is None:
        section = section_add(actor=actor, review=review, title=title, kind=SectionKind.FIRST_TO_SECOND)
    elif section.title != title and section.title in {DEFAULT_TITLE, _(DEFAULT_TITLE)}:
        # The outline's default title, given before the reviews' order was known: named by it now.
        section.title = title
        section.save(update_fields=["title"])
    section_save(actor=actor, section=section, content=chapter_html(review), base_version=section.version)
    audit_record(
        review=review,
        actor=actor,
        action="followup.chapter_generate",
        summary=_("The chapter “%(title)s” was generated") % {"title": section.title},
        data={"section": section.pk, "revision": section.version},
    )
    return section


@transaction.atomic
def chapter_regenerate(*, actor, section: Section, base_version: int, digest: str) -> SectionRevision | None:
    """Replace the chapter's text with the one generated now, as a new revision.

    `base_version` and `digest` are those of the preview the editor confirmed: refused
    (ValidationError, nothing replaced) when the section was saved since (drafting's
    `SectionConflict`, a ValidationError here) or when the generated text is not the one
    previewed any more. Returns None when the text would not change. Audited.
    """
    if section.kind != SectionKind.FIRST_TO_SECOND:
        raise ValidationError(_("Only the chapter “From the first to the second VNR” is generated."))
    html = chapter_html(section.review)
    if chapter_digest(html) != digest:
        raise ValidationError(_("The data changed since the preview: look at what would change again."))
    if base_version != section.version:
        raise ValidationError(_("Someone saved the chapter since the preview: look at what would change again."))
    try:
        revision = section_save(actor=actor, section=section, content=html, base_version=base_version)
    except SectionConflict as conflict:
        raise ValidationError(
            _("Someone saved the chapter since the preview: look at what would change again.")
        ) from conflict
    if revision is None:
        return None
    audit_record(
        review=section.review,
        actor=actor,
        action="followup.chapter_regenerate",
        summary=_("The chapter “%(title)s” was regenerated as revision %(number)s")
        % {"title": section.title, "number": revision.number},
        data={"section": section.pk, "revision": revision.number},
    )
    return revision
