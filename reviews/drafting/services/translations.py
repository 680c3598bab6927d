"""Translations of the sections into the review's further languages, with their state.

A section's text is written in the report's first language (its source); each further
language of `Review.languages` gets a `SectionTranslation` per section: to translate,
draft, reviewed, or out of date once the section's text changes after it was made.
State changes are audited; the text is sanitized like every rich text.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from reviews.core.models import Review
from reviews.core.sanitize import clean_html, word_count
from reviews.drafting.models import Section, SectionTranslation, TranslationState
from reviews.drafting.selectors import translations as selectors

# The states an editor chooses when saving; "to translate" and "out of date" are the
# portal's to set.
EDITABLE_STATES = [TranslationState.DRAFT, TranslationState.REVIEWED]


def translation_languages(*, review: Review) -> list[str]:
    """The languages the sections are translated into: all of the review's but its first."""
    return selectors.translation_languages(review)


@transaction.atomic
def section_translation_save(
    *, actor, section: Section, language: str, content: str, state: str = TranslationState.DRAFT
) -> SectionTranslation:
    """Save the translation of `section` into `language` as a draft or reviewed, made from
    the section's current version. Refused when the report is frozen, the language is not
    one of the review's further languages, the state is not one an editor sets, or a
    reviewed translation is empty. Audited when the state changes (and on every save)."""
    review = section.review
    if review.is_frozen:
        raise ValidationError(_("The report is frozen: nobody can change it until a coordinator reopens it."))
    if language not in translation_languages(review=review):
        raise ValidationError(_("This language is not one of the review's further languages."))
    if state not in EDITABLE_STATES:
        raise ValidationError({"state": _("Choose draft or reviewed.")})
    html = clean_html(content or "")
    if state == TranslationState.REVIEWED and not html.strip():
        raise ValidationError({"content": _("An empty translation cannot be marked as reviewed.")})
    translation, _created = SectionTranslation.objects.select_for_update().get_or_create(
        section=section, language=language
    )
    previous = translation.state
    translation.content = html
    translation.word_count = word_count(html)
    translation.source_version = section.version
    translation.state = state if html.strip() else TranslationState.TO_TRANSLATE
    translation.updated_by = actor
    translation.updated_at = timezone.now()
    translation.full_clean()
    translation.save()
    audit_record(
        review=review,
        actor=actor,
        action="section.translate",
        summary=_("Translation of “%(title)s” into %(language)s saved (%(state)s)")
        % {"title": section.title, "language": language, "state": translation.get_state_display()},
        data={
            "section": section.pk,
            "language": language,
            "state": translation.state,
            "previous_state": previous,
            "source_version": section.version,
        },
    )
    return translation


def section_translations_mark_outdated(*, actor, section: Section) -> int:
    """Mark the translations of `section` made from an older version than its current one
    as out of date (called when its text changes); one audit entry per language. Returns
    how many changed. Runs inside the caller's transaction."""
    stale = list(
        SectionTranslation.objects.filter(
            section=section,
            state__in=[TranslationState.DRAFT, TranslationState.REVIEWED],
            source_version__lt=section.version,
        ).order_by("language")
    )
    for translation in stale:
        previous = translation.state
        translation.state = TranslationState.OUTDATED
        translation.save(update_fields=["state"])
        audit_record(
            review=section.review,
            actor=actor,
            action="section.translation_outdated",
            summary=_("Translation of “%(title)s” into %(language)s is out of date: the section changed")
            % {"title": section.title, "language": translation.language},
            data={"section": section.pk, "language": translation.language, "previous_state": previous},
        )
    return len(stale)
