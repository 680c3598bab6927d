"""Pictures uploaded by users, checked the same way wherever they are accepted (the
report's cover, images in a section's text, contributions' attachments).

A picture is judged by its content, never its name or declared type. Its width and height
are read from its header and checked before a single pixel is decoded, because a small
file can declare a gigantic image (a 20 KB PNG can decode to gigabytes). Then it is
decoded once, so that what is stored is a picture that can be read, not just something
that begins like one, and not a file cut short.

Refusals are ValidationErrors with a code ("size", "type", "pixels", "broken") and a
sentence saying what is wrong; a caller may word "size" and "type" its own way (it knows
which formats its form accepts) by passing `messages`.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import GifImagePlugin, Image, JpegImagePlugin, PngImagePlugin, UnidentifiedImageError, WebPImagePlugin

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000  # e.g. 6000 x 4000, a camera photo; decoded at most ~100 MB
MAX_SIDE = 12_000

PNG, JPEG, GIF, WEBP = "PNG", "JPEG", "GIF", "WEBP"
CONTENT_TYPES = {PNG: "image/png", JPEG: "image/jpeg", GIF: "image/gif", WEBP: "image/webp"}
EXTENSIONS = {PNG: "png", JPEG: "jpg", GIF: "gif", WEBP: "webp"}

_PNG_END = b"IEND\xaeB`\x82"
# Each format's reader, called directly rather than through Image.open: it reads the
# header only, and Image.open would refuse a huge picture before we can say its size.
_READERS = {
    PNG: PngImagePlugin.PngImageFile,
    JPEG: JpegImagePlugin.JpegImageFile,
    GIF: GifImagePlugin.GifImageFile,
    WEBP: WebPImagePlugin.WebPImageFile,
}


@dataclass(frozen=True)
class Picture:
    """What a checked picture is: its Pillow format name and its size in pixels."""

    format: str
    width: int
    height: int

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]


def picture_format(head: bytes) -> str | None:
    """The format a file's first bytes announce (PNG, JPEG, GIF, WEBP), or None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return None


def _refusal(code: str, messages: Mapping[str, str] | None, default: str) -> ValidationError:
    return ValidationError((messages or {}).get(code) or default, code=code)


def _pixels_refusal(width: int | None, height: int | None, *, max_pixels: int, max_side: int) -> ValidationError:
    limits = {
        "side": number_format(max_side, force_grouping=True),
        "megapixels": number_format(max_pixels // 1_000_000, force_grouping=True),
    }
    if width is None or height is None:
        message = _(
            "The picture has too many pixels: at most %(side)s pixels a side and %(megapixels)s megapixels "
            "in all. Make it smaller and upload it again."
        )
        return ValidationError(message % limits, code="pixels")
    message = _(
        "The picture has too many pixels (%(width)s × %(height)s): at most %(side)s pixels a side "
        "and %(megapixels)s megapixels in all. Make it smaller and upload it again."
    )
    size = {"width": number_format(width, force_grouping=True), "height": number_format(height, force_grouping=True)}
    return ValidationError(message % {**size, **limits}, code="pixels")


def _broken(messages: Mapping[str, str] | None) -> ValidationError:
    return _refusal(
        "broken",
        messages,
        _(
            "The file could not be read as a picture: it may be damaged or cut short. "
            "Save it again and upload it once more."
        ),
    )


class _Source(io.BytesIO):
    """The file's bytes, noting whether the decoder asked for more than there is.

    Pillow fills a cut-off picture in silently when ImageFile.LOAD_TRUNCATED_IMAGES is on
    (WeasyPrint turns it on for the whole process), so a short file is caught here.
    """

    ran_out = False

    def read(self, size=-1, /):
        data = super().read(size)
        if size is not None and size > 0 and not data:
            self.ran_out = True
        return data


def _read(upload, max_bytes: int, messages) -> bytes:
    if isinstance(upload, bytes | bytearray):
        data = bytes(upload)
    else:
        size = getattr(upload, "size", None)
        if size is not None and size > max_bytes:
            raise _too_large(size, max_bytes, messages)
        upload.seek(0)
        data = upload.read(max_bytes + 1)
        upload.seek(0)
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes, messages)
    return data


def _too_large(size: int, max_bytes: int, messages) -> ValidationError:
    return _refusal(
        "size",
        messages,
        _("The picture is too large (%(size)s MB): at most %(max)s MB.")
        % {"size": f"{size / 1024 / 1024:.1f}", "max": max_bytes // (1024 * 1024)},
    )


@contextmanager
def _decoded(upload, *, formats, max_bytes, max_pixels, max_side, draft_size, messages):
    data = _read(upload, max_bytes, messages)
    kind = picture_format(data[:16])
    if kind is None or kind not in formats:
        raise _refusal("type", messages, _("This file is not a picture in a format accepted here."))
    if kind == PNG and _PNG_END not in data[-64:]:
        raise _broken(messages)
    try:
        # Pillow's own guard (Image.MAX_IMAGE_PIXELS) is looser than ours, and a warning
        # only below twice its limit: ours below is checked before any pixel is decoded.
        if kind == PNG:
            with _READERS[kind](io.BytesIO(data)) as image:
                image.verify()  # the chunks' checksums, without decoding the pixels
        source = _Source(data)
        with warnings.catch_warnings():
            # Pillow only warns of a bomb it meets in the header (a GIF frame larger than its
            # screen): an error here, refused below like any other bomb.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            opened = _READERS[kind](source)
        with opened as image:
            width, height = image.size
            if width < 1 or height < 1 or width > max_side or height > max_side or width * height > max_pixels:
                raise _pixels_refusal(width, height, max_pixels=max_pixels, max_side=max_side)
            if kind == JPEG and draft_size:
                image.draft(None, draft_size)  # decode at a reduced scale
            image.load()
            if source.ran_out:
                raise _broken(messages)
            yield image, Picture(format=kind, width=width, height=height)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Raised by Pillow while reading the header (a GIF frame larger than its screen).
        raise _pixels_refusal(None, None, max_pixels=max_pixels, max_side=max_side) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, MemoryError):
        raise _broken(messages) from None


@contextmanager
def picture_open(
    upload,
    *,
    formats=(PNG, JPEG),
    max_bytes: int = MAX_BYTES,
    max_pixels: int = MAX_PIXELS,
    max_side: int = MAX_SIDE,
    draft_size: tuple[int, int] | None = None,
    messages: Mapping[str, str] | None = None,
) -> Iterator[Image.Image]:
    """The uploaded picture (a file or bytes), decoded, for the caller to re-encode.

    The type is judged by the first bytes and must be one of `formats`; the pixels and
    sides are checked from the header before decoding; the picture is then decoded in
    full (a JPEG at the reduced scale `draft_size` allows, when given) and refused when
    it is damaged or cut short. Raises ValidationError (codes: size, type, pixels, broken);
    an error the caller's block raises while re-encoding the picture (OSError, ValueError…)
    is reported as a picture that could not be read too.
    """
    with _decoded(
        upload,
        formats=formats,
        max_bytes=max_bytes,
        max_pixels=max_pixels,
        max_side=max_side,
        draft_size=draft_size,
        messages=messages,
    ) as (image, _picture):
        yield image


def picture_check(
    upload,
    *,
    formats=(PNG, JPEG),
    max_bytes: int = MAX_BYTES,
    max_pixels: int = MAX_PIXELS,
    max_side: int = MAX_SIDE,
    messages: Mapping[str, str] | None = None,
) -> Picture:
    """Check an uploaded picture as `picture_open` does, without keeping it: its format
    and size in pixels, or a ValidationError saying what is wrong. A JPEG is decoded at
    an eighth of its size, which still reads every byte of it."""
    with _decoded(
        upload,
        formats=formats,
        max_bytes=max_bytes,
        max_pixels=max_pixels,
        max_side=max_side,
        draft_size=(1, 1),
        messages=messages,
    ) as (_image, picture):
        return picture
