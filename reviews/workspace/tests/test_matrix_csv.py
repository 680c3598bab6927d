import csv
import io

import cssselect2
import pytest
import tinyhtml5
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews.models import AuditEntry, GoalAssignment
from reviews.tests.factories import CountryFactory, MinistryFactory, ReviewFactory
from reviews.workspace.services.matrix import matrix_apply
from vnr_portal.common.text import one_line

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

FORMULAS = [
    '=HYPERLINK("http://example.invalid","click")',
    "+1+1",
    "-2+3",
    "@SUM(1+1)",
    "=cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def state(review) -> dict:
    rows = GoalAssignment.objects.filter(review=review).values_list("ministry__name", "goal__number", "role")
    return {(name, number): role for name, number, role in rows}


def export(client, review):
    return client.get(reverse("reviews:matrix-csv", args=[review.pk]))


def upload(client, review, content, name="matrix.csv", follow=False):
    data = content.encode() if isinstance(content, str) else content
    return client.post(
        reverse("reviews:matrix-import", args=[review.pk]),
        {"file": SimpleUploadedFile(name, data, content_type="text/csv")},
        follow=follow,
    )


def parse(response):
    return cssselect2.ElementWrapper.from_html_root(tinyhtml5.parse(response.content.decode()))


def file_errors(response) -> list[str]:
    page = parse(response)
    return [" ".join("".join(e.etree_element.itertext()).split()) for e in page.query_all("#id_file_error strong")]


# --- Export ----------------------------------------------------------------------------


def test_matrix_csv_has_one_row_per_assignment(client, focal_a, review, ministry_a, ministry_b, health_leads_3):
    matrix_apply(actor=focal_a, review=review, cells={(ministry_b.pk, 4): "co_lead"})
    client.force_login(focal_a)
    response = export(client, review)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="role-matrix-aurelia-2027.csv"'
    assert response.content.decode("utf-8") == (
        "ministry,goal,role\r\n"
        "Ministry of Education,3,associate\r\n"
        "Ministry of Education,4,co_lead\r\n"
        "Ministry of Health,3,lead\r\n"
    )


def test_matrix_csv_filename_carries_a_non_ascii_country(client, superuser, goals):
    review = ReviewFactory(country=CountryFactory(name="Côte d’Ivoire", iso3="CIV"), hlpf_year=2026)
    client.force_login(superuser)
    response = export(client, review)
    assert response["Content-Disposition"] == ("attachment; filename*=utf-8''role-matrix-c%C3%B4te-divoire-2026.csv")


@pytest.mark.parametrize("name", FORMULAS)
def test_matrix_csv_neutralises_formulas_in_ministry_names(client, coordinator, review, goals, name):
    ministry = MinistryFactory(review=review, name=name)
    matrix_apply(actor=coordinator, review=review, cells={(ministry.pk, 1): "lead"})
    client.force_login(coordinator)
    rows = list(csv.reader(io.StringIO(export(client, review).content.decode(), newline="")))
    # The name is stored on one line (a leading tab or CR goes), then neutralised.
    assert rows == [["ministry", "goal", "role"], ["'" + one_line(name), "1", "lead"]]


@pytest.mark.parametrize("count", [2, 12], ids=["2-ministries", "12-ministries"])
def test_matrix_csv_query_budget(client, coordinator, review, goals, count, django_assert_num_queries):
    ministries = [MinistryFactory(review=review) for _ in range(count)]
    matrix_apply(
        actor=coordinator, review=review, cells={(m.pk, goal.number): "associate" for m in ministries for goal in goals}
    )
    client.force_login(coordinator)
    with django_assert_num_queries(7):
        response = export(client, review)
    assert len(response.content.decode().splitlines()) == 1 + 17 * count


# --- Import ----------------------------------------------------------------------------


def test_matrix_import_replaces_the_whole_matrix(client, coordinator, review, ministry_a, ministry_b, health_leads_3):
    client.force_login(coordinator)
    response = upload(
        client,
        review,
        "ministry,goal,role\nMinistry of Education,3,lead\nMinistry of Health,4,associate\n",
        follow=True,
    )
    assert response.redirect_chain == [(reverse("reviews:matrix", args=[review.pk]), 302)]
    assert state(review) == {("Ministry of Education", 3): "lead", ("Ministry of Health", 4): "associate"}
    page = parse(response)
    messages = [" ".join("".join(e.etree_element.itertext()).split()) for e in page.query_all("#messages .alert")]
    assert messages[0] == "Role matrix imported: 3 changes."
    assert messages[1].startswith("Each goal needs one lead. Goals still without a lead: 1, 2, 4, 5,")
    entry = AuditEntry.objects.get(action="matrix.import")
    assert (entry.actor, entry.data["file"]) == (coordinator, "matrix.csv")


def test_matrix_import_accepts_acronyms_any_case_roles_a_bom_and_crlf(
    client, coordinator, review, goals, ministry_a, ministry_b
):
    client.force_login(coordinator)
    content = (
        "\ufeffMinistry , Goal , Role\r\nMOH,3,LEAD\r\n\r\nMOE, 3 ,Co-Lead\r\n"
        "MOE,4,co_lead\r\n Ministry of Health ,5,Associate\r\n"
    )
    upload(client, review, content.encode("utf-8"))
    assert state(review) == {
        ("Ministry of Health", 3): "lead",
        ("Ministry of Education", 3): "co_lead",
        ("Ministry of Education", 4): "co_lead",
        ("Ministry of Health", 5): "associate",
    }


def test_matrix_import_takes_back_its_own_export(client, coordinator, review, goals, ministry_a):
    formula = MinistryFactory(review=review, name="=Ministry of Finance", acronym="")
    matrix_apply(actor=coordinator, review=review, cells={(formula.pk, 8): "lead", (ministry_a.pk, 3): "co_lead"})
    client.force_login(coordinator)
    before = state(review)
    exported = export(client, review).content
    GoalAssignment.objects.all().delete()
    upload(client, review, exported)
    assert state(review) == before


def test_matrix_import_lists_every_bad_row_with_its_line_and_applies_nothing(
    client, coordinator, review, ministry_a, ministry_b, health_leads_3
):
    client.force_login(coordinator)
    content = "\n".join(
        [
            "ministry,goal,role",
            "Ministry of Health,3,lead",
            "Ministry of Nowhere,3,associate",
            "MOE,18,lead",
            "MOE,4,boss",
            "Ministry of Health,3,associate",
            "MOE,3,lead",
            ",5,lead",
            "MOE,,lead",
            "MOE,6,",
            'MOE,7,"associate',
            '"',
            "Ministry of Health,7,lead",
            "MOE,7,lead",
        ]
    )
    response = upload(client, review, content)
    assert response.status_code == 200
    assert file_errors(response) == [
        "Line 3: there is no ministry “Ministry of Nowhere” in this review (use its exact name or acronym).",
        "Line 4: “18” is not a goal: use a number from 1 to 17.",
        "Line 5: “boss” is not a role: use lead, co-lead or associate.",
        "Line 6: Ministry of Health already has a role for goal 3 on line 2.",
        "Line 7: Goal 3 already has a lead on line 2 (Ministry of Health); a goal has one lead.",
        "Line 8: the ministry is empty.",
        "Line 9: the goal is empty.",
        "Line 10: the role is empty.",
        "Line 14: Ministry of Education already has a role for goal 7 on line 11.",
    ]
    assert state(review) == {("Ministry of Health", 3): "lead", ("Ministry of Education", 3): "associate"}
    assert AuditEntry.objects.filter(action="matrix.import").count() == 0


def test_matrix_import_lists_fifty_problems_and_counts_the_rest(client, coordinator, review, goals, ministry_a):
    client.force_login(coordinator)
    content = "ministry,goal,role\n" + "".join(f"Nowhere {n},1,lead\n" for n in range(60))
    errors = file_errors(upload(client, review, content))
    assert (len(errors), errors[0], errors[-1]) == (
        51,
        "Line 2: there is no ministry “Nowhere 0” in this review (use its exact name or acronym).",
        "…and 10 more problems.",
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"  \r\n\r\n", "The file is empty."),
        (
            "ministry,goal,role\nMinistère de la Santé,3,lead\n".encode("cp1252"),
            "The file is not UTF-8 text. Save it as “CSV UTF-8 (comma-delimited)” and upload it again.",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "The file is not UTF-8 text. Save it as “CSV UTF-8 (comma-delimited)” and upload it again.",
        ),
        (b"ministry,goal,role\nMOH\x00,3,lead\n", "This is not a CSV file: it contains binary data."),
        (
            b"Ministry of Health,3,lead\n",
            "The first line must be the header “ministry,goal,role”; found “Ministry of Health,3,lead”.",
        ),
        (
            b"ministry;goal;role\nMOH;3;lead\n",
            "The first line must be the header “ministry,goal,role”; found “ministry;goal;role”. "
            "Separate the columns with commas, not semicolons or tabs.",
        ),
        (
            b"ministry,goal,role\n\n",
            "The file has no rows under its header. To clear the matrix, use the editor instead.",
        ),
        (
            b'ministry,goal,role\n"' + b"x" * 140_000 + b'",3,lead\n',
            "This is not a valid CSV file: field larger than field limit (131072).",
        ),
        (b"ministry,goal,role\n" + b"MOH,3,lead\n" * 100_000, "The file is too large: at most 1 MB."),
    ],
    ids=[
        "empty",
        "blank",
        "latin-1",
        "png",
        "nul-bytes",
        "no-header",
        "semicolons",
        "header-only",
        "huge-field",
        "too-large",
    ],
)
def test_matrix_import_refuses_a_bad_file_at_the_field(
    client, coordinator, review, ministry_a, health_leads_3, content, message
):
    client.force_login(coordinator)
    response = upload(client, review, content)
    assert response.status_code == 200
    assert file_errors(response) == [message]
    assert state(review) == {("Ministry of Health", 3): "lead", ("Ministry of Education", 3): "associate"}


def test_matrix_import_without_a_file_asks_for_one(client, coordinator, review, goals):
    client.force_login(coordinator)
    response = client.post(reverse("reviews:matrix-import", args=[review.pk]), {})
    assert file_errors(response) == ["Choose a CSV file to upload."]


@pytest.mark.parametrize("value", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\u202eevil\u202c"])
def test_matrix_import_quotes_hostile_values_back_as_text(client, coordinator, review, goals, ministry_a, value):
    client.force_login(coordinator)
    response = upload(client, review, f"ministry,goal,role\n{value},3,{value}\n")
    assert file_errors(response) == [
        f"Line 2: there is no ministry “{value}” in this review (use its exact name or acronym).",
        f"Line 2: “{value}” is not a role: use lead, co-lead or associate.",
    ]
    assert list(parse(response).query_all("main script, main img")) == []


def test_matrix_import_page_says_the_file_replaces_the_matrix(client, coordinator, review, goals):
    client.force_login(coordinator)
    page = parse(client.get(reverse("reviews:matrix-import", args=[review.pk])))
    warning = " ".join("".join(next(page.query_all(".alert-warning strong")).etree_element.itertext()).split())
    assert warning == "The file replaces the whole matrix."
    assert [label.etree_element.get("for") for label in page.query_all("main form label")] == ["id_file"]
