import docx
import pytest
from playwright.sync_api import expect

from reviews.models import ReportAnswer, ReportStatus, SectionKind
from reviews.reporting.services.report_offline import answers_save
from reviews.reporting.tests.test_report_offline import answer_cell, make_report
from reviews.tests.factories import SectionFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


def test_focal_point_downloads_fills_and_uploads_the_docx(page, login, review, ministry_a, goals, focal_a, tmp_path):
    report = make_report(review, ministry_a, goals[2])
    login(focal_a)
    page.goto(f"/reviews/{review.pk}/reports/{report.pk}/upload/")
    with page.expect_download() as info:
        page.get_by_role("link", name="The report as a Word document (.docx)").click()
    path = tmp_path / "report.docx"
    info.value.save_as(path)
    document = docx.Document(path)
    answer_cell(document, "headline").rows[1].cells[0].text = "Fewer maternal deaths"
    answer_cell(document, "progress").rows[1].cells[0].paragraphs[0].add_run("Clinics opened.").bold = True
    document.save(path)
    page.get_by_label("Filled document").set_input_files(path)
    page.get_by_role("button", name="Upload and save the answers").click()
    expect(page.get_by_text("Answers updated: Progress since the first VNR; Headline.")).to_be_visible()
    values = dict(ReportAnswer.objects.filter(report=report).values_list("question_key", "value"))
    assert values == {"progress": "<p><strong>Clinics opened.</strong></p>", "headline": "Fewer maternal deaths"}


def test_editor_inserts_a_passage_of_an_accepted_report(page, login, review, ministry_a, goals, focal_a, editor):
    section = SectionFactory(review=review, kind=SectionKind.GOAL, goal=goals[2], title="Goal 3: Health")
    report = make_report(review, ministry_a, goals[2])
    answers_save(actor=focal_a, report=report, values={"headline": "Fewer maternal deaths"})
    type(report).objects.filter(pk=report.pk).update(status=ReportStatus.ACCEPTED)
    login(editor)
    page.goto(f"/reviews/{review.pk}/draft/{section.pk}/reports/")
    page.get_by_role("button", name="Headline (Ministry of Health)").click()
    expect(page.get_by_text("The passage was inserted into the section, with its source.")).to_be_visible()
    expect(page.get_by_text("Incorporated")).to_be_visible()
    section.refresh_from_db()
    assert section.content == (
        "<p>Fewer maternal deaths</p><p>(Source: Ministry of Health, progress report, Goal 3)</p>"
    )
