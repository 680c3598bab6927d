"""The offline round trip: download a report as .docx/.xlsx, fill it, upload it back."""

import datetime
import io
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews.models import (
    AuditEntry,
    ProgressReport,
    QuestionType,
    ReportAnswer,
    ReportingRound,
    ReportStatus,
    ReportTemplate,
)
from reviews.reporting.services.report_offline import answers_save
from reviews.tests.factories import (
    ProgressReportFactory,
    ReportingRoundFactory,
    ReportTemplateFactory,
    TemplateQuestionFactory,
)
from vnr_portal.tests import hostile_files as hostile

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

HOSTILE = json.loads(Path("/work/shared/data/security/hostile-inputs.json").read_text())
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
QUESTIONS = [
    ("progress", QuestionType.RICH_TEXT, "Progress since the first VNR", []),
    ("headline", QuestionType.SHORT_TEXT, "Headline", []),
    ("budget", QuestionType.NUMBER, "Budget spent (million)", []),
    ("on-track", QuestionType.CHOICE, "Is the goal on track?", ["Yes", "Partly", "No"]),
    ("partners", QuestionType.TABLE, "Partnerships", ["Partner", "Sector", "Contribution"]),
    ("indicators", QuestionType.INDICATORS, "Indicators used", []),
    ("evidence", QuestionType.FILE, "Evidence", []),
]


def make_template(review, version=1):
    template = ReportTemplateFactory(review=review, version=version)
    for position, (key, kind, text, options) in enumerate(QUESTIONS):
        TemplateQuestionFactory(
            template=template,
            key=key,
            position=position,
            text=text,
            type=kind,
            options=options,
            guidance=f"Guidance for {text}",
        )
    return template


def make_report(review, ministry, goal, template=None, status=ReportStatus.DRAFT, lead_report=None, round=None):
    template = template or ReportTemplate.objects.filter(review=review).first() or make_template(review)
    round = (
        round
        or ReportingRound.objects.filter(review=review).first()
        or ReportingRoundFactory(review=review, title="Round 1", deadline=datetime.date(2027, 3, 31))
    )
    return ProgressReportFactory(
        review=review,
        round=round,
        ministry=ministry,
        goal=goal,
        template=template,
        status=status,
        role="lead" if lead_report is None else "associate",
        lead_report=lead_report,
        deadline=round.deadline,
    )


@pytest.fixture
def report(review, ministry_a, goals):
    return make_report(review, ministry_a, goals[2])


def answers(report) -> dict:
    return dict(ReportAnswer.objects.filter(report=report).values_list("question_key", "value"))


def docx_url(report):
    return reverse("reviews:report-docx", args=[report.review_id, report.pk])


def xlsx_url(report):
    return reverse("reviews:report-xlsx", args=[report.review_id, report.pk])


def upload_url(report):
    return reverse("reviews:report-upload", args=[report.review_id, report.pk])


def download(client, report, url=docx_url):
    response = client.get(url(report))
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def answer_cell(document, key):
    for table in document.tables:
        if table.rows[0].cells[0].text.startswith(f"[{key}]"):
            return table
    raise AssertionError(f"no table for {key}")


def write(cell, text):
    cell.text = text


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload(client, report, content, name="report.docx"):
    return client.post(upload_url(report), {"file": SimpleUploadedFile(name, content, content_type=DOCX_TYPE)})


def filled_docx(client, report) -> bytes:
    """Download the report's document and fill it as a user would in Word."""
    document = docx.Document(io.BytesIO(download(client, report)))
    cell = answer_cell(document, "progress").rows[1].cells[0]
    first = cell.paragraphs[0]
    first.add_run("Maternal deaths fell by ")
    first.add_run("a third").bold = True
    first.add_run(" since 2019.")
    item = cell.add_paragraph("More midwives trained", style="List Bullet")
    item.runs[0].italic = True
    cell.add_paragraph("New clinics opened", style="List Bullet")
    write(answer_cell(document, "headline").rows[1].cells[0], "Fewer deaths")
    write(answer_cell(document, "budget").rows[1].cells[0], "12.5")
    write(answer_cell(document, "on-track").rows[1].cells[0], "partly")
    partners = answer_cell(document, "partners")
    for index, value in enumerate(["WHO", "UN", "Training"]):
        partners.rows[2].cells[index].text = value
    for index, value in enumerate(["Red Crescent", "Civil society", "Outreach"]):
        partners.rows[3].cells[index].text = value
    write(answer_cell(document, "indicators").rows[1].cells[0], "3.1.1, 3.1.2")
    return saved(document)


EXPECTED = {
    "progress": "<p>Maternal deaths fell by <strong>a third</strong> since 2019.</p>"
    "<ul><li><em>More midwives trained</em></li><li>New clinics opened</li></ul>",
    "headline": "Fewer deaths",
    "budget": "12.5",
    "on-track": "Partly",
    "partners": [["WHO", "UN", "Training"], ["Red Crescent", "Civil society", "Outreach"]],
    "indicators": ["3.1.1", "3.1.2"],
}


# --- Round trip -------------------------------------------------------------------------


def test_report_docx_round_trip_answers_land_in_their_fields(client, focal_a, report):
    client.force_login(focal_a)
    response = upload(client, report, filled_docx(client, report))
    assert response.status_code == 302
    assert answers(report) == EXPECTED
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_report_upload_shows_summary_of_changed_questions(client, focal_a, report):
    client.force_login(focal_a)
    response = upload(client, report, filled_docx(client, report), name="report.docx")
    page = client.get(response.url)
    assert [str(m) for m in page.context["messages"]] == [
        "Answers updated: Progress since the first VNR; Headline; Budget spent (million); Is the goal on track?; "
        "Partnerships; Indicators used."
    ]


def test_report_upload_audited(client, focal_a, report):
    client.force_login(focal_a)
    upload(client, report, filled_docx(client, report))
    entry = AuditEntry.objects.get(action="report.upload")
    assert (entry.actor, entry.data["changed"]) == (focal_a, list(EXPECTED))


def test_report_docx_download_contains_saved_answers_and_round_trips_unchanged(client, focal_a, report):
    answers_save(actor=focal_a, report=report, values=EXPECTED)
    client.force_login(focal_a)
    content = download(client, report)
    response = upload(client, report, content)
    assert response.status_code == 302
    assert answers(report) == EXPECTED
    assert [str(m) for m in client.get(response.url).context["messages"]] == [
        "The document was read: no answer changed."
    ]


def test_report_docx_has_title_identifier_guidance_and_marker_rows(client, focal_a, report):
    client.force_login(focal_a)
    document = docx.Document(io.BytesIO(download(client, report)))
    assert document.core_properties.identifier == f"vnr-report:{report.review_id}:{report.pk}:1"
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[0] == f"Progress report on Goal {report.goal}"
    assert "Guidance for Headline" in texts
    markers = [table.rows[0].cells[0].paragraphs[0].text for table in document.tables]
    assert markers == [f"[{key}] {text}" for key, _kind, text, _o in QUESTIONS]
    assert [c.text for c in answer_cell(document, "partners").rows[1].cells] == ["Partner", "Sector", "Contribution"]


def test_report_xlsx_round_trip_tables(client, focal_a, report):
    answers_save(actor=focal_a, report=report, values={"headline": "Kept", "partners": [["WHO", "UN", "Old"]]})
    client.force_login(focal_a)
    workbook = openpyxl.load_workbook(io.BytesIO(download(client, report, xlsx_url)))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[2]] == ["Partner", "Sector", "Contribution"]
    assert [cell.value for cell in sheet[3]] == ["WHO", "UN", "Old"]
    sheet["C3"] = "Training"
    sheet.append(["Bank", "Private", 42])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client, report, buffer.getvalue(), name="tables.xlsx")
    assert response.status_code == 302
    assert answers(report) == {
        "headline": "Kept",
        "partners": [["WHO", "UN", "Training"], ["Bank", "Private", "42"]],
    }


def test_report_xlsx_hostile_cell_written_as_text_not_formula(client, focal_a, report):
    answers_save(actor=focal_a, report=report, values={"partners": [["=1+1", "@SUM(A1)", "x"]]})
    client.force_login(focal_a)
    workbook = openpyxl.load_workbook(io.BytesIO(download(client, report, xlsx_url)))
    assert [(cell.value, cell.data_type) for cell in workbook.worksheets[0][3]] == [
        ("=1+1", "s"),
        ("@SUM(A1)", "s"),
        ("x", "s"),
    ]


# --- Hostile input typed into the document ---------------------------------------------


def hostile_strings() -> list[str]:
    """The hostile strings a user could type in Word (XML cannot hold control characters)."""
    values = HOSTILE["xss_html"] + HOSTILE["pdf_fetch"] + HOSTILE["text_edges"] + HOSTILE["csv_formula"]
    printable = ("".join(ch for ch in value if ch in "\t\n" or ord(ch) >= 32) for value in values)
    return [value for value in printable if value.strip() and not value.startswith("LONG:")]


def test_report_upload_hostile_text_stays_inert(client, focal_a, report):
    client.force_login(focal_a)
    document = docx.Document(io.BytesIO(download(client, report)))
    cell = answer_cell(document, "progress").rows[1].cells[0]
    for value in hostile_strings():
        cell.add_paragraph(value)
    write(answer_cell(document, "headline").rows[1].cells[0], "<img src=x onerror=alert(1)>")
    response = upload(client, report, saved(document))
    assert response.status_code == 302
    stored = answers(report)
    assert set(re.findall(r"<\s*([a-zA-Z0-9]+)", stored["progress"])) == {"p", "br"}
    assert stored["headline"] == "<img src=x onerror=alert(1)>"


@pytest.mark.parametrize("value", HOSTILE["numbers"])
def test_report_upload_hostile_number_stored_or_refused_never_500(client, focal_a, report, value):
    client.force_login(focal_a)
    document = docx.Document(io.BytesIO(download(client, report)))
    write(answer_cell(document, "budget").rows[1].cells[0], value)
    response = upload(client, report, saved(document))
    stored = answers(report).get("budget")
    if response.status_code == 302:
        assert str(Decimal(stored)) == stored
    else:
        assert (response.status_code, form_errors(response), stored) == (
            200,
            [f"“Budget spent (million)”: “{value}” is not a number."],
            None,
        )


def test_report_xlsx_hostile_formulas_round_trip_as_text(client, focal_a, report):
    rows = [[value, "x", "y"] for value in HOSTILE["csv_formula"]]
    answers_save(actor=focal_a, report=report, values={"partners": rows})
    client.force_login(focal_a)
    content = download(client, report, xlsx_url)
    response = upload(client, report, content, name="tables.xlsx")
    assert (response.status_code, answers(report)["partners"]) == (
        302,
        [[v.strip(), "x", "y"] for v in HOSTILE["csv_formula"]],
    )


# --- Bad uploads: a clear message and nothing changed ----------------------------------


def random_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("My own notes")
    return saved(document)


def broken_zip() -> bytes:
    return b"PK\x03\x04" + b"\x00" * 200


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (21 * 1024 * 1024))
    return buffer.getvalue()


def with_macros(content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            archive.writestr(item, source.read(item.filename))
        archive.writestr("word/vbaProject.bin", b"macro")
    return buffer.getvalue()


def form_errors(response) -> list[str]:
    return response.context["form"].errors["file"]


@pytest.mark.parametrize(
    ("make", "name", "message"),
    [
        (
            lambda c, r: random_docx(),
            "report.docx",
            "This is not a document downloaded from this report. Download the report's document and fill it.",
        ),
        (
            lambda c, r: b"%PDF-1.4 not a docx",
            "report.docx",
            "The file is damaged or is not a Word (.docx) or Excel (.xlsx) file.",
        ),
        (
            lambda c, r: broken_zip(),
            "report.docx",
            "The file is damaged or is not a Word (.docx) or Excel (.xlsx) file.",
        ),
        (lambda c, r: zip_bomb(), "report.docx", "The file unpacks to more than 20 MB: it cannot be a filled report."),
        (
            lambda c, r: with_macros(filled_docx(c, r)),
            "report.docx",
            "The file contains macros. Save it as a plain .docx or .xlsx file and upload it again.",
        ),
        (
            lambda c, r: filled_docx(c, r),
            "report.docm",
            "Files with macros are not accepted. Save the file as a plain .docx and upload it again.",
        ),
        (
            lambda c, r: b"hello",
            "notes.txt",
            "Upload the report's Word document (.docx) or its Excel workbook (.xlsx).",
        ),
    ],
    ids=["random-docx", "not-a-zip", "broken-zip", "zip-bomb", "macros", "docm", "txt"],
)
def test_report_upload_bad_file_refused_nothing_changed(client, focal_a, report, make, name, message):
    answers_save(actor=focal_a, report=report, values={"headline": "Before"})
    client.force_login(focal_a)
    content = make(client, report)
    response = upload(client, report, content, name=name)
    assert response.status_code == 200
    assert form_errors(response) == [message]
    assert answers(report) == {"headline": "Before"}


# --- Document type declarations (DTDs) in any XML part: refused, never a 500 ------------

DOCTYPE_MESSAGE = (
    "This file contains a document type declaration, which is not allowed. "
    "Save it again from Word or Excel and upload it once more."
)
SHEET = "xl/worksheets/sheet1.xml"


def test_report_upload_xlsx_with_doctype_and_entity_in_its_sheet_shows_a_message(client, focal_a, report):
    answers_save(actor=focal_a, report=report, values={"headline": "Before"})
    client.force_login(focal_a)
    content = hostile.with_doctype(download(client, report, xlsx_url), SHEET, hostile.DOCTYPES["external-file"])
    content = hostile.with_entity_reference(content, SHEET, b"<t>[partners]", b"<t>&e;[partners]")
    response = upload(client, report, content, name="tables.xlsx")
    assert (response.status_code, form_errors(response), answers(report)) == (
        200,
        [DOCTYPE_MESSAGE],
        {"headline": "Before"},
    )


@pytest.mark.parametrize(
    ("url", "name", "part"),
    [
        (xlsx_url, "tables.xlsx", SHEET),
        (xlsx_url, "tables.xlsx", "xl/workbook.xml"),
        (xlsx_url, "tables.xlsx", "docProps/core.xml"),
        (xlsx_url, "tables.xlsx", "xl/_rels/workbook.xml.rels"),
        (xlsx_url, "tables.xlsx", "[Content_Types].xml"),
        (docx_url, "report.docx", "word/document.xml"),
        (docx_url, "report.docx", "docProps/core.xml"),
        (docx_url, "report.docx", "word/_rels/document.xml.rels"),
        (docx_url, "report.docx", "word/styles.xml"),
    ],
    ids=lambda value: value if isinstance(value, str) else value.__name__,
)
def test_report_upload_doctype_in_any_part_refused_nothing_changed(client, focal_a, report, url, name, part):
    answers_save(actor=focal_a, report=report, values={"headline": "Before"})
    client.force_login(focal_a)
    content = hostile.with_doctype(download(client, report, url), part)
    response = upload(client, report, content, name=name)
    assert (response.status_code, form_errors(response), answers(report)) == (
        200,
        [DOCTYPE_MESSAGE],
        {"headline": "Before"},
    )


@pytest.mark.parametrize("how", ["utf-8", "bom", "utf-16", "no-xml-declaration"])
@pytest.mark.parametrize("declaration", hostile.DOCTYPES)
def test_report_upload_hostile_doctypes_refused(client, focal_a, report, declaration, how):
    client.force_login(focal_a)
    content = hostile.with_doctype(
        download(client, report), "word/document.xml", hostile.DOCTYPES[declaration], how=how
    )
    response = upload(client, report, content)
    assert (response.status_code, form_errors(response)) == (200, [DOCTYPE_MESSAGE])


def test_report_upload_xlsx_with_a_malformed_sheet_shows_a_message(client, focal_a, report):
    client.force_login(focal_a)
    content = hostile.with_entity_reference(
        download(client, report, xlsx_url), SHEET, b"<t>[partners]", b"<t>&undeclared;[partners]"
    )
    response = upload(client, report, content, name="tables.xlsx")
    assert (response.status_code, form_errors(response)) == (
        200,
        ["The file is damaged or is not an Excel (.xlsx) workbook."],
    )


def test_report_upload_xlsx_with_comments_before_its_elements_still_imports(client, focal_a, report):
    answers_save(actor=focal_a, report=report, values={"partners": [["WHO", "UN", "Training"]]})
    client.force_login(focal_a)
    content = hostile.with_entity_reference(
        download(client, report, xlsx_url), SHEET, b"<worksheet", b"<!-- saved by hand -->\r\n<worksheet"
    )
    response = upload(client, report, content, name="tables.xlsx")
    assert (response.status_code, answers(report)["partners"]) == (302, [["WHO", "UN", "Training"]])


def test_report_upload_document_of_another_report_refused(client, focal_a, report, review, ministry_a, goals):
    other = make_report(review, ministry_a, goals[3])
    client.force_login(focal_a)
    response = upload(client, report, filled_docx(client, other))
    assert form_errors(response) == [
        "This document belongs to another report. Download this report's document and use it."
    ]
    assert answers(report) == {}


def test_report_upload_document_of_older_template_version_refused(client, focal_a, report, review):
    client.force_login(focal_a)
    content = filled_docx(client, report)
    report.template = make_template(review, version=2)
    report.save()
    response = upload(client, report, content)
    assert form_errors(response) == [
        "This document was made for version 1 of the template; the report now uses version 2. "
        "Download the document again and copy your answers into it."
    ]
    assert answers(report) == {}


def test_report_upload_removed_question_row_refused(client, focal_a, report):
    client.force_login(focal_a)
    document = docx.Document(io.BytesIO(filled_docx(client, report)))
    table = answer_cell(document, "headline")
    table._tbl.getparent().remove(table._tbl)
    response = upload(client, report, saved(document))
    assert form_errors(response) == ["The question “Headline” is missing: its grey row was removed or changed."]
    assert answers(report) == {}


def test_report_upload_renamed_question_key_refused(client, focal_a, report):
    client.force_login(focal_a)
    document = docx.Document(io.BytesIO(filled_docx(client, report)))
    answer_cell(document, "headline").rows[0].cells[0].paragraphs[0].runs[0].text = "[title] Headline"
    response = upload(client, report, saved(document))
    assert form_errors(response) == [
        "The question “Headline” is missing: its grey row was removed or changed.",
        "The document has a question “[title]” that this report does not ask.",
    ]
    assert answers(report) == {}


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("budget", "twelve", "“Budget spent (million)”: “twelve” is not a number."),
        ("budget", "NaN", "“Budget spent (million)”: “NaN” is not a number."),
        ("on-track", "Maybe", "“Is the goal on track?”: “Maybe” is not one of the options (Yes; Partly; No)."),
        ("indicators", "3.1.1, water", "“Indicators used”: “water” is not an indicator code such as 3.1.1."),
    ],
    ids=["number-words", "number-nan", "choice", "indicator"],
)
def test_report_upload_bad_answer_refused_at_question(client, focal_a, report, key, value, message):
    client.force_login(focal_a)
    document = docx.Document(io.BytesIO(filled_docx(client, report)))
    write(answer_cell(document, key).rows[1].cells[0], value)
    response = upload(client, report, saved(document))
    assert form_errors(response) == [message]
    assert answers(report) == {}


@pytest.mark.parametrize("status", [ReportStatus.SUBMITTED, ReportStatus.ACCEPTED, ReportStatus.INCORPORATED])
def test_report_upload_refused_when_not_fillable(client, focal_a, report, status):
    client.force_login(focal_a)
    content = filled_docx(client, report)
    ProgressReport.objects.filter(pk=report.pk).update(status=status)
    response = upload(client, report, content)
    label = ReportStatus(status).label
    assert form_errors(response) == [f"This report is {label}: its answers cannot be changed now."]
    assert answers(report) == {}


def test_report_upload_empty_post_shows_field_error(client, focal_a, report):
    client.force_login(focal_a)
    response = client.post(upload_url(report), {})
    assert form_errors(response) == ["This field is required."]


# --- Permissions ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", [docx_url, xlsx_url, upload_url], ids=["docx", "xlsx", "upload"])
def test_report_offline_anonymous_redirected_to_login(client, report, url):
    response = client.get(url(report))
    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("login"))


@pytest.mark.parametrize("url", [docx_url, xlsx_url, upload_url], ids=["docx", "xlsx", "upload"])
@pytest.mark.parametrize("user", ["focal_b", "outsider", "other_member"])
def test_report_offline_other_ministry_or_outsider_forbidden(client, report, url, user, request):
    client.force_login(request.getfixturevalue(user))
    assert client.get(url(report)).status_code == 403


@pytest.mark.parametrize("user", ["focal_b", "reviewer", "editor", "coordinator"])
def test_report_upload_forbidden_to_all_but_the_ministry(client, report, focal_a, user, request):
    client.force_login(focal_a)
    content = filled_docx(client, report)
    client.force_login(request.getfixturevalue(user))
    assert upload(client, report, content).status_code == 403
    assert answers(report) == {}


@pytest.mark.parametrize("user", ["focal_a", "reviewer", "editor", "coordinator"])
def test_report_docx_download_allowed(client, report, user, request):
    client.force_login(request.getfixturevalue(user))
    response = client.get(docx_url(report))
    assert (response.status_code, response["Content-Type"]) == (200, DOCX_TYPE)


def test_report_docx_wrong_review_in_url_not_found(client, focal_a, report, other_review):
    client.force_login(focal_a)
    url = reverse("reviews:report-docx", args=[other_review.pk, report.pk])
    assert client.get(url).status_code == 404


def test_report_upload_page_shows_download_links_and_form(client, focal_a, report):
    client.force_login(focal_a)
    response = client.get(upload_url(report))
    content = response.content.decode()
    assert (docx_url(report) in content, xlsx_url(report) in content, 'name="file"' in content) == (True, True, True)


# --- answers_save ------------------------------------------------------------------------


def test_answers_save_sanitizes_rich_text_and_counts_words(focal_a, report):
    changed = answers_save(
        actor=focal_a, report=report, values={"progress": '<p onclick="x()">Two words</p><script>bad()</script>'}
    )
    answer = ReportAnswer.objects.get(report=report, question_key="progress")
    assert (changed, answer.value, answer.word_count) == (["progress"], "<p>Two words</p>", 2)


def test_answers_save_unknown_key_refused(focal_a, report):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        answers_save(actor=focal_a, report=report, values={"nope": "x", "headline": "y"})
    assert (error.value.messages, answers(report)) == (["These are not questions of this report: nope."], {})
