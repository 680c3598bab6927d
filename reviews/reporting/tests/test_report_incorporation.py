"""Accepted progress reports beside a goal's section, and inserting their passages."""

import pytest
from django.urls import reverse

from reviews.drafting.services.sections import section_save
from reviews.models import (
    AuditEntry,
    ProgressReport,
    ReportIncorporation,
    ReportStatus,
    SectionKind,
    SectionRevision,
)
from reviews.reporting.services.report_offline import answers_save
from reviews.reporting.tests.test_report_offline import make_report
from reviews.tests.factories import MinistryFactory, ReportingRoundFactory, SectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def section(review, goals, coordinator):
    section = SectionFactory(review=review, kind=SectionKind.GOAL, goal=goals[2], title="Goal 3: Health")
    section_save(actor=coordinator, section=section, content="<p>Intro.</p>", base_version=0)
    return section


@pytest.fixture
def accepted(review, ministry_a, goals, focal_a):
    report = make_report(review, ministry_a, goals[2])
    answers_save(
        actor=focal_a,
        report=report,
        values={
            "progress": "<p>Deaths fell by <strong>a third</strong>.</p>",
            "headline": "Fewer deaths",
            "partners": [["WHO", "UN", "Training"]],
        },
    )
    ProgressReport.objects.filter(pk=report.pk).update(status=ReportStatus.ACCEPTED)
    report.refresh_from_db()
    return report


def reports_url(section):
    return reverse("reviews:section-reports", args=[section.review_id, section.pk])


def insert_url(section, report):
    return reverse("reviews:report-incorporate", args=[section.review_id, section.pk, report.pk])


def insert(client, section, report, key="progress", base_version=None):
    data = {"question_key": key, "base_version": section.version if base_version is None else base_version}
    return client.post(insert_url(section, report), data)


def test_report_incorporate_appends_passage_with_source_as_new_revision(client, editor, section, accepted):
    client.force_login(editor)
    response = insert(client, section, accepted)
    assert (response.status_code, response.url) == (302, reports_url(section))
    section.refresh_from_db()
    expected = (
        "<p>Intro.</p><p>Deaths fell by <strong>a third</strong>.</p>"
        "<p>(Source: Ministry of Health, progress report, Goal 3)</p>"
    )
    assert (section.content, section.version) == (expected, 2)
    assert SectionRevision.objects.get(section=section, number=2).author == editor


def test_report_incorporate_table_answer_inserted_as_table(client, editor, section, accepted):
    client.force_login(editor)
    insert(client, section, accepted, key="partners")
    section.refresh_from_db()
    assert section.content == (
        '<p>Intro.</p><table><thead><tr><th scope="col">Partner</th><th scope="col">Sector</th>'
        '<th scope="col">Contribution</th></tr></thead><tbody><tr><td>WHO</td><td>UN</td><td>Training</td>'
        "</tr></tbody></table><p>(Source: Ministry of Health, progress report, Goal 3)</p>"
    )


def test_report_incorporate_records_marks_and_audits(client, editor, section, accepted):
    client.force_login(editor)
    insert(client, section, accepted)
    accepted.refresh_from_db()
    incorporation = ReportIncorporation.objects.get()
    entry = AuditEntry.objects.get(action="report.incorporate")
    assert accepted.status == ReportStatus.INCORPORATED
    assert (
        incorporation.report,
        incorporation.section,
        incorporation.question_key,
        incorporation.revision_number,
        incorporation.by,
    ) == (accepted, section, "progress", 2, editor)
    assert (entry.actor, entry.data) == (
        editor,
        {"report": accepted.pk, "section": section.pk, "question": "progress", "revision": 2},
    )


def test_report_incorporate_contribution_marks_lead_incorporated(
    client, editor, section, accepted, review, goals, focal_b, ministry_b
):
    contribution = make_report(review, ministry_b, goals[2], lead_report=accepted, status=ReportStatus.ACCEPTED)
    answers_save(actor=focal_b, report=contribution, values={"headline": "Schools teach hygiene"})
    ProgressReport.objects.filter(pk=contribution.pk).update(status=ReportStatus.ACCEPTED)
    client.force_login(editor)
    insert(client, section, contribution, key="headline")
    statuses = dict(ProgressReport.objects.values_list("pk", "status"))
    section.refresh_from_db()
    assert statuses == {accepted.pk: ReportStatus.INCORPORATED, contribution.pk: ReportStatus.INCORPORATED}
    assert section.content.endswith(
        "<p>Schools teach hygiene</p><p>(Source: Ministry of Education, progress report, Goal 3)</p>"
    )


def test_report_incorporate_stale_version_refused_nothing_changed(client, editor, section, accepted):
    client.force_login(editor)
    response = insert(client, section, accepted, base_version=0)
    section.refresh_from_db()
    accepted.refresh_from_db()
    assert response.status_code == 409
    assert response.context["error"] == (
        "Someone saved the section meanwhile: check its text below and insert the passage again."
    )
    assert (section.version, accepted.status, ReportIncorporation.objects.count()) == (1, ReportStatus.ACCEPTED, 0)


@pytest.mark.parametrize("status", [ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.RETURNED])
def test_report_incorporate_not_accepted_refused(client, editor, section, accepted, status):
    ProgressReport.objects.filter(pk=accepted.pk).update(status=status)
    client.force_login(editor)
    response = insert(client, section, accepted)
    section.refresh_from_db()
    assert (response.status_code, response.context["error"], section.version) == (
        400,
        "Only accepted reports can be taken into the draft.",
        1,
    )


def test_report_incorporate_other_goal_refused(client, editor, section, review, ministry_a, goals, focal_a):
    other = make_report(review, ministry_a, goals[4], status=ReportStatus.ACCEPTED)
    answers_save(actor=focal_a, report=other, values={"headline": "Gender"})
    ProgressReport.objects.filter(pk=other.pk).update(status=ReportStatus.ACCEPTED)
    client.force_login(editor)
    response = insert(client, section, other, key="headline")
    assert (response.status_code, response.context["error"]) == (400, "This report is not on this section's goal.")


@pytest.mark.parametrize(
    ("key", "base"),
    [("budget", None), ("nope", None), ("", None), ("progress", "x")],
    ids=["unanswered", "unknown", "empty", "bad-version"],
)
def test_report_incorporate_bad_input_clear_message(client, editor, section, accepted, key, base):
    client.force_login(editor)
    response = insert(client, section, accepted, key=key, base_version=base)
    section.refresh_from_db()
    message = (
        "The request was incomplete: reload the page and try again."
        if key == "" or base == "x"
        else "This question has no answer to insert."
    )
    assert (response.status_code, response.context["error"], section.version) == (400, message, 1)


# --- Permissions ---------------------------------------------------------------------------


def test_section_reports_anonymous_redirected_to_login(client, section):
    response = client.get(reports_url(section))
    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("login"))


@pytest.mark.parametrize("user", ["focal_a", "reviewer", "outsider", "other_member"])
def test_section_reports_forbidden_to_other_roles(client, section, accepted, user, request):
    client.force_login(request.getfixturevalue(user))
    assert client.get(reports_url(section)).status_code == 403


@pytest.mark.parametrize("user", ["focal_a", "reviewer", "outsider", "other_member"])
def test_report_incorporate_forbidden_to_other_roles(client, section, accepted, user, request):
    client.force_login(request.getfixturevalue(user))
    response = insert(client, section, accepted)
    section.refresh_from_db()
    assert (response.status_code, section.version) == (403, 1)


def test_report_incorporate_get_not_allowed(client, editor, section, accepted):
    client.force_login(editor)
    assert client.get(insert_url(section, accepted)).status_code == 405


@pytest.mark.parametrize("user", ["editor", "coordinator"])
def test_section_reports_lists_accepted_reports_with_insert_buttons(client, section, accepted, user, request):
    client.force_login(request.getfixturevalue(user))
    response = client.get(reports_url(section))
    content = response.content.decode()
    assert response.status_code == 200
    assert [(item.pk, [q.key for q, _p in item.passages]) for item in response.context["reports"]] == [
        (accepted.pk, ["progress", "headline", "partners"])
    ]
    assert content.count('name="question_key"') == 3
    assert "<p>Deaths fell by <strong>a third</strong>.</p>" in content


def test_section_reports_hides_reports_not_accepted(client, editor, section, accepted, review, ministry_b, goals):
    make_report(review, ministry_b, goals[2], status=ReportStatus.SUBMITTED)
    client.force_login(editor)
    response = client.get(reports_url(section))
    assert [item.pk for item in response.context["reports"]] == [accepted.pk]


def test_section_reports_assigned_other_editor_sees_no_buttons(client, editor, section, accepted, review):
    from reviews.tests.factories import MembershipFactory, UserFactory

    other = UserFactory(username="editor2")
    MembershipFactory(review=review, user=other, role="editor")
    section.editors.add(editor)
    client.force_login(other)
    response = client.get(reports_url(section))
    assert (response.status_code, response.content.decode().count('name="question_key"')) == (200, 0)


# --- Query budget ----------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 4], ids=["one-report", "four-reports"])
def test_section_reports_query_budget(client, editor, section, review, goals, django_assert_num_queries, count):
    for index in range(count):
        ministry = MinistryFactory(review=review, name=f"Ministry {index}")
        lead = make_report(review, ministry, goals[2], round=_round(review, index))
        answers_save(actor=editor, report=lead, values={"headline": f"Headline {index}", "progress": "<p>x</p>"})
        contributor = MinistryFactory(review=review, name=f"Division {index}")
        contribution = make_report(review, contributor, goals[2], lead_report=lead, round=lead.round)
        answers_save(actor=editor, report=contribution, values={"headline": f"Contribution {index}"})
        ProgressReport.objects.filter(pk__in=[lead.pk, contribution.pk]).update(status=ReportStatus.ACCEPTED)
    client.force_login(editor)
    client.get(reports_url(section))
    with django_assert_num_queries(12):
        response = client.get(reports_url(section))
    assert len(response.context["reports"]) == count


def _round(review, index):
    import datetime

    return ReportingRoundFactory(review=review, title=f"Round {index}", deadline=datetime.date(2027, 3, 1 + index))


def test_section_reports_insert_button_names_the_answer_without_a_space_before_the_colon(
    client, editor, section, accepted
):
    client.force_login(editor)
    response = client.get(reports_url(section))
    content = response.content.decode()
    question = response.context["reports"][0].passages[0][0]
    assert f'aria-label="Insert into the section: {question.text} ({accepted.ministry.name})"' in content
    assert "Insert into the section<" in content  # the visible text, which the name starts with
