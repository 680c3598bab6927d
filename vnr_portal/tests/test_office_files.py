"""Word and Excel packages checked before any library parses them
(vnr_portal.common.office_files), and the upload check that uses it (uploads.document_type)."""

import io
import zipfile

import docx
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from vnr_portal.common.office_files import office_package_check
from vnr_portal.common.uploads import DOCX_TYPE, XLSX_TYPE, document_type
from vnr_portal.tests import hostile_files as hostile

pytestmark = [pytest.mark.unit]

DOCTYPE_MESSAGE = (
    "This file contains a document type declaration, which is not allowed. "
    "Save it again from Word or Excel and upload it once more."
)
DAMAGED_MESSAGE = "The file is damaged and cannot be read. Save it again from Word or Excel and upload it once more."


def word_file() -> bytes:
    document = docx.Document()
    document.add_paragraph("Notes")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def excel_file() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Notes"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def refusal(data: bytes, **limits) -> tuple[str, list[str]] | None:
    try:
        office_package_check(zipfile.ZipFile(io.BytesIO(data)), **limits)
    except ValidationError as error:
        return error.code, error.messages
    return None


def test_clean_word_and_excel_files_pass():
    assert (refusal(word_file()), refusal(excel_file())) == (None, None)


WORD_PARTS = ["word/document.xml", "docProps/core.xml", "[Content_Types].xml", "word/_rels/document.xml.rels"]
EXCEL_PARTS = ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "docProps/core.xml", "xl/_rels/workbook.xml.rels"]


@pytest.mark.parametrize("how", ["utf-8", "bom", "utf-16", "no-xml-declaration"])
@pytest.mark.parametrize("declaration", hostile.DOCTYPES)
@pytest.mark.parametrize(
    ("make", "part"),
    [(word_file, part) for part in WORD_PARTS] + [(excel_file, part) for part in EXCEL_PARTS],
    ids=[f"docx:{part}" for part in WORD_PARTS] + [f"xlsx:{part}" for part in EXCEL_PARTS],
)
def test_a_document_type_declaration_in_any_part_is_refused(make, part, declaration, how):
    data = hostile.with_doctype(make(), part, hostile.DOCTYPES[declaration], how=how)
    assert refusal(data) == ("doctype", [DOCTYPE_MESSAGE])


def test_a_document_type_in_a_part_with_another_name_is_refused():
    data = word_file()
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in source.infolist():
            archive.writestr(item, source.read(item.filename))
        archive.writestr("word/media/data.bin", '<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>')
    assert refusal(buffer.getvalue()) == ("doctype", [DOCTYPE_MESSAGE])


@pytest.mark.parametrize("encoding", ["UTF-7", "IBM037", "UTF-16", "UTF-32"])
def test_a_part_declaring_an_encoding_it_is_not_written_in_is_refused(encoding):
    assert refusal(hostile.with_encoding(word_file(), "word/document.xml", encoding)) == ("damaged", [DAMAGED_MESSAGE])


@pytest.mark.parametrize(
    "body",
    [
        b"\x4c\x6f\xa7\x94\x93\x40",  # "<?xml " in EBCDIC
        b"\xff\xfe\x00\x00<\x00\x00\x00",  # UTF-32
        b"not xml at all",
        b"<?xml version='1.0'?><!-- a comment that never ends",
        b"<?xml version='1.0'?><!-- " + b"x" * (70 * 1024) + b" --><x/>",
        b"<?xml version='1.0'?>",
    ],
    ids=["ebcdic", "utf-32", "text", "open-comment", "long-prolog", "no-element"],
)
def test_an_xml_part_that_is_not_plain_xml_is_refused(body):
    source = zipfile.ZipFile(io.BytesIO(word_file()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            archive.writestr(item, body if item.filename == "word/settings.xml" else source.read(item.filename))
    assert refusal(buffer.getvalue()) == ("damaged", [DAMAGED_MESSAGE])


def test_comments_and_instructions_before_the_root_are_allowed():
    data = hostile.with_entity_reference(
        word_file(), "word/document.xml", b"<w:document", b"<!-- <!DOCTYPE in a comment> -->\n<?mso x?>\n<w:document"
    )
    assert refusal(data) is None


def test_too_many_parts_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index in range(11):
            archive.writestr(f"part{index}.xml", "<x/>")
    assert refusal(buffer.getvalue(), max_parts=10) == ("parts", ["The file holds too many parts (11): at most 10."])


def test_a_zip_bomb_is_refused_unread():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<x>" + b"0" * (3 * 1024 * 1024) + b"</x>")
    assert refusal(buffer.getvalue(), max_unpacked_bytes=2 * 1024 * 1024) == (
        "unpacked",
        ["The file unpacks to more than 2 MB."],
    )


def test_a_corrupt_part_is_refused_as_damaged():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>" * 50)
    data = bytearray(buffer.getvalue())
    start = data.index(b"[Content_Types].xml") + len("[Content_Types].xml")
    data[start : start + 8] = b"\xff" * 8  # the compressed stream
    assert refusal(bytes(data)) == ("damaged", [DAMAGED_MESSAGE])


def test_the_caller_may_word_the_refusals():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index in range(3):
            archive.writestr(f"part{index}.xml", "<x/>")
    assert refusal(buffer.getvalue(), max_parts=2, messages={"parts": "Too many."}) == ("parts", ["Too many."])


# --- uploads.document_type ----------------------------------------------------------------


def _upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_document_type_accepts_clean_office_files():
    assert (document_type(_upload(word_file(), "a.docx")), document_type(_upload(excel_file(), "a.xlsx"))) == (
        DOCX_TYPE,
        XLSX_TYPE,
    )


@pytest.mark.parametrize(
    ("make", "part"),
    [(word_file, "word/document.xml"), (word_file, "docProps/core.xml"), (excel_file, "xl/workbook.xml")],
    ids=["docx-document", "docx-properties", "xlsx-workbook"],
)
def test_document_type_refuses_a_document_type_declaration(make, part):
    with pytest.raises(ValidationError) as error:
        document_type(_upload(hostile.with_doctype(make(), part), "a.docx"))
    assert error.value.messages == [DOCTYPE_MESSAGE]


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n1 0 obj<<>>endobj\n", b"%PDF-1.7\n%%EOF\n" + b"\x00" * 2000],
    ids=["cut-short", "end-marker-too-far"],
)
def test_document_type_refuses_a_pdf_without_its_end(data):
    with pytest.raises(ValidationError) as error:
        document_type(_upload(data, "a.pdf"))
    assert error.value.messages == ["This PDF file is incomplete or damaged: save it again and upload it once more."]


def test_document_type_accepts_a_pdf_with_its_end_marker():
    assert document_type(_upload(b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "a.pdf")) == "application/pdf"
