"""Word (.docx) and Excel (.xlsx) files as uploaded: a zip of XML parts, checked before
any library parses them.

What is refused: a package with too many parts or that unpacks to too much (a zip bomb),
a part that cannot be unpacked, and any XML part that declares a document type
(`<!DOCTYPE …>`, the only place where `<!ENTITY …>` may appear). Word and Excel never
write one; in an uploaded file it can only be an attempt to make the parser read
another file, call an address or expand entities until the worker runs out of memory
("billion laughs"). The libraries we use resolve none of that, but they differ by
version and by mode, and a refused file is simpler to reason about than a parsed one.

Only the prolog of each part is read (what comes before its first element: a BOM, the
XML declaration, white space, comments, processing instructions and the document type),
at most PROLOG_LIMIT bytes of it, so checking costs little even for a large file.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_PARTS = 2000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
PROLOG_LIMIT = 64 * 1024

# Encodings in which markup is plain ASCII, so the prolog can be read byte by byte.
_ASCII_ENCODINGS = re.compile(r"utf-?8|us-ascii|ascii|iso-?8859-\d{1,2}|latin-?1|(windows|cp)-?125\d", re.IGNORECASE)
_UTF16 = re.compile(r"utf-?16(-?[lb]e)?", re.IGNORECASE)
_XML_DECL = re.compile(r"<\?xml(?=[\s?])[^>]*?\?>", re.IGNORECASE)
_ENCODING = re.compile(r"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_NAME_START = re.compile(r"[A-Za-z_:\u00c0-\U000effff]")


def _messages() -> dict[str, str]:
    return {
        "doctype": _(
            "This file contains a document type declaration, which is not allowed. "
            "Save it again from Word or Excel and upload it once more."
        ),
        "damaged": _(
            "The file is damaged and cannot be read. Save it again from Word or Excel and upload it once more."
        ),
    }


class _Refused(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _text(head: bytes, name: str) -> tuple[str, bool] | None:
    """The start of a part as text, and whether it was UTF-16; None when it is not XML
    (a picture, a binary part)."""
    if head.startswith(b"\xef\xbb\xbf"):
        return head[3:].decode("utf-8", "replace"), False
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\x00\x00\x00<", b"<\x00\x00\x00")):
        raise _Refused("damaged")  # UTF-32: Office never writes it
    if head.startswith((b"\xff\xfe", b"<\x00")):
        body = head[2:] if head.startswith(b"\xff\xfe") else head
        return body[: len(body) // 2 * 2].decode("utf-16-le", "replace"), True
    if head.startswith((b"\xfe\xff", b"\x00<")):
        body = head[2:] if head.startswith(b"\xfe\xff") else head
        return body[: len(body) // 2 * 2].decode("utf-16-be", "replace"), True
    if head.startswith(b"\x4c\x6f\xa7\x94"):  # "<?xm" in EBCDIC, which an XML parser would read
        raise _Refused("damaged")
    if head.lstrip(b" \t\r\n").startswith(b"<"):
        return head.decode("latin-1"), False  # markup is ASCII; the declared encoding is checked below
    if name.lower().endswith((".xml", ".rels")):
        raise _Refused("damaged")
    return None


def _check_prolog(text: str, *, wide: bool) -> None:
    """Refuse a document type, or anything but a plain prolog, before the first element.

    `text` is the part's first PROLOG_LIMIT bytes (`wide`: read as UTF-16): a prolog
    that does not end within them is refused too, and so is a declared encoding other
    than the one the text was read in (UTF-7 or EBCDIC, in which markup is not what it
    looks like here).
    """
    position = 0
    declaration = _XML_DECL.match(text)
    if declaration:
        found = _ENCODING.search(declaration.group(0))
        encoding = found.group(1) if found else ""
        if wide and encoding and not _UTF16.fullmatch(encoding):
            raise _Refused("damaged")
        if not wide and encoding and not _ASCII_ENCODINGS.fullmatch(encoding):
            raise _Refused("damaged")
        position = declaration.end()
    length = len(text)
    while True:
        while position < length and text[position] in " \t\r\n":
            position += 1
        rest = text[position : position + 10]
        if position >= length:
            # No element at all, or a prolog longer than anything Word or Excel writes.
            raise _Refused("damaged")
        if rest.startswith("<!--"):
            end = text.find("-->", position + 4)
            if end < 0:
                raise _Refused("damaged")
            position = end + 3
        elif rest.startswith("<?"):
            end = text.find("?>", position + 2)
            if end < 0:
                raise _Refused("damaged")
            position = end + 2
        elif rest.upper().startswith(("<!DOCTYPE", "<!ENTITY")):
            raise _Refused("doctype")
        elif rest.startswith("<") and _NAME_START.match(rest[1:2] or " "):
            return  # the first element: the prolog is plain
        else:
            raise _Refused("damaged")


def office_package_check(
    archive: zipfile.ZipFile,
    *,
    max_parts: int = MAX_PARTS,
    max_unpacked_bytes: int = MAX_UNPACKED_BYTES,
    messages: Mapping[str, str] | None = None,
) -> None:
    """Refuse an Office package (an open zip) that is too big once unpacked, has a part
    that cannot be unpacked, or an XML part with a document type declaration.

    Raises ValidationError with a code: "parts", "unpacked", "doctype" or "damaged";
    `messages` may word any of them (a caller that knows what the file should be).
    """
    texts = {**_messages(), **(messages or {})}
    entries = archive.infolist()
    if len(entries) > max_parts:
        raise ValidationError(
            texts.get("parts")
            or _("The file holds too many parts (%(count)s): at most %(max)s.")
            % {"count": len(entries), "max": max_parts},
            code="parts",
        )
    if sum(entry.file_size for entry in entries) > max_unpacked_bytes:
        raise ValidationError(
            texts.get("unpacked")
            or _("The file unpacks to more than %(max)s MB.") % {"max": max_unpacked_bytes // (1024 * 1024)},
            code="unpacked",
        )
    try:
        for entry in entries:
            if entry.is_dir():
                continue
            with archive.open(entry) as part:
                head = part.read(PROLOG_LIMIT)
            found = _text(head, entry.filename)
            if found is not None:
                _check_prolog(found[0], wide=found[1])
    except _Refused as refusal:
        raise ValidationError(texts[refusal.code], code=refusal.code) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError):
        # RuntimeError: an encrypted part; NotImplementedError: an unknown compression.
        raise ValidationError(texts["damaged"], code="damaged") from None
