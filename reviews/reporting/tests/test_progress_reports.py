import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from indicators.tests.factories import GoalFactory
from reviews.models import (
    AuditEntry,
    Notification,
    ProgressReport,
    ReportAnswer,
    ReportAttachment,
    ReportSubmission,
)
from reviews.reporting.services import progress_reports as services
from reviews.reporting.tests.test_progress_reports_rows import (
    PDF_BYTES,
    make_indicator,
    make_report,
    make_round,
    make_template,
    office_file,
)
from reviews.tests.factories import MinistryFactory, ReportAnswerFactory
from vnr_portal.common.uploads import safe_file_name
from vnr_portal.tests import hostile_files as hostile

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

HOSTILE = json.loads(Path("/work/shared/data/security/hostile-inputs.json").read_text())


@pytest.fixture
def template(review):
    return make_template(review)


@pytest.fixture
def reporting_round(review):
    return make_round(review)


@pytest.fixture
def goal3(db):
    return GoalFactory(number=3)


@pytest.fixture
def report_a(review, reporting_round, ministry_a, goal3, template):
    return make_report(review=review, round=reporting_round, ministry=ministry_a, goal=goal3, template=template)


@pytest.fixture
def report_b(review, reporting_round, ministry_b, template):
    return make_report(
        review=review, round=reporting_round, ministry=ministry_b, goal=GoalFactory(number=4), template=template
    )


def url(name, report, *extra):
    return reverse(f"reviews:{name}", args=[report.review_id, report.pk, *extra])


def fill(report, actor, **answers):
    defaults = {"progress": "<p>Maternal mortality fell by a third.</p>"}
    return services.report_answers_save(actor=actor, report=report, answers={**defaults, **answers})


def submitted(report, focal):
    fill(report, focal)
    services.report_submit(actor=focal, report=report)
    report.refresh_from_db()
    return report


def post_fill(client, report, action="report-fill", **data):
    payload = {"filled": "1", "q_partners-rows": "0"}
    payload.update(data)
    return client.post(url(action, report), payload)


# --- Permissions ------------------------------------------------------------------------

VIEWS = ["report-detail", "report-fill", "report-history", "report-review"]


@pytest.mark.parametrize("name", VIEWS)
def test_report_views_redirect_anonymous_to_login(client, report_a, name):
    response = client.get(url(name, report_a))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", VIEWS + ["report-submit"])
def test_report_views_refuse_focal_point_of_another_ministry(client, report_a, focal_b, name):
    client.force_login(focal_b)
    response = client.post(url(name, report_a)) if name == "report-submit" else client.get(url(name, report_a))
    assert response.status_code == 403


@pytest.mark.parametrize("name", VIEWS)
def test_report_views_refuse_member_of_another_review(client, report_a, other_member, name):
    client.force_login(other_member)
    assert client.get(url(name, report_a)).status_code == 403


@pytest.mark.parametrize("name", VIEWS)
def test_report_views_refuse_outsider(client, report_a, outsider, name):
    client.force_login(outsider)
    assert client.get(url(name, report_a)).status_code == 403


def test_report_of_another_review_in_the_url_is_not_found(client, report_a, other_review, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("reviews:report-detail", args=[other_review.pk, report_a.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["focal_a", "coordinator", "reviewer", "editor"])
def test_report_detail_shows_report_to_readers(client, report_a, role, request):
    client.force_login(request.getfixturevalue(role))
    response = client.get(url("report-detail", report_a))
    assert response.status_code == 200
    assert response.context["report"] == report_a


def test_report_detail_readable_by_focal_point_of_parent_ministry(
    client, review, reporting_round, ministry_a, template, focal_a, goal3
):
    division = MinistryFactory(review=review, name="Division of Nursing", parent=ministry_a)
    report = make_report(review=review, round=reporting_round, ministry=division, goal=goal3, template=template)
    client.force_login(focal_a)
    assert client.get(url("report-detail", report)).status_code == 200


@pytest.mark.parametrize("role", ["editor", "coordinator", "reviewer", "focal_b"])
def test_report_fill_refused_to_everyone_but_the_ministry(client, report_a, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url("report-fill", report_a)).status_code == 403
    assert post_fill(client, report_a, q_headline="x").status_code == 403
    assert ReportAnswer.objects.filter(report=report_a).count() == 0


def test_report_review_refused_to_focal_point_and_editor(client, report_a, focal_a, editor):
    submitted(report_a, focal_a)
    for user in (focal_a, editor):
        client.force_login(user)
        response = client.post(url("report-review", report_a), {"decision": "accepted"})
        assert response.status_code == 403
    report_a.refresh_from_db()
    assert report_a.status == "submitted"


# --- My reports ---------------------------------------------------------------------------


def test_my_reports_shows_focal_point_only_their_ministry(client, report_a, report_b, focal_a):
    client.force_login(focal_a)
    response = client.get(reverse("reviews:my-reports", args=[report_a.review_id]))
    assert list(response.context["page"].object_list) == [report_a]
    assert "Ministry of Education" not in response.content.decode()


def test_my_reports_shows_coordinator_every_report(client, report_a, report_b, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("reviews:my-reports", args=[report_a.review_id]))
    assert list(response.context["page"].object_list) == [report_a, report_b]


def test_my_reports_marks_overdue_reports(client, report_a, focal_a):
    ProgressReport.objects.filter(pk=report_a.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(focal_a)
    response = client.get(reverse("reviews:my-reports", args=[report_a.review_id]))
    assert response.content.decode().count("Overdue") == 1


def test_my_reports_refuses_outsider(client, review, outsider):
    client.force_login(outsider)
    assert client.get(reverse("reviews:my-reports", args=[review.pk])).status_code == 403


@pytest.mark.parametrize("count", [3, 30], ids=["3-reports", "30-reports"])
def test_my_reports_query_budget_does_not_grow(
    client, review, reporting_round, template, coordinator, count, django_assert_num_queries
):
    ministries = [MinistryFactory(review=review) for _ in range(count // 3)]
    for ministry in ministries:
        for number in (1, 2, 3):
            make_report(
                review=review,
                round=reporting_round,
                ministry=ministry,
                goal=GoalFactory(number=number),
                template=template,
            )
    client.force_login(coordinator)
    with django_assert_num_queries(6):
        response = client.get(reverse("reviews:my-reports", args=[review.pk]))
    assert response.context["page"].paginator.count == count


# --- Report page --------------------------------------------------------------------------


def test_report_detail_renders_every_kind_of_answer(client, report_a, focal_a):
    make_indicator("3.1.1")
    fill(
        report_a,
        focal_a,
        progress="<p>Fewer deaths</p><script>alert(1)</script>",
        budget=Decimal("12.5"),
        trend="Better",
        partners=[["UNICEF", "UN agency"]],
        indicators=["3.1.1"],
    )
    client.force_login(focal_a)
    page = client.get(url("report-detail", report_a)).content.decode()
    assert "<p>Fewer deaths</p>" in page
    assert "<script>alert(1)" not in page
    assert "<td>UNICEF</td><td>UN agency</td>" in page
    assert "<strong>3.1.1</strong> — Indicator 3.1.1 title" in page
    assert "<p>12.5</p>" in page


def test_report_detail_shows_contributions_inside_lead_report(
    client, review, reporting_round, template, report_a, ministry_b, focal_a, focal_b
):
    contribution = make_report(
        review=review,
        round=reporting_round,
        ministry=ministry_b,
        goal=GoalFactory(number=5),
        template=template,
        role="associate",
        lead_report=report_a,
    )
    fill(contribution, focal_b, headline="Schools run health checks")
    client.force_login(focal_a)
    response = client.get(url("report-detail", report_a))
    assert [block["report"] for block in response.context["contributions"]] == [contribution]
    assert "Schools run health checks" in response.content.decode()


@pytest.mark.parametrize("count", [1, 8], ids=["1-contribution", "8-contributions"])
def test_report_detail_query_budget_does_not_grow(
    client, review, reporting_round, template, report_a, focal_a, count, django_assert_num_queries
):
    make_indicator("3.1.1")
    fill(report_a, focal_a, headline="h", partners=[["a", "b"]] * count, indicators=["3.1.1"])
    for n in range(count):
        ministry = MinistryFactory(review=review)
        contribution = make_report(
            review=review,
            round=reporting_round,
            ministry=ministry,
            goal=GoalFactory(number=6 + n),
            template=template,
            role="co_lead",
            lead_report=report_a,
        )
        ReportAnswerFactory(report=contribution, question_key="headline", value=f"c{n}")
    client.force_login(focal_a)
    # 13, and 1 for the extra parts of `reviews.reporting.extras` (the follow-up's commitments).
    with django_assert_num_queries(14):
        response = client.get(url("report-detail", report_a))
    assert len(response.context["contributions"]) == count


# --- Filling ------------------------------------------------------------------------------


def test_report_fill_saves_draft_without_checking_required(client, report_a, focal_a):
    client.force_login(focal_a)
    response = post_fill(client, report_a, q_headline="Work in progress")
    assert response.status_code == 302
    report_a.refresh_from_db()
    assert report_a.status == "draft"
    assert {a.question_key: a.value for a in report_a.answers.all()} == {"headline": "Work in progress"}


def test_report_fill_form_has_a_field_per_question(client, report_a, focal_a):
    client.force_login(focal_a)
    form = client.get(url("report-fill", report_a)).context["form"]
    assert list(form.fields) == [
        "q_progress",
        "q_headline",
        "q_budget",
        "q_trend",
        "q_partners",
        "q_indicators",
        "q_evidence",
    ]
    assert "data-rich-editor" in str(form["q_progress"])


def test_report_fill_stores_table_rows_and_adds_rows_without_js(client, report_a, focal_a):
    client.force_login(focal_a)
    response = post_fill(
        client,
        report_a,
        **{"q_partners-rows": "2", "q_partners-0-0": "UNDP", "q_partners-0-1": "UN", "more_rows": "q_partners"},
    )
    assert response.status_code == 302
    assert response.url.endswith("?more=partners#id_q_partners")
    assert ReportAnswer.objects.get(report=report_a, question_key="partners").value == [["UNDP", "UN"]]
    page = client.get(response.url).content.decode()
    # One filled row, two blank ones and three more.
    assert page.count('name="q_partners-5-1"') == 1
    assert page.count('name="q_partners-6-1"') == 0


@pytest.mark.parametrize("number", HOSTILE["numbers"][:5] + ["0x1F", "1,5", "12abc", "99999999999999999999999"])
def test_report_fill_refuses_hostile_numbers_at_the_field(client, report_a, focal_a, number):
    client.force_login(focal_a)
    response = post_fill(client, report_a, q_budget=number)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["q_budget"]
    assert not ReportAnswer.objects.filter(report=report_a).exists()


def test_report_fill_refuses_unknown_indicator_code(client, report_a, focal_a):
    make_indicator("3.1.1")
    client.force_login(focal_a)
    response = post_fill(client, report_a, q_indicators="3.1.1, 3.9.9, <script>")
    assert response.status_code == 400
    assert response.context["form"].errors["q_indicators"] == [
        "Not indicators of the SDG framework: 3.9.9, <script>. Write codes such as 3.1.1."
    ]


def test_report_fill_refuses_choice_outside_options(client, report_a, focal_a):
    client.force_login(focal_a)
    response = post_fill(client, report_a, q_trend="Excellent")
    assert list(response.context["form"].errors) == ["q_trend"]


@pytest.mark.parametrize("payload", HOSTILE["xss_html"])
def test_report_fill_sanitizes_hostile_rich_text(client, report_a, focal_a, payload):
    client.force_login(focal_a)
    post_fill(client, report_a, q_progress=payload, q_headline=payload)
    page = client.get(url("report-detail", report_a)).content.decode()
    for needle in (
        "<script>alert",
        "<img src=x",
        'href="javascript',
        "<iframe",
        "<body onload",
        "<svg",
        "<details open ontoggle",  # the header's menu is a <details> too
        "<input autofocus",
    ):
        assert needle not in page


def test_report_fill_redirects_when_report_submitted(client, report_a, focal_a):
    submitted(report_a, focal_a)
    client.force_login(focal_a)
    response = post_fill(client, report_a, q_headline="late change")
    assert response.status_code == 302
    assert response.url == url("report-detail", report_a)
    assert not ReportAnswer.objects.filter(report=report_a, question_key="headline").exists()


# --- Attachments --------------------------------------------------------------------------


def upload(client, report, content, name, content_type="application/octet-stream"):
    data = {"filled": "1", "q_partners-rows": "0", "q_evidence": SimpleUploadedFile(name, content, content_type)}
    return client.post(url("report-fill", report), data)


@pytest.mark.parametrize(
    "content, name, expected_type",
    [
        (PDF_BYTES, "study.pdf", "application/pdf"),
        (office_file("docx"), "note.docx", services.DOCX_TYPE),
        (office_file("xlsx"), "data.xlsx", services.XLSX_TYPE),
        ("year,value\n2020,4\n2024,3 报告\n".encode(), "series.csv", "text/csv"),
    ],
    ids=["pdf", "docx", "xlsx", "csv"],
)
def test_report_attachment_accepts_allowed_types_by_content(client, report_a, focal_a, content, name, expected_type):
    client.force_login(focal_a)
    assert upload(client, report_a, content, name).status_code == 302
    attachment = ReportAttachment.objects.get(report=report_a)
    assert (attachment.name, attachment.content_type, attachment.question_key) == (name, expected_type, "evidence")


@pytest.mark.parametrize(
    "content, name",
    [
        (b"MZ\x90\x00binary", "report.pdf"),
        (b"\x89PNG\r\n\x1a\nxxxx", "photo.pdf"),
        (b"PK\x03\x04not really a zip", "fake.docx"),
        (b"\xff\xfe\x00bad", "table.csv"),
        (b"<html><script>alert(1)</script>", "page.csv.html"),
    ],
    ids=["exe-as-pdf", "png-as-pdf", "broken-zip", "binary-csv", "html"],
)
def test_report_attachment_refuses_wrong_content(client, report_a, focal_a, content, name):
    client.force_login(focal_a)
    response = upload(client, report_a, content, name)
    assert response.status_code == 400
    assert response.context["form"].errors["q_evidence"] == [
        "Attach a PDF, Word (.docx), Excel (.xlsx) or CSV file; this file is none of these."
    ]
    assert not ReportAttachment.objects.exists()


@pytest.mark.parametrize("part", ["[Content_Types].xml", "main.xml"])
@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_report_attachment_refuses_a_document_type_declaration(client, report_a, focal_a, kind, part):
    client.force_login(focal_a)
    content = hostile.with_doctype(office_file(kind), part, hostile.DOCTYPES["billion-laughs"])
    response = upload(client, report_a, content, f"data.{kind}")
    assert (response.status_code, response.context["form"].errors["q_evidence"]) == (
        400,
        [
            "This file contains a document type declaration, which is not allowed. "
            "Save it again from Word or Excel and upload it once more."
        ],
    )
    assert not ReportAttachment.objects.exists()


def test_report_attachment_refuses_a_pdf_cut_short(client, report_a, focal_a):
    client.force_login(focal_a)
    response = upload(client, report_a, PDF_BYTES[:20], "study.pdf")
    assert (response.status_code, response.context["form"].errors["q_evidence"]) == (
        400,
        ["This PDF file is incomplete or damaged: save it again and upload it once more."],
    )
    assert not ReportAttachment.objects.exists()


def test_report_attachment_refuses_zip_that_is_not_office(client, report_a, focal_a):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    client.force_login(focal_a)
    assert upload(client, report_a, buffer.getvalue(), "archive.docx").status_code == 400
    assert not ReportAttachment.objects.exists()


def test_report_attachment_refuses_files_over_10_mb(client, report_a, focal_a):
    client.force_login(focal_a)
    response = upload(client, report_a, PDF_BYTES + b"0" * (10 * 1024 * 1024), "big.pdf")
    assert response.status_code == 400
    assert response.context["form"].errors["q_evidence"] == ["The file is too large (10.0 MB): at most 10 MB."]


@pytest.mark.parametrize(
    "name, expected",
    [
        ("../../etc/passwd", "passwd.pdf"),
        ("..\\..\\windows\\win.ini", "win.pdf"),
        ("report.pdf.exe", "report.pdf.pdf"),
        ("résumé 报告.docx", "résumé 报告.pdf"),
        (".htaccess", "htaccess.pdf"),
        ('<img src=x onerror="a">.pdf', "_img src=x onerror=_a__.pdf"),
        ("x" * 300 + ".pdf", "x" * 110 + ".pdf"),
        ("a\x00.pdf", "a.pdf"),
        ("report.PDF", "report.pdf"),
        ("\u202egnp.pdf", "gnp.pdf"),
    ],
)
def test_safe_file_name_neutralises_hostile_names(name, expected):
    assert safe_file_name(name, "pdf") == expected


def test_report_attachment_download_is_permission_checked(client, report_a, focal_a, focal_b, reviewer):
    client.force_login(focal_a)
    upload(client, report_a, PDF_BYTES, "../../etc/passwd.pdf")
    attachment = ReportAttachment.objects.get()
    client.force_login(focal_b)
    assert client.get(url("report-attachment", report_a, attachment.pk)).status_code == 403
    client.force_login(reviewer)
    response = client.get(url("report-attachment", report_a, attachment.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="passwd.pdf"'
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_report_attachment_can_be_removed(client, report_a, focal_a):
    client.force_login(focal_a)
    upload(client, report_a, PDF_BYTES, "a.pdf")
    attachment = ReportAttachment.objects.get()
    post_fill(client, report_a, remove_attachments=[str(attachment.pk)])
    assert not ReportAttachment.objects.exists()


# --- Submission ---------------------------------------------------------------------------


def test_report_submit_shows_required_message_at_the_question(client, report_a, focal_a):
    client.force_login(focal_a)
    response = post_fill(client, report_a, action="report-submit", q_headline="only this")
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "q_progress": ["This question needs an answer before the report can be submitted."]
    }
    report_a.refresh_from_db()
    assert report_a.status == "draft"
    assert ReportAnswer.objects.get(report=report_a, question_key="headline").value == "only this"
    assert not ReportSubmission.objects.exists()


def test_report_submit_counts_cjk_characters_against_word_limit(client, report_a, focal_a):
    client.force_login(focal_a)
    response = post_fill(client, report_a, action="report-submit", q_progress="孕" * 51)
    assert response.context["form"].errors == {"q_progress": ["At most 50 words (this answer has 51)."]}
    response = post_fill(client, report_a, action="report-submit", q_progress="孕" * 50)
    assert response.status_code == 302
    report_a.refresh_from_db()
    assert report_a.status == "submitted"


def test_report_submit_requires_a_file_for_a_required_file_question(report_a, focal_a, template):
    template.questions.filter(key="evidence").update(required=True)
    fill(report_a, focal_a)
    with pytest.raises(services.ValidationError) as error:
        services.report_submit(actor=focal_a, report=report_a)
    assert error.value.message_dict == {
        "evidence": ["This question needs an answer before the report can be submitted."]
    }


def test_report_submit_snapshots_notifies_reviewers_and_audits(
    client, report_a, focal_a, reviewer, django_capture_on_commit_callbacks
):
    client.force_login(focal_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_fill(client, report_a, action="report-submit", q_progress="Deaths fell.", q_headline="Better")
    assert response.status_code == 302
    report_a.refresh_from_db()
    assert report_a.status == "submitted"
    assert report_a.submitted_at is not None
    submission = ReportSubmission.objects.get(report=report_a)
    assert (submission.number, submission.answers) == (1, {"progress": "<p>Deaths fell.</p>", "headline": "Better"})
    assert [n.user for n in Notification.objects.filter(kind="review_requested")] == [reviewer]
    assert [m.to for m in mail.outbox] == [["reviewer@example.org"]]
    assert AuditEntry.objects.filter(action="report.submit").count() == 1


def test_report_submit_from_report_page_submits_saved_answers(client, report_a, focal_a):
    fill(report_a, focal_a)
    client.force_login(focal_a)
    response = client.post(url("report-submit", report_a))
    assert response.status_code == 302
    report_a.refresh_from_db()
    assert report_a.status == "submitted"


def test_report_submit_from_report_page_shows_saved_answers_with_messages(client, report_a, focal_a):
    services.report_answers_save(actor=focal_a, report=report_a, answers={"headline": "Kept"})
    client.force_login(focal_a)
    response = client.post(url("report-submit", report_a))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {"q_progress": ["This question needs an answer before the report can be submitted."]}
    assert 'value="Kept"' in str(form["q_headline"])


def test_report_submit_refuses_get(client, report_a, focal_a):
    client.force_login(focal_a)
    assert client.get(url("report-submit", report_a)).status_code == 405


# --- Review and history -------------------------------------------------------------------


def test_report_return_stores_comments_and_notifies_focal_point(client, report_a, focal_a, reviewer):
    submitted(report_a, focal_a)
    client.force_login(reviewer)
    response = client.post(
        url("report-review", report_a), {"decision": "returned", "comment_progress": "Add 2024 data."}
    )
    assert response.status_code == 302
    report_a.refresh_from_db()
    assert report_a.status == "returned"
    submission = ReportSubmission.objects.get(report=report_a)
    assert (submission.decision, submission.decided_by) == ("returned", reviewer)
    assert [(c.question_key, c.body) for c in submission.comments.all()] == [("progress", "Add 2024 data.")]
    assert [n.user for n in Notification.objects.filter(kind="other")] == [focal_a]
    assert AuditEntry.objects.filter(action="report.return").count() == 1


def test_report_return_without_comment_or_note_is_refused_at_note(client, report_a, focal_a, reviewer):
    submitted(report_a, focal_a)
    client.force_login(reviewer)
    response = client.post(url("report-review", report_a), {"decision": "returned", "comment_progress": "   "})
    assert response.status_code == 400
    assert response.context["form"].errors == {"note": [str(services.MESSAGES["return_needs_comment"])]}
    report_a.refresh_from_db()
    assert report_a.status == "submitted"


def test_report_review_refuses_bad_decision_at_field(client, report_a, focal_a, reviewer):
    submitted(report_a, focal_a)
    client.force_login(reviewer)
    response = client.post(url("report-review", report_a), {"decision": "<script>"})
    assert list(response.context["form"].errors) == ["decision"]


def test_report_review_of_unsubmitted_report_redirects(client, report_a, reviewer):
    client.force_login(reviewer)
    response = client.post(url("report-review", report_a), {"decision": "accepted"})
    assert response.url == url("report-detail", report_a)
    report_a.refresh_from_db()
    assert report_a.status == "not_started"


def test_returned_comment_shows_at_the_question_for_focal_point(client, report_a, focal_a, reviewer):
    submitted(report_a, focal_a)
    services.report_return(actor=reviewer, report=report_a, comments={"progress": "Cite the survey."})
    client.force_login(focal_a)
    detail = client.get(url("report-detail", report_a))
    assert [c.body for c in detail.context["rows"][0]["comments"]] == ["Cite the survey."]
    fill_page = client.get(url("report-fill", report_a)).content.decode()
    assert fill_page.count("Cite the survey.") == 2


def test_report_history_kept_across_return_and_resubmit(client, report_a, focal_a, reviewer):
    submitted(report_a, focal_a)
    services.report_return(actor=reviewer, report=report_a, comments={"progress": "More data."})
    fill(report_a, focal_a, progress="<p>With 2024 data.</p>")
    services.report_submit(actor=focal_a, report=report_a)
    services.report_accept(actor=reviewer, report=report_a, note="Thank you")
    report_a.refresh_from_db()
    assert report_a.status == "accepted"
    client.force_login(focal_a)
    response = client.get(url("report-history", report_a))
    history = [
        (i["submission"].number, i["submission"].decision, i["rows"][0]["value"]) for i in response.context["history"]
    ]
    assert history == [
        (2, "accepted", "<p>With 2024 data.</p>"),
        (1, "returned", "<p>Maternal mortality fell by a third.</p>"),
    ]
    assert response.content.decode().count("More data.") == 1


def test_report_accept_twice_is_refused(report_a, focal_a, reviewer):
    submitted(report_a, focal_a)
    services.report_accept(actor=reviewer, report=report_a)
    with pytest.raises(services.ValidationError):
        services.report_accept(actor=reviewer, report=report_a)
    assert ReportSubmission.objects.get().decision == "accepted"


@pytest.mark.parametrize("rounds", [1, 4], ids=["1-submission", "4-submissions"])
def test_report_history_query_budget_does_not_grow(
    client, report_a, focal_a, reviewer, rounds, django_assert_num_queries
):
    for n in range(rounds):
        submitted(report_a, focal_a)
        services.report_return(actor=reviewer, report=report_a, comments={"progress": f"Round {n}"}, note="More")
    client.force_login(focal_a)
    with django_assert_num_queries(7):
        response = client.get(url("report-history", report_a))
    assert len(response.context["history"]) == rounds


@pytest.mark.parametrize("count", [1, 5], ids=["1-contribution", "5-contributions"])
def test_report_review_page_query_budget_does_not_grow(
    client, review, reporting_round, template, report_a, focal_a, reviewer, count, django_assert_num_queries
):
    for n in range(count):
        make_report(
            review=review,
            round=reporting_round,
            ministry=MinistryFactory(review=review),
            goal=GoalFactory(number=6 + n),
            template=template,
            role="associate",
            lead_report=report_a,
        )
    submitted(report_a, focal_a)
    client.force_login(reviewer)
    with django_assert_num_queries(13):
        response = client.get(url("report-review", report_a))
    assert len(response.context["contributions"]) == count
