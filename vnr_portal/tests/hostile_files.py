"""Hostile files for the upload tests, made in memory (no big file is committed).

Adds to the shared hostile inputs (/work/shared/data/security/hostile-inputs.json, text
only) what needs bytes: pictures whose header declares more pixels than any upload may
have (pixel or decompression bombs), pictures cut short or only beginning like one, and
Word/Excel files with a document type declaration (DTD) in one of their XML parts.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

from PIL import Image


def picture(kind: str = "PNG", size=(40, 30), color=(20, 80, 160)) -> bytes:
    """A small, sound picture."""
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format=kind)
    return out.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_declaring(width: int, height: int) -> bytes:
    """A PNG of a few hundred bytes whose header declares width × height pixels, 8-bit
    grey, with a small compressed body (a few rows): refused on its header alone, it
    would ask a decoder for width × height bytes."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (min(width, 4096) + 1) * 4, 9)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", rows) + _chunk(b"IEND", b"")


def png_bomb(width: int = 11_000, height: int = 11_000) -> bytes:
    """A complete, valid 1-bit PNG, all black: tens of kilobytes that decode to
    width × height bytes (121 MB at the default size: under Pillow's own refusal, which
    only starts at ~179 megapixels, so only our limit stops it)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    block = row * 256
    body = []
    for start in range(0, height, 256):
        body.append(compressor.compress(block if start + 256 <= height else row * (height - start)))
    body.append(compressor.flush())
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", b"".join(body)) + _chunk(b"IEND", b"")


def jpeg_declaring(width: int, height: int) -> bytes:
    """A small JPEG whose frame header (SOF) is rewritten to declare width × height."""
    data = bytearray(picture("JPEG", size=(16, 16)))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def gif_declaring(width: int, height: int, *, screen: bool = True) -> bytes:
    """A small GIF whose screen and image descriptor declare width × height (at most
    65,535); with `screen` False, only its frame does, on a 16 × 16 screen."""
    data = bytearray(picture("GIF", size=(16, 16)))
    if screen:
        data[6:10] = struct.pack("<HH", width, height)
    descriptor = data.index(b"\x2c\x00\x00\x00\x00")
    data[descriptor + 5 : descriptor + 9] = struct.pack("<HH", width, height)
    return bytes(data)


def cut_short(data: bytes) -> bytes:
    """The first half of a file."""
    return data[: len(data) // 2]


def noisy_png(size: int = 200) -> bytes:
    """A PNG that compresses badly, so that half of it is half of its pixels."""
    noise = bytes((n * 7919) % 251 for n in range(size * size * 3))
    out = io.BytesIO()
    Image.frombytes("RGB", (size, size), noise).save(out, format="PNG")
    return out.getvalue()


# Pictures that must be refused wherever a picture is accepted, by what the user sees:
# "pixels" (too many pixels, before decoding) or "broken" (cannot be read).
PIXEL_BOMBS = {
    "png-30000x30000": lambda: png_declaring(30_000, 30_000),
    "png-60000x60000": lambda: png_declaring(60_000, 60_000),
    "png-20000x100-too-wide": lambda: png_declaring(20_000, 100),
    "png-6000x5000-too-many-pixels": lambda: png_declaring(6_000, 5_000),
    "png-1bit-bomb-11000x11000": lambda: png_bomb(11_000, 11_000),
    "jpeg-30000x30000": lambda: jpeg_declaring(30_000, 30_000),
    "jpeg-12001x10-too-wide": lambda: jpeg_declaring(12_001, 10),
}
GIF_BOMBS = {
    "gif-60000x60000": lambda: gif_declaring(60_000, 60_000),
    "gif-frame-15000x15000-on-a-small-screen": lambda: gif_declaring(15_000, 15_000, screen=False),
    "gif-frame-11000x11000-on-a-small-screen": lambda: gif_declaring(11_000, 11_000, screen=False),
}
BROKEN_PICTURES = {
    "png-cut-short": lambda: cut_short(noisy_png()),
    "jpeg-cut-short": lambda: cut_short(picture("JPEG", size=(300, 300))),
    "png-signature-then-zeros": lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
    "jpeg-signature-then-zeros": lambda: b"\xff\xd8\xff\xe0" + b"\x00" * 64,
}


# --- Word and Excel files with a document type declaration ------------------------------

DOCTYPES = {
    "internal-entity": '<!DOCTYPE x [<!ENTITY e "boom">]>',
    "external-file": '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    "external-dtd": '<!DOCTYPE x SYSTEM "http://127.0.0.1:9/evil.dtd">',
    "billion-laughs": (
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    ),
    "lower-case": "<!doctype x>",
    "after-a-comment": "<!-- a comment first --><?pi before?>\n  <!DOCTYPE x>",
}


def _rewrite(data: bytes, part: str, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            body = source.read(item.filename)
            archive.writestr(item, change(body) if item.filename == part else body)
    if part not in source.namelist():
        raise KeyError(part)
    return out.getvalue()


def _insert(text: str, declaration: str) -> str:
    if text.startswith("<?xml"):
        end = text.index("?>") + 2
        return text[:end] + declaration + text[end:]
    return declaration + text


def with_doctype(data: bytes, part: str, declaration: str = DOCTYPES["internal-entity"], *, how="utf-8") -> bytes:
    """`data` (a .docx or .xlsx) with `declaration` before the root element of `part`.

    `how`: "utf-8" as is; "bom" after a UTF-8 byte order mark; "utf-16" with the whole
    part in UTF-16 (with its BOM); "no-xml-declaration" with the XML declaration removed.
    """

    def change(body: bytes) -> bytes:
        text = body.decode("utf-8")
        if how == "no-xml-declaration" and text.startswith("<?xml"):
            text = text[text.index("?>") + 2 :].lstrip()
        text = _insert(text, declaration)
        if how == "bom":
            return b"\xef\xbb\xbf" + text.encode("utf-8")
        if how == "utf-16":
            text = re.sub(r"""encoding=(["'])UTF-8\1""", 'encoding="UTF-16"', text, count=1, flags=re.IGNORECASE)
            return text.encode("utf-16")
        return text.encode("utf-8")

    return _rewrite(data, part, change)


def with_entity_reference(data: bytes, part: str, old: bytes, new: bytes) -> bytes:
    """`data` with the first `old` in `part` replaced by `new` (e.g. a reference to an
    entity the part's DOCTYPE declares)."""
    return _rewrite(data, part, lambda body: body.replace(old, new, 1))


def with_encoding(data: bytes, part: str, encoding: str) -> bytes:
    """`data` with `part` declaring another encoding than the one it is written in."""

    def change(body: bytes) -> bytes:
        text = body.decode("utf-8")
        if text.startswith("<?xml"):
            text = text[text.index("?>") + 2 :]
        return f'<?xml version="1.0" encoding="{encoding}"?>'.encode() + text.encode("utf-8")

    return _rewrite(data, part, change)
