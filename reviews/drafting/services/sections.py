"""Writing sections: saves as revisions, conflicts between editors, restores, images and
presence in the editor."""

import html
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from reviews.core.sanitize import clean_html, word_count
from reviews.drafting.models import Section, SectionImage, SectionPresence, SectionRevision, SectionStatus
from reviews.drafting.services.translations import section_translations_mark_outdated
from reviews.drafting.services.votes import vote_restart_for_change
from vnr_portal.common.images import GIF, JPEG, PNG, WEBP, picture_check

MAX_CONTENT_CHARS = 500_000
MAX_IMAGE_BYTES = 5 * 1024 * 1024


class SectionConflict(Exception):
    """The section changed since the editor loaded it: nothing was saved.

    Carries the section as it is now and its latest revision, so that the view can show
    both texts side by side.
    """

    def __init__(self, *, section: Section, revision: SectionRevision | None):
        super().__init__(_("Someone else saved this section while you were editing it."))
        self.section = section
        self.revision = revision


# Text containing one of these tags is taken as HTML (from the rich-text editor or pasted);
# anything else, "<last>" included, is plain text typed in the fallback textarea.
_HTML_TAGS = (
    "a|abbr|article|aside|b|blockquote|body|br|button|caption|code|col|colgroup|dd|del|details|div|dl|dt|em|"
    "embed|figcaption|figure|font|footer|form|h[1-6]|head|header|hr|html|i|iframe|img|input|ins|li|link|main|"
    "mark|math|meta|nav|noscript|object|ol|p|pre|q|s|section|select|small|span|strong|style|sub|summary|sup|"
    "svg|table|tbody|td|textarea|tfoot|th|thead|title|tr|u|ul|script|video|audio|source"
)
_LOOKS_LIKE_HTML = re.compile(rf"<\s*/?\s*(?:{_HTML_TAGS})(?:[\s/>])", re.IGNORECASE)


def text_to_html(content: str) -> str:
    """Typed text as HTML: plain text (the no-JavaScript editor) becomes paragraphs.

    Text that already contains tags is left for the sanitizer.
    """
    content = (content or "").replace("\r\n", "\n").replace("\r", "\n")
    if _LOOKS_LIKE_HTML.search(content):
        return content
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", content) if part.strip()]
    return "".join(
        "<p>" + "<br>".join(html.escape(line) for line in paragraph.split("\n")) + "</p>" for paragraph in paragraphs
    )


def _check_not_frozen(section: Section) -> None:
    if section.review.is_frozen:
        raise ValidationError(_("The report has been approved by the council and is frozen: it cannot be changed."))


def _write_revision(*, actor, section: Section, content: str, restored_from: int | None = None) -> SectionRevision:
    words = word_count(content)
    revision = SectionRevision(
        section=section,
        number=section.version + 1,
        content=content,
        word_count=words,
        author=actor if actor is not None and actor.is_authenticated else None,
        restored_from=restored_from,
    )
    revision.full_clean(exclude=["section"])
    revision.save()
    section.content = content
    section.word_count = words
    section.version = revision.number
    section.updated_at = revision.created_at
    fields = ["content", "word_count", "version", "updated_at"]
    if section.data_changed_at is not None:
        # Saving the text is checking it against the data it shows (live data references).
        section.data_changed_at, section.data_changed_codes = None, []
        fields += ["data_changed_at", "data_changed_codes"]
    if section.status == SectionStatus.APPROVED:
        # The approval was of the old text: it no longer counts.
        section.status = SectionStatus.IN_REVIEW
        fields.append("status")
    section.save(update_fields=fields)
    # Translations made from the text before this one are now out of date.
    section_translations_mark_outdated(actor=actor, section=section)
    title = section.title
    vote_restart_for_change(
        actor=actor,
        review=section.review,
        change=lambda: _("the text of the section “%(title)s” changed") % {"title": title},
    )
    return revision


def _lock(section: Section) -> Section:
    # Lock the section's row only: saves of other sections of the review go on in parallel.
    return Section.objects.select_for_update(of=("self",)).select_related("review").get(pk=section.pk)


def _sync(target: Section, source: Section) -> None:
    for name in ("content", "word_count", "version", "updated_at", "status", "data_changed_at", "data_changed_codes"):
        setattr(target, name, getattr(source, name))


@transaction.atomic
def section_save(*, actor, section: Section, content: str, base_version: int) -> SectionRevision | None:
    """Save `content` (HTML, or plain text from the fallback editor) as a new revision.

    Sanitized with `clean_html`; counted in words. Refused when the report is frozen, when
    the text is over MAX_CONTENT_CHARS (a `content` field error) and, raising
    `SectionConflict`, when `base_version` is not the section's version any more. A save
    that changes nothing returns None and creates no revision. An approved section whose
    text changes goes back to "in review". Updates `section` in place.
    """
    if len(content or "") > MAX_CONTENT_CHARS:
        raise ValidationError(
            {"content": _("The text is too long: at most %(max)s characters.") % {"max": f"{MAX_CONTENT_CHARS:,}"}}
        )
    locked = _lock(section)
    _check_not_frozen(locked)
    if base_version != locked.version:
        raise SectionConflict(section=locked, revision=locked.revisions.select_related("author").first())
    cleaned = clean_html(text_to_html(content))
    if cleaned == locked.content:
        return None
    revision = _write_revision(actor=actor, section=locked, content=cleaned)
    _sync(section, locked)
    return revision


@transaction.atomic
def section_restore(*, actor, section: Section, revision: SectionRevision) -> SectionRevision:
    """Make an old revision's text current again, as a new revision that says where it
    came from (earlier revisions stay). Audited; refused when the report is frozen."""
    if revision.section_id != section.pk:
        raise ValidationError(_("This revision belongs to another section."))
    locked = _lock(section)
    _check_not_frozen(locked)
    new = _write_revision(actor=actor, section=locked, content=revision.content, restored_from=revision.number)
    audit_record(
        review=locked.review,
        actor=actor,
        action="section.restore",
        summary=_("“%(title)s”: revision %(old)s restored as revision %(new)s")
        % {"title": locked.title, "old": revision.number, "new": new.number},
        data={"section": locked.pk, "restored_from": revision.number, "revision": new.number},
    )
    _sync(section, locked)
    return new


def _image_type(upload) -> str:
    """The content type of an uploaded image, judged by its content, or a field error.

    The pixels and sides are checked from the header before decoding, then the image is
    decoded once: a small file that would decode to gigabytes, or one cut short, is refused.
    """
    try:
        picture = picture_check(
            upload,
            formats=(PNG, JPEG, GIF, WEBP),
            max_bytes=MAX_IMAGE_BYTES,
            messages={
                "size": _("The image is too large: at most 5 MB."),
                "type": _("Upload a PNG, JPEG, GIF or WebP image (SVG and other files are refused)."),
            },
        )
    except ValidationError as error:
        raise ValidationError({"image": error.messages}) from None
    return picture.content_type


@transaction.atomic
def section_image_add(*, actor, section: Section, upload, alt_text: str) -> SectionImage:
    """Store an image for `section`'s text, checked by content (PNG, JPEG, GIF, WebP;
    at most 5 MB, 25 megapixels and 12,000 pixels a side, decodable) and with a required
    text alternative."""
    _check_not_frozen(section)
    content_type = _image_type(upload)
    alt_text = (alt_text or "").strip()
    if not alt_text:
        raise ValidationError({"alt_text": _("Describe the image for people who cannot see it.")})
    extension = content_type.split("/")[1].replace("jpeg", "jpg")
    upload.name = f"section-{section.pk}.{extension}"
    image = SectionImage(section=section, image=upload, content_type=content_type, alt_text=alt_text, uploaded_by=actor)
    image.full_clean()
    image.save()
    return image


def section_presence_touch(*, user, section: Section) -> None:
    """Record that `user` has `section` open in the editor now."""
    now = timezone.now()
    updated = SectionPresence.objects.filter(section=section, user=user).update(last_seen=now)
    if not updated:
        try:
            with transaction.atomic():
                SectionPresence.objects.create(section=section, user=user, last_seen=now)
        except IntegrityError:  # created by a parallel request of the same person
            SectionPresence.objects.filter(section=section, user=user).update(last_seen=now)
