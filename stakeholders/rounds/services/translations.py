"""A pasted translation of a chosen section: before publishing it stands in for a
language the draft has no translation in; after publishing it may only add a frozen copy
in a language that has none."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from reviews.core.sanitize import clean_html
from reviews.drafting.services.sections import MAX_CONTENT_CHARS, text_to_html
from reviews.models import Section, SectionTranslation
from stakeholders.languages import language_label, source_language

from ..documents import frozen_paragraphs
from ..models import ConsultationRound, RoundDocument
from .rounds import lock_round


@transaction.atomic
def round_attach_translation(
    *, actor, round_: ConsultationRound, section: Section, language: str, content: str, title: str = ""
) -> RoundDocument:
    """Attach a pasted translation of a chosen section (sanitized).

    Before publishing it replaces an earlier pasted one; it is refused where the draft
    has its own translation (that one is used). After publishing it may only add a copy
    in a language that has none: it is frozen at once, and no frozen copy ever changes.
    Audited.
    """
    locked = lock_round(round_)
    review = locked.review
    source = source_language(review)
    if language not in locked.languages or language == source:
        raise ValidationError({"content": _("This round has no translation in this language.")})
    head = locked.documents.filter(section=section, language=source).first()
    if head is None or section.review_id != review.pk:
        raise ValidationError({"content": _("This section is not part of the round.")})
    if len(content or "") > MAX_CONTENT_CHARS:
        raise ValidationError(
            {"content": _("The text is too long: at most %(max)s characters.") % {"max": f"{MAX_CONTENT_CHARS:,}"}}
        )
    cleaned = clean_html(text_to_html(content or ""))
    if not cleaned.strip():
        raise ValidationError({"content": _("Paste the translated text.")})
    title = " ".join((title or "").split())[:300] or section.title[:300]
    now = timezone.now()
    if locked.published_at is None:
        if SectionTranslation.objects.filter(section=section, language=language).exists():
            raise ValidationError(
                {"content": _("The draft has its own translation in this language: it will be used.")}
            )
        document, _created = RoundDocument.objects.update_or_create(
            round=locked,
            section=section,
            language=language,
            defaults={"title": title, "content": cleaned, "position": head.position, "frozen_at": None},
        )
    else:
        exists_error = ValidationError(
            {"content": _("This round's copy in this language is already frozen: it cannot be changed.")}
        )
        if locked.documents.filter(section=section, language=language).exists():
            raise exists_error
        document = RoundDocument(
            round=locked,
            section=section,
            language=language,
            title=title,
            content=cleaned,
            paragraphs=frozen_paragraphs(cleaned),  # frozen at once: made once, here
            position=head.position,
            source_version=head.source_version,
            frozen_at=now,
        )
        try:
            with transaction.atomic():
                document.save()
        except IntegrityError:
            raise exists_error from None
    audit_record(
        review=review,
        actor=actor,
        action="stakeholders.round_translation",
        summary=_("Translation into %(language)s attached to “%(section)s” in “%(round)s”")
        % {"language": language_label(language), "section": section.title, "round": locked.title},
        data={
            "round": locked.pk,
            "section": section.pk,
            "language": language,
            "frozen": document.frozen_at is not None,
        },
    )
    return document
