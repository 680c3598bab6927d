"""The picture on the report's cover: uploaded by a coordinator or editor, checked, stored.

A picture is judged by its content, never by its name or declared type: PNG or JPEG
only (SVG and anything else refused), at most 5 MB, and at most MAX_PIXELS pixels as
its header declares them, checked before a single pixel is decoded (a small file can
declare a gigantic image); the check is vnr_portal.common.images, shared with every
other picture upload. What is stored is not the upload but a fresh encoding of its
pixels, at most STORED_MAX_SIDE on its longer side and without metadata, under a name of
our own (`review-<id>-<hash>.png|jpg`): a hostile file name never reaches the disk, and a
new picture always has a new name, which the report's content hash includes.
"""

from __future__ import annotations

import hashlib
import io
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from reviews.core.audit import audit_record
from reviews.core.models import Review
from reviews.drafting.services.votes import vote_restart_for_change
from vnr_portal.common import images
from vnr_portal.common.images import JPEG, PNG, picture_open

logger = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = images.MAX_PIXELS  # 25 megapixels, e.g. 6000 x 4000, a camera photo
MAX_SIDE = images.MAX_SIDE
STORED_MAX_SIDE = 2400  # ~20 cm at 300 dpi: more than an A4 cover needs
MAX_ALT = 300
COVER_FOLDER = "reviews/covers/"

MESSAGES = {
    "type": _("Upload a PNG or JPEG picture (SVG and other files are refused)."),
    "size": _("The picture is too large: at most 5 MB."),
    "missing": _("Choose a PNG or JPEG picture."),
    "alt": _("Describe the picture for readers who cannot see it."),
    "alt_long": _("Keep the description under 300 characters."),
    "frozen": _(
        "The council approved the report with this cover: it cannot change until a coordinator reopens the report."
    ),
}


def cover_picture_encode(upload) -> tuple[bytes, str]:
    """The stored form of an uploaded picture: (bytes, extension "png" or "jpg").

    Raises ValidationError({"image": ...}) for anything that is not a sound PNG or JPEG
    within the limits (vnr_portal.common.images). Never decodes more than MAX_PIXELS pixels.
    """
    from PIL import Image, ImageOps

    try:
        with picture_open(
            upload,
            formats=(PNG, JPEG),
            max_bytes=MAX_BYTES,
            max_pixels=MAX_PIXELS,
            max_side=MAX_SIDE,
            draft_size=(STORED_MAX_SIDE, STORED_MAX_SIDE),
            messages={"type": MESSAGES["type"], "size": MESSAGES["size"]},
        ) as image:
            kind = image.format
            picture = ImageOps.exif_transpose(image)
            has_alpha = picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info)
            picture = picture.convert("RGBA" if has_alpha else "RGB")
            picture.thumbnail((STORED_MAX_SIDE, STORED_MAX_SIDE), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            if kind == PNG:
                picture.save(out, format="PNG", optimize=True)
                extension = "png"
            else:
                picture.save(out, format="JPEG", quality=88, optimize=True, progressive=True)
                extension = "jpg"
    except ValidationError as error:
        raise ValidationError({"image": error.messages}) from None
    finally:
        upload.seek(0)
    return out.getvalue(), extension


def _clean_alt(alt_text: str | None) -> str:
    alt = " ".join((alt_text or "").split())
    if not alt:
        raise ValidationError({"alt_text": MESSAGES["alt"]})
    if len(alt) > MAX_ALT:
        raise ValidationError({"alt_text": MESSAGES["alt_long"]})
    return alt


def _delete_file_on_commit(storage, name: str) -> None:
    def delete():
        try:
            storage.delete(name)
        except OSError:  # already gone, or a read-only storage: only a leftover file
            logger.warning("Could not delete the old cover picture %s", name, exc_info=True)

    transaction.on_commit(delete)


@transaction.atomic
def review_cover_set(*, actor, review: Review, upload, alt_text: str) -> Review:
    """Put a picture on the report's cover (or replace it, or change only its description).

    `upload` may be None when the review already has a picture: then only the text
    alternative changes. Refused (at the `image` field) when the report is frozen.
    Audited; voids an open council vote; the old file is deleted once the change is
    committed.
    """
    locked = Review.objects.select_for_update().get(pk=review.pk)
    if locked.is_frozen:
        raise ValidationError({"image": MESSAGES["frozen"]})
    alt = _clean_alt(alt_text)
    old_name = locked.cover_image.name or ""
    if upload is None:
        if not old_name:
            raise ValidationError({"image": MESSAGES["missing"]})
        if alt == locked.cover_image_alt:
            return review
        locked.cover_image_alt = alt
        locked.save(update_fields=["cover_image_alt"])
        action, summary = "review.cover_describe", _("Changed the description of the cover picture.")
        data = {"alt_text": alt}
    else:
        encoded, extension = cover_picture_encode(upload)
        digest = hashlib.sha256(encoded).hexdigest()
        name = f"review-{locked.pk}-{digest[:16]}.{extension}"
        storage = locked.cover_image.storage
        locked.cover_image.save(name, ContentFile(encoded), save=False)
        new_name = locked.cover_image.name
        locked.cover_image_alt = alt
        try:
            locked.save(update_fields=["cover_image", "cover_image_alt"])
        except Exception:
            storage.delete(new_name)  # the row never pointed at it
            raise
        if old_name and old_name != new_name:
            _delete_file_on_commit(storage, old_name)
        action = "review.cover_replace" if old_name else "review.cover_add"
        summary = _("Replaced the cover picture.") if old_name else _("Added a cover picture.")
        data = {"file": new_name, "sha256": digest, "alt_text": alt, "replaced": old_name or None}
    audit_record(review=locked, actor=actor, action=action, summary=summary, data=data)
    vote_restart_for_change(actor=actor, review=locked, change=lambda: _("the cover picture changed"))
    review.cover_image = locked.cover_image
    review.cover_image_alt = locked.cover_image_alt
    return review


@transaction.atomic
def review_cover_remove(*, actor, review: Review) -> Review:
    """Take the picture off the cover; refused when the report is frozen; audited; voids
    an open council vote; the file is deleted once committed."""
    locked = Review.objects.select_for_update().get(pk=review.pk)
    if locked.is_frozen:
        raise ValidationError({"image": MESSAGES["frozen"]})
    old_name = locked.cover_image.name or ""
    if not old_name:
        return review
    storage = locked.cover_image.storage
    locked.cover_image = None
    locked.cover_image_alt = ""
    locked.save(update_fields=["cover_image", "cover_image_alt"])
    _delete_file_on_commit(storage, old_name)
    audit_record(
        review=locked,
        actor=actor,
        action="review.cover_remove",
        summary=_("Removed the cover picture."),
        data={"file": old_name},
    )
    vote_restart_for_change(actor=actor, review=locked, change=lambda: _("the cover picture was removed"))
    review.cover_image = locked.cover_image
    review.cover_image_alt = ""
    return review
