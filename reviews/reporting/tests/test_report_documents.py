"""Writing and reading progress reports as .docx/.xlsx (reviews.reporting.documents)."""

import io
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError

from reviews.core.sanitize import clean_html
from reviews.reporting import documents as documents
from reviews.reporting.tests.test_report_offline import make_report

pytestmark = [pytest.mark.django_db, pytest.mark.unit]


@pytest.fixture
def report(review, ministry_a, goals):
    return make_report(review, ministry_a, goals[2])


def cell_with(html: str):
    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).rows[0].cells[0]
    documents._fill_rich(cell, html)
    return cell


@pytest.mark.parametrize(
    "html",
    [
        "<p>One</p><p>Two <strong>bold</strong> and <em>italic</em></p>",
        "<ul><li>a</li><li><strong>b</strong></li></ul><p>after</p>",
        "<ol><li>first</li><li>second</li></ol>",
        "<p>x &lt;script&gt; &amp; y</p>",
    ],
    ids=["paragraphs", "bullets", "numbers", "escaped"],
)
def test_rich_text_survives_word_round_trip(html):
    cell = cell_with(html)
    assert clean_html(documents.paragraphs_html(cell.paragraphs)) == html


def test_rich_text_headings_and_links_become_paragraphs():
    cell = cell_with('<h3>Title</h3><p>See <a href="https://example.org">this</a>.</p>')
    assert clean_html(documents.paragraphs_html(cell.paragraphs)) == "<p>Title</p><p>See this.</p>"


def test_identifier_names_review_report_and_version(report):
    assert documents.identifier_for(report) == f"vnr-report:{report.review_id}:{report.pk}:1"


def test_build_docx_empty_answers_reads_back_as_empty(report):
    questions = list(report.template.questions.all())
    content = documents.build_docx(report=report, questions=questions, answers={})
    assert documents.read_docx(content, report=report, questions=questions) == {
        "progress": "",
        "headline": "",
        "budget": "",
        "on-track": "",
        "partners": [],
        "indicators": [],
    }


def test_build_xlsx_without_table_questions_has_a_note(report):
    import openpyxl

    questions = [q for q in report.template.questions.all() if q.type != "table"]
    content = documents.build_xlsx(report=report, questions=questions, answers={})
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    assert sheet["A1"].value == "This report has no table questions."


def test_check_archive_too_big_refused():
    with pytest.raises(ValidationError) as error:
        documents.check_archive(b"0" * (documents.MAX_UPLOAD_BYTES + 1), kind="docx")
    assert error.value.messages == ["The file is too big: at most 10 MB."]


def test_check_archive_xlsx_given_as_docx_refused(report):
    content = documents.build_xlsx(report=report, questions=list(report.template.questions.all()), answers={})
    with pytest.raises(ValidationError) as error:
        documents.check_archive(content, kind="docx")
    assert error.value.messages == ["This is not a Word (.docx) document."]


def test_check_archive_too_many_entries_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index in range(documents.MAX_ZIP_ENTRIES + 1):
            archive.writestr(f"f{index}", b"")
    with pytest.raises(ValidationError) as error:
        documents.check_archive(buffer.getvalue(), kind="docx")
    assert error.value.messages == ["The file holds too many parts to be a report."]


def test_read_docx_duplicated_question_refused(report):
    questions = list(report.template.questions.all())
    document = docx.Document(io.BytesIO(documents.build_docx(report=report, questions=questions, answers={})))
    import copy

    table = document.tables[1]
    table._tbl.addnext(copy.deepcopy(table._tbl))
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(ValidationError) as error:
        documents.read_docx(buffer.getvalue(), report=report, questions=questions)
    assert error.value.messages == ["The question “[headline]” appears twice in the document."]


def test_read_docx_identifier_from_text_when_core_properties_dropped(report):
    questions = list(report.template.questions.all())
    document = docx.Document(io.BytesIO(documents.build_docx(report=report, questions=questions, answers={})))
    document.core_properties.identifier = ""
    buffer = io.BytesIO()
    document.save(buffer)
    assert documents.read_docx(buffer.getvalue(), report=report, questions=questions)["headline"] == ""


def test_read_docx_without_any_identifier_refused(report):
    questions = list(report.template.questions.all())
    document = docx.Document(io.BytesIO(documents.build_docx(report=report, questions=questions, answers={})))
    document.core_properties.identifier = ""
    document.paragraphs[-1].runs[0].text = "Reference removed"
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(ValidationError) as error:
        documents.read_docx(buffer.getvalue(), report=report, questions=questions)
    assert error.value.messages == [
        "This is not a document downloaded from this report. Download the report's document and fill it."
    ]
