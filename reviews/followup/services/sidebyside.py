"""Writes of the side-by-side view: the part of the first VNR chosen for a part of the second."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from reviews.drafting.models import Section
from reviews.followup.models import SectionMatch


@transaction.atomic
def section_match_set(*, actor, section: Section, previous_section: Section | None) -> SectionMatch | None:
    """Show `section` beside `previous_section` from now on (None: back to the automatic
    match). Refused (ValidationError) for a part that is not of the previous review. Audited."""
    review = section.review
    if previous_section is not None and (
        review.previous_review_id is None or previous_section.review_id != review.previous_review_id
    ):
        raise ValidationError({"match": _("Choose a part of the previous VNR.")})
    SectionMatch.objects.filter(section=section).delete()
    match = None
    if previous_section is not None:
        match = SectionMatch.objects.create(section=section, previous_section=previous_section, chosen_by=actor)
        summary = _("“%(title)s” is compared with “%(previous)s” of the previous VNR") % {
            "title": section.title,
            "previous": previous_section.title,
        }
    else:
        summary = _("“%(title)s” is compared with the previous VNR's part found automatically") % {
            "title": section.title
        }
    audit_record(
        review=review,
        actor=actor,
        action="followup.side_by_side_match",
        summary=summary,
        data={"section": section.pk, "previous_section": previous_section.pk if previous_section else None},
    )
    return match
