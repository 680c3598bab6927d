"""The main messages: the short summary the UN asks for about a month before the report.

It is a Section of kind MAIN_MESSAGES (one per review), edited, revised and approved like
any other section, drafted from the report, with a translation per further language.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from reviews.core.models import Review
from reviews.core.sanitize import clean_html, word_count
from reviews.drafting.models import Section, SectionKind, SectionRevision, SectionTranslation, TranslationState
from reviews.drafting.selectors.main_messages import WORD_LIMIT, main_messages_get_draft
from reviews.drafting.services.translations import translation_languages as section_translation_languages
from reviews.drafting.services.votes import vote_restart_for_change


def translation_languages(*, review: Review) -> list[str]:
    """The languages the main messages are translated into: all but the report's first."""
    return section_translation_languages(review=review)


@transaction.atomic
def main_messages_create(*, actor, review: Review) -> Section:
    """Create the review's main messages (once), revision 1 drafted from the report.

    Refused when the review already has them or is frozen. Audit entry; voids an open
    council vote (the main messages are part of the report it votes on).
    """
    if review.is_frozen:
        raise ValidationError(_("The report is frozen: nothing can be added to it."))
    if Section.objects.filter(review=review, kind=SectionKind.MAIN_MESSAGES).exists():
        raise ValidationError(_("This review already has its main messages."))
    content = main_messages_get_draft(review=review)
    now = timezone.now()
    last = Section.objects.filter(review=review, parent=None).order_by("-position").values_list("position", flat=True)
    section = Section(
        review=review,
        kind=SectionKind.MAIN_MESSAGES,
        title=_("Main messages"),
        word_limit=WORD_LIMIT,
        position=(last.first() or 0) + 1,
        content=content,
        word_count=word_count(content),
        version=1,
        updated_at=now,
    )
    section.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            section.save()
    except IntegrityError as error:  # created at the same moment by someone else
        raise ValidationError(_("This review already has its main messages.")) from error
    revision = SectionRevision(
        section=section, number=1, content=content, word_count=section.word_count, author=actor, created_at=now
    )
    revision.full_clean()
    revision.save()
    audit_record(
        review=review,
        actor=actor,
        action="main_messages.create",
        summary=_("Main messages drafted from the report (%(words)d words)") % {"words": section.word_count},
        data={"section": section.pk},
    )
    vote_restart_for_change(actor=actor, review=review, change=lambda: _("the main messages were added"))
    return section


@transaction.atomic
def main_messages_translation_save(*, actor, section: Section, language: str, content: str) -> SectionTranslation:
    """Save the translation of `section` into `language`, sanitized, as made from its
    current version (it shows as out of date once the section changes again)."""
    if section.review.is_frozen:
        raise ValidationError(_("The report is frozen: nobody can change it until a coordinator reopens it."))
    if language not in translation_languages(review=section.review):
        raise ValidationError(_("This language is not one of the review's further languages."))
    html = clean_html(content)
    translation, _created = SectionTranslation.objects.select_for_update().get_or_create(
        section=section, language=language
    )
    translation.content = html
    translation.word_count = word_count(html)
    translation.source_version = section.version
    translation.state = TranslationState.DRAFT if html.strip() else TranslationState.TO_TRANSLATE
    translation.updated_by = actor
    translation.updated_at = timezone.now()
    translation.full_clean()
    translation.save()
    audit_record(
        review=section.review,
        actor=actor,
        action="main_messages.translate",
        summary=_("Translation of the main messages (%(language)s) saved") % {"language": language},
        data={"section": section.pk, "language": language, "source_version": section.version},
    )
    return translation
