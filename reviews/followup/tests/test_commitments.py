"""The commitments register: who may do what, the import's errors, focal points' updates,
reviewers' decisions, the roll-ups per goal and ministry, the roadmap, the exports."""

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.evidence.models import Series
from indicators.evidence.services.imports import ImportFile, evidence_import
from indicators.tests.factories import TargetFactory
from reviews.core.models import AuditEntry
from reviews.followup.models import Commitment, CommitmentUpdate, UpdateState
from reviews.followup.selectors.commitments import register, rollups
from reviews.followup.services.commitments import (
    commitment_create,
    commitment_update_decide,
    commitment_update_submit,
)

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def url(name, review, **kwargs):
    return reverse(f"reviews:{name}", kwargs={"pk": review.pk, **kwargs})


@pytest.fixture
def targets(goals):
    return {"3.4": TargetFactory(goal=goals[2], code="3.4"), "4.1": TargetFactory(goal=goals[3], code="4.1")}


@pytest.fixture
def health(review, coordinator, ministry_a, targets):
    return commitment_create(
        actor=coordinator,
        review=review,
        text="Cut premature deaths from non-communicable diseases",
        kind="commitment",
        targets=[targets["3.4"]],
        ministries=[ministry_a],
    )


@pytest.fixture
def schools(review, coordinator, ministry_b, targets):
    return commitment_create(
        actor=coordinator,
        review=review,
        text="Free secondary school for every child",
        kind="next_step",
        targets=[targets["4.1"]],
        ministries=[ministry_b],
    )


def _accepted(commitment, status, focal, reviewer, narrative=""):
    update = commitment_update_submit(actor=focal, commitment=commitment, status=status, narrative=narrative)
    return commitment_update_decide(actor=reviewer, update=update, accept=True)


# --- Permissions --------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "reviewer", "focal_a", "editor"])
def test_every_member_reads_the_overview_register_and_roadmap(client, review, health, role, request):
    client.force_login(request.getfixturevalue(role))
    for name in ("followup", "followup-commitments", "followup-roadmap"):
        response = client.get(url(name, review))
        assert response.status_code == 200, name
    assert "Cut premature deaths" in client.get(url("followup-commitments", review)).content.decode()


def test_an_outsider_reads_nothing(client, review, health, other_member):
    client.force_login(other_member)
    for name in ("followup", "followup-commitments", "followup-roadmap", "followup-commitments-export"):
        assert client.get(url(name, review)).status_code == 403, name
    assert client.get(url("followup-commitment", review, commitment_pk=health.pk)).status_code == 403


def test_coordinator_adds_a_commitment_and_a_reviewer_may_not(client, review, coordinator, reviewer, ministry_a, goals):
    data = {
        "text": "Publish a national SDG data portal",
        "kind": "next_step",
        "codes": "17",
        "ministries": [ministry_a.pk],
    }
    client.force_login(reviewer)
    assert client.post(url("followup-commitment-add", review), data).status_code == 403
    assert not Commitment.objects.exists()
    client.force_login(coordinator)
    response = client.post(url("followup-commitment-add", review), data)
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert commitment.source_review == review.previous_review
    assert [g.number for g in commitment.goals.all()] == [17]
    assert list(commitment.ministries.all()) == [ministry_a]
    assert AuditEntry.objects.filter(action="followup.commitment_created").exists()


def test_add_with_unknown_code_and_duplicate_text_says_so(client, review, coordinator, health, goals):
    client.force_login(coordinator)
    response = client.post(
        url("followup-commitment-add", review), {"text": "x", "kind": "commitment", "codes": "99, 3.99"}
    )
    assert response.status_code == 400
    assert "Unknown goal or target codes: 99, 3.99." in response.content.decode()
    response = client.post(url("followup-commitment-add", review), {"text": health.text.upper(), "kind": "commitment"})
    assert response.status_code == 400
    assert "This commitment is already in the register." in response.content.decode()
    assert Commitment.objects.count() == 1


def test_coordinator_edits_and_focal_point_may_not(client, review, coordinator, focal_a, health):
    data = {"text": "Halve premature deaths", "kind": "recommendation", "codes": "3.4"}
    client.force_login(focal_a)
    assert client.post(url("followup-commitment-edit", review, commitment_pk=health.pk), data).status_code == 403
    client.force_login(coordinator)
    assert client.post(url("followup-commitment-edit", review, commitment_pk=health.pk), data).status_code == 302
    health.refresh_from_db()
    assert (health.text, health.kind) == ("Halve premature deaths", "recommendation")


def test_the_record_of_a_past_review_takes_no_commitment(client, first_review, coordinator):
    from reviews.tests.factories import MembershipFactory

    MembershipFactory(review=first_review, user=coordinator, role="coordinator")
    client.force_login(coordinator)
    assert client.get(url("followup-commitment-add", first_review)).status_code == 403


# --- Focal points' updates and reviewers' decisions ---------------------------------


def test_focal_point_updates_their_ministrys_commitment(client, review, focal_a, health):
    client.force_login(focal_a)
    page = client.get(url("followup-commitment", review, commitment_pk=health.pk))
    assert 'id="update-form"' in page.content.decode()
    response = client.post(
        url("followup-commitment", review, commitment_pk=health.pk),
        {"status": "in_progress", "narrative": "A national plan adopted in 2022.", "links": "https://example.org/plan"},
    )
    assert response.status_code == 302
    update = CommitmentUpdate.objects.get()
    assert (update.status, update.state, update.submitted_by) == ("in_progress", UpdateState.SUBMITTED, focal_a)
    assert update.evidence_links == ["https://example.org/plan"]
    # Not accepted yet: the register shows no status.
    register_page = client.get(url("followup-commitments", review)).content.decode()
    assert "Not reported yet" in register_page
    assert "1 update to review" in register_page


def test_focal_point_of_another_ministry_gets_403(client, review, focal_b, health):
    client.force_login(focal_b)
    page = client.get(url("followup-commitment", review, commitment_pk=health.pk))
    assert page.status_code == 200 and 'id="update-form"' not in page.content.decode()
    response = client.post(url("followup-commitment", review, commitment_pk=health.pk), {"status": "done"})
    assert response.status_code == 403
    assert not CommitmentUpdate.objects.exists()


def test_focal_point_of_the_parent_ministry_updates_a_divisions_commitment(review, focal_a, ministry_a, coordinator):
    from reviews.tests.factories import MinistryFactory

    division = MinistryFactory(review=review, parent=ministry_a, name="Primary care division")
    commitment = commitment_create(
        actor=coordinator, review=review, text="Clinics in every district", kind="commitment", ministries=[division]
    )
    assert focal_a.has_perm("reviews.update_commitment", commitment)


def test_update_with_bad_input_is_refused_with_a_message(client, review, focal_a, health, schools):
    client.force_login(focal_a)
    target = url("followup-commitment", review, commitment_pk=health.pk)
    response = client.post(target, {"status": "replaced"})
    assert response.status_code == 400
    assert "Choose the commitment that replaces it." in response.content.decode()
    response = client.post(target, {"status": "done", "links": "javascript:alert(1)"})
    assert response.status_code == 400
    assert "is not a web address" in response.content.decode()
    response = client.post(target, {"status": "nonsense", "series": ["abc"], "replaced_by": "x"})
    assert response.status_code == 400
    assert not CommitmentUpdate.objects.exists()


def test_replaced_by_another_commitment_is_kept_and_shown(client, review, focal_a, reviewer, health, schools):
    client.force_login(focal_a)
    target = url("followup-commitment", review, commitment_pk=health.pk)
    response = client.post(target, {"status": "replaced", "replaced_by": health.pk})
    assert response.status_code == 400  # not by itself: the choices leave it out
    assert not CommitmentUpdate.objects.exists()
    response = client.post(target, {"status": "replaced", "replaced_by": schools.pk, "narrative": "Merged."})
    assert response.status_code == 302
    update = CommitmentUpdate.objects.get()
    assert (update.status, update.replaced_by) == ("replaced", schools)
    commitment_update_decide(actor=reviewer, update=update, accept=True)
    page = client.get(target).content.decode()
    assert f'href="{url("followup-commitment", review, commitment_pk=schools.pk)}"' in page
    register_page = client.get(url("followup-commitments", review)).content.decode()
    assert "Replaced" in register_page


def test_the_update_form_is_prefilled_with_the_latest_update(client, review, focal_a, reviewer, health):
    update = commitment_update_submit(
        actor=focal_a,
        commitment=health,
        status="in_progress",
        narrative="Half of the clinics screen for hypertension.",
        links=["https://example.org/screening"],
    )
    commitment_update_decide(actor=reviewer, update=update, accept=False, note="Give the figures.")
    client.force_login(focal_a)
    response = client.get(url("followup-commitment", review, commitment_pk=health.pk))
    form = response.context["form"]
    assert form["status"].value() == "in_progress"
    assert form["narrative"].value() == "Half of the clinics screen for hypertension."
    assert form["links"].value() == "https://example.org/screening"
    page = response.content.decode()
    assert '<option value="in_progress" selected>' in page
    assert "Half of the clinics screen for hypertension.</textarea>" in page


def test_update_with_a_series_stores_its_natural_key(client, review, focal_a, health):
    evidence_import(
        country="AUR", files=[ImportFile(name="indicator_3-4-1.csv", data=b"Year,Value\n2019,20\n2024,17\n")]
    )
    series = Series.objects.get(country="AUR")
    client.force_login(focal_a)
    response = client.post(
        url("followup-commitment", review, commitment_pk=health.pk), {"status": "done", "series": [series.pk]}
    )
    assert response.status_code == 302
    assert CommitmentUpdate.objects.get().evidence_series == [
        {"indicator": "3.4.1", "series": series.code, "unit": series.unit, "unit_multiplier": series.unit_multiplier}
    ]


def test_reviewer_accepts_and_the_register_shows_it(client, review, focal_a, reviewer, health):
    update = commitment_update_submit(actor=focal_a, commitment=health, status="done", narrative="Target met")
    client.force_login(focal_a)
    decide = url("followup-update-decide", review, update_pk=update.pk)
    assert client.post(decide, {"decision": "accept"}).status_code == 403
    client.force_login(reviewer)
    response = client.post(decide, {"decision": "accept"})
    assert response.status_code == 302
    update.refresh_from_db()
    assert (update.state, update.decided_by) == (UpdateState.ACCEPTED, reviewer)
    page = client.get(url("followup-commitments", review)).content.decode()
    assert 'status-done">Done</span>' in page
    # Decided once: a second decision changes nothing.
    client.post(decide, {"decision": "return", "note": "again"})
    update.refresh_from_db()
    assert update.state == UpdateState.ACCEPTED
    assert AuditEntry.objects.filter(action="followup.update_accepted").count() == 1


def test_returned_update_needs_a_note_and_does_not_show(client, review, focal_a, reviewer, health):
    update = commitment_update_submit(actor=focal_a, commitment=health, status="done")
    client.force_login(reviewer)
    decide = url("followup-update-decide", review, update_pk=update.pk)
    client.post(decide, {"decision": "return"})
    update.refresh_from_db()
    assert update.state == UpdateState.SUBMITTED
    client.post(decide, {"decision": "return", "note": "Which law?"})
    update.refresh_from_db()
    assert update.state == UpdateState.RETURNED
    assert "Not reported yet" in client.get(url("followup-commitments", review)).content.decode()


def test_the_latest_accepted_update_is_what_shows(review, focal_a, reviewer, health):
    _accepted(health, "in_progress", focal_a, reviewer)
    _accepted(health, "done", focal_a, reviewer)
    commitment_update_submit(actor=focal_a, commitment=health, status="dropped")
    [shown] = register(review)
    assert shown.current_status == "done" and shown.current_update.status == "done"
    assert CommitmentUpdate.objects.filter(commitment=health).count() == 3


def test_frozen_review_takes_no_update(review, focal_a, reviewer, health):
    from django.utils import timezone

    review.frozen_at = timezone.now()
    review.save()
    health.review = review
    assert not focal_a.has_perm("reviews.update_commitment", health)
    assert not reviewer.has_perm("reviews.decide_commitment_update", health)


def test_bad_ids_are_404(client, review, coordinator, other_review, health):
    from reviews.tests.factories import MinistryFactory

    elsewhere = commitment_create(
        actor=coordinator,
        review=other_review,
        text="Elsewhere",
        kind="commitment",
        ministries=[MinistryFactory(review=other_review)],
    )
    client.force_login(coordinator)
    assert client.get(url("followup-commitment", review, commitment_pk=elsewhere.pk)).status_code == 404
    assert client.get(url("followup-commitment", review, commitment_pk=999999)).status_code == 404
    assert client.get(url("followup-commitment-edit", review, commitment_pk=999999)).status_code == 404
    assert (
        client.post(url("followup-update-decide", review, update_pk=999999), {"decision": "accept"}).status_code == 404
    )
    response = client.get(url("followup-commitments", review) + "?goal=abc&ministry=-1&status=<x>")
    assert response.status_code == 200 and health.text in response.content.decode()


# --- Import ---------------------------------------------------------------------------


def test_import_one_a_line_skips_empty_lines(client, review, coordinator):
    client.force_login(coordinator)
    response = client.post(url("followup-commitments-import", review), {"lines": "First step\n\n  \nSecond step\n"})
    assert response.status_code == 302
    assert list(Commitment.objects.values_list("text", flat=True)) == ["First step", "Second step"]


@pytest.mark.parametrize(("lines", "message"), [("Only step", "1 commitment added."), ("A\nB", "2 commitments added.")])
def test_import_says_how_many_in_the_singular_or_plural(client, review, coordinator, lines, message):
    client.force_login(coordinator)
    response = client.post(url("followup-commitments-import", review), {"lines": lines}, follow=True)
    assert message in response.content.decode()
    summary = AuditEntry.objects.get(review=review, action="followup.commitments_imported").summary
    assert summary == message.replace("added.", "imported")


def test_import_csv_errors_by_row_and_column_and_nothing_added(
    client, review, coordinator, ministry_a, health, targets
):
    content = (
        "text,kind,goals/targets,ministries\n"
        "Good one,recommendation,3.4,MOH\n"
        "Unknown codes,commitment,3.99; 42,\n"
        ",,,\n"
        "Good one,commitment,,\n"
        f"{health.text},commitment,,\n"
        "Bad ministry,commitment,3,Ministry of Magic\n"
        "Bad kind,wish,,\n"
    )
    client.force_login(coordinator)
    upload = SimpleUploadedFile("commitments.csv", content.encode(), content_type="text/csv")
    response = client.post(url("followup-commitments-import", review), {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "<tr><td>3</td><td>goals/targets</td><td><bdi>Unknown goal or target codes: 3.99, 42.</bdi></td></tr>" in page
    )
    assert "<tr><td>5</td><td>text</td><td><bdi>The same text as row 2.</bdi></td></tr>" in page
    assert "<tr><td>6</td><td>text</td><td><bdi>This commitment is already in the register.</bdi></td></tr>" in page
    assert "<td>7</td><td>ministries</td><td><bdi>Unknown ministry “Ministry of Magic”.</bdi>" in page
    assert "<td>8</td><td>kind</td>" in page
    assert "<td>4</td>" not in page  # the empty line is skipped, not an error
    assert Commitment.objects.count() == 1


def test_import_csv_keeps_formula_text_as_text_and_exports_it_safely(client, review, coordinator, ministry_a, goals):
    import json
    from pathlib import Path

    formulas = json.loads(Path("/work/shared/data/security/hostile-inputs.json").read_text(encoding="utf-8"))[
        "csv_formula"
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["text", "kind", "goals/targets", "ministries"])
    writer.writerows([formula, "commitment", "3", "MOH"] for formula in formulas)
    client.force_login(coordinator)
    upload = SimpleUploadedFile("commitments.csv", buffer.getvalue().encode(), content_type="text/csv")
    assert client.post(url("followup-commitments-import", review), {"file": upload}).status_code == 302
    assert sorted(Commitment.objects.values_list("text", flat=True)) == sorted(f.strip() for f in formulas)
    rows = list(csv.reader(io.StringIO(client.get(url("followup-commitments-export", review)).content.decode())))
    assert sorted(row[0] for row in rows[1:]) == sorted("'" + f.strip() for f in formulas)
    page = client.get(url("followup-commitments", review)).content.decode()
    assert "=cmd|&#x27; /C calc&#x27;!A0" in page


def test_import_xlsx_keeps_formula_text_and_exports_it_safely(client, review, coordinator, ministry_a, targets):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["text", "kind", "goals/targets", "ministries"])
    sheet.append(['=HYPERLINK("http://evil")', "commitment", "3.4", "Ministry of Health"])
    sheet.append(["Plain one", "next step", "4", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(coordinator)
    upload = SimpleUploadedFile("c.xlsx", buffer.getvalue())
    assert client.post(url("followup-commitments-import", review), {"file": upload}).status_code == 302
    formula = Commitment.objects.get(text__startswith="=")
    assert formula.text == '=HYPERLINK("http://evil")'
    assert [t.code for t in formula.targets.all()] == ["3.4"] and [g.number for g in formula.goals.all()] == [3]
    assert Commitment.objects.get(text="Plain one").kind == "next_step"
    rows = list(csv.reader(io.StringIO(client.get(url("followup-commitments-export", review)).content.decode())))
    assert rows[1][0] == '\'=HYPERLINK("http://evil")'
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(url("followup-commitments-export", review) + "?format=xlsx").content)
    ).active
    assert sheet["A2"].value == '\'=HYPERLINK("http://evil")'


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("c.xlsx", b"PK\x03\x04 not a zip", "The file is damaged or is not an Excel (.xlsx) workbook."),
        ("c.csv", b"\xff\xfe\x00bad", "The file is not UTF-8 text"),
        (
            "c.csv",
            b"subject,body\nx,y\n",
            "The first row must name the columns: text, kind, goals/targets, ministries.",
        ),
        ("c.csv", b"", "The submitted file is empty."),
    ],
)
def test_import_bad_files_say_so(client, review, coordinator, name, data, message):
    client.force_login(coordinator)
    response = client.post(url("followup-commitments-import", review), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Commitment.objects.exists()


def test_import_nothing_given(client, review, coordinator):
    client.force_login(coordinator)
    response = client.post(url("followup-commitments-import", review), {"lines": ""})
    assert response.status_code == 400
    assert "Type the commitments or choose a file." in response.content.decode()


# --- Roll-ups and roadmap -----------------------------------------------------------------


def test_rollups_per_goal_and_ministry(
    review, coordinator, focal_a, focal_b, reviewer, health, schools, ministry_a, targets
):
    both = commitment_create(
        actor=coordinator,
        review=review,
        text="School meals",
        kind="commitment",
        targets=[targets["3.4"], targets["4.1"]],
        ministries=[ministry_a],
    )
    _accepted(health, "done", focal_a, reviewer)
    _accepted(both, "in_progress", focal_a, reviewer)
    commitment_update_submit(actor=focal_b, commitment=schools, status="done")  # not accepted
    result = rollups(register(review))
    assert dict(result["total"].counts) == {"done": 1, "in_progress": 1, "unreported": 1}
    goals = {r.key: dict(r.counts) for r in result["goals"]}
    assert goals == {3: {"done": 1, "in_progress": 1}, 4: {"unreported": 1, "in_progress": 1}}
    ministries = {r.label: dict(r.counts) for r in result["ministries"]}
    assert ministries == {
        "Ministry of Health": {"done": 1, "in_progress": 1},
        "Ministry of Education": {"unreported": 1},
    }


def test_overview_shows_the_counts(client, review, coordinator, focal_a, reviewer, health, schools):
    _accepted(health, "done", focal_a, reviewer)
    client.force_login(coordinator)
    page = client.get(url("followup", review)).content.decode()
    assert "2 commitments." in page
    assert f'data-status="done"><a href="/reviews/{review.pk}/followup/commitments/?status=done">Done: 1</a>' in page
    assert 'id="goal-rollup"' in page and 'id="ministry-rollup"' in page


def test_register_filters(client, review, coordinator, focal_a, reviewer, health, schools, ministry_b):
    _accepted(health, "done", focal_a, reviewer)
    client.force_login(coordinator)
    base = url("followup-commitments", review)
    assert schools.text not in client.get(base + "?status=done").content.decode()
    assert health.text not in client.get(base + "?status=unreported").content.decode()
    page = client.get(base + f"?ministry={ministry_b.pk}").content.decode()
    assert schools.text in page and health.text not in page
    page = client.get(base + "?goal=3").content.decode()
    assert health.text in page and schools.text not in page


def test_roadmap_shows_years_between_the_reviews_and_status_changes(
    client, review, focal_a, reviewer, health, schools, ministry_b
):
    _accepted(health, "in_progress", focal_a, reviewer, narrative="Plan adopted")
    _accepted(health, "in_progress", focal_a, reviewer, narrative="Clinics opened")
    client.force_login(reviewer)
    page = client.get(url("followup-roadmap", review)).content.decode()
    for year in range(2019, 2028):
        assert f'id="year-{year}"' in page
    assert page.count("now In progress") == 1 and page.count("still In progress") == 1
    assert "Clinics opened" in page
    page = client.get(url("followup-roadmap", review) + f"?ministry={ministry_b.pk}").content.decode()
    assert "Clinics opened" not in page


def test_roadmap_filters_by_goal_and_ignores_a_bad_value(client, review, focal_a, focal_b, reviewer, health, schools):
    _accepted(health, "in_progress", focal_a, reviewer, narrative="Clinics opened")
    _accepted(schools, "done", focal_b, reviewer, narrative="Fees abolished")
    client.force_login(reviewer)
    page = client.get(url("followup-roadmap", review) + "?goal=3").content.decode()
    assert "Clinics opened" in page and "Fees abolished" not in page
    page = client.get(url("followup-roadmap", review) + "?goal=4").content.decode()
    assert "Fees abolished" in page and "Clinics opened" not in page
    response = client.get(url("followup-roadmap", review) + "?goal=99&ministry=abc")
    assert response.status_code == 200
    assert "Clinics opened" in response.content.decode() and "Fees abolished" in response.content.decode()


# --- Query budgets --------------------------------------------------------------------------


def _many(review, coordinator, focal, reviewer, ministries, targets, count):
    from reviews.followup.models import Commitment as C

    made = C.objects.bulk_create(
        [
            C(review=review, source_review=review.previous_review, text=f"Commitment {n}", position=n)
            for n in range(count)
        ]
    )
    C.ministries.through.objects.bulk_create(
        [C.ministries.through(commitment=c, ministry=ministries[n % 2]) for n, c in enumerate(made)]
    )
    C.targets.through.objects.bulk_create([C.targets.through(commitment=c, target=targets["3.4"]) for c in made])
    C.goals.through.objects.bulk_create([C.goals.through(commitment=c, goal=targets["3.4"].goal) for c in made])
    for c in made[::3]:
        _accepted(c, "done", coordinator, reviewer, narrative="ok")
    return made


# The session and user, the memberships, the review (with its first VNR), then the page's own reads: the
# register's filter choices (goals, ministries), the commitments with their accepted
# status, their goals, targets and ministries, then on the register the accepted updates'
# documents, elsewhere the accepted updates.
# The overview: one more for the order of the reviews (how its headings name them).
BUDGETS = {"followup-commitments": 11, "followup-roadmap": 8, "followup": 10}


@pytest.mark.parametrize("name", list(BUDGETS))
@pytest.mark.parametrize("total", [10, 300])
def test_query_budget_with_10_and_300_commitments(
    client, review, coordinator, reviewer, ministry_a, ministry_b, targets, django_assert_num_queries, name, total
):
    client.force_login(coordinator)
    _many(review, coordinator, None, reviewer, [ministry_a, ministry_b], targets, total)
    target = url(name, review) + ("?goal=3" if name != "followup" else "")
    with django_assert_num_queries(BUDGETS[name]):
        response = client.get(target)
    assert response.status_code == 200
    page = response.content.decode()
    if name == "followup-commitments":
        assert page.count('<tr id="commitment-') == total
    elif name == "followup-roadmap":
        assert page.count('class="event') == len(range(0, total, 3))
    else:
        assert f"{total} commitments." in page


# --- My tasks, records ----------------------------------------------------------------------


def test_reviewer_has_submitted_updates_in_my_tasks_focal_point_not(review, focal_a, reviewer, health, schools):
    from django.utils import timezone

    from reviews.core.my_tasks import task_groups_for_user

    commitment_update_submit(actor=focal_a, commitment=health, status="done")
    decided = commitment_update_submit(actor=focal_a, commitment=schools, status="done")
    commitment_update_decide(actor=reviewer, update=decided, accept=True)
    groups = {group.key: group for group in task_groups_for_user(reviewer, today=timezone.localdate())}
    assert [item.url for item in groups["commitment-updates"].items] == [
        url("followup-commitment", review, commitment_pk=health.pk)
    ]
    assert "commitment-updates" not in {
        group.key for group in task_groups_for_user(focal_a, today=timezone.localdate())
    }


def test_commitments_of_a_record_are_not_updated_nor_decided(review, first_review, coordinator):
    from reviews.tests.factories import MembershipFactory

    MembershipFactory(review=first_review, user=coordinator, role="coordinator")
    kept = Commitment.objects.create(review=first_review, text="Kept as it was")
    followed = Commitment.objects.create(review=review, text="Followed up")
    assert coordinator.has_perm("reviews.update_commitment", followed)
    assert coordinator.has_perm("reviews.decide_commitment_update", followed)
    assert not coordinator.has_perm("reviews.update_commitment", kept)
    assert not coordinator.has_perm("reviews.decide_commitment_update", kept)


def test_services_refuse_an_unknown_kind_and_another_reviews_ministry(review, coordinator, other_review):
    from django.core.exceptions import ValidationError

    from reviews.tests.factories import MinistryFactory

    with pytest.raises(ValidationError, match="Choose next step, recommendation or commitment."):
        commitment_create(actor=coordinator, review=review, text="A wish", kind="wish")
    with pytest.raises(ValidationError, match="Choose ministries of this review."):
        commitment_create(
            actor=coordinator,
            review=review,
            text="Elsewhere",
            kind="commitment",
            ministries=[MinistryFactory(review=other_review)],
        )
    assert not Commitment.objects.exists()


def test_update_cites_an_accepted_report_of_its_ministry_only(
    client, review, focal_a, health, ministry_a, ministry_b, goals
):
    from reviews.tests.factories import ProgressReportFactory

    accepted = ProgressReportFactory(review=review, ministry=ministry_a, goal=goals[2], status="accepted")
    draft = ProgressReportFactory(
        review=review, ministry=ministry_a, goal=goals[3], status="draft", round=accepted.round
    )
    other = ProgressReportFactory(
        review=review, ministry=ministry_b, goal=goals[3], status="accepted", round=accepted.round
    )
    client.force_login(focal_a)
    target = url("followup-commitment", review, commitment_pk=health.pk)
    page = client.get(target).content.decode()
    assert f'value="{accepted.pk}"' in page
    assert f'name="reports" value="{draft.pk}"' not in page and f'name="reports" value="{other.pk}"' not in page
    assert client.post(target, {"status": "done", "reports": [other.pk]}).status_code == 400
    assert client.post(target, {"status": "done", "reports": [accepted.pk]}).status_code == 302
    [update] = CommitmentUpdate.objects.all()
    assert update.evidence_reports == [{"id": accepted.pk, "label": f"{accepted.round.title}: MOH on goal 3"}]
    assert f"{accepted.round.title}: MOH on goal 3" in client.get(target).content.decode()


@pytest.mark.parametrize("updates", [1, 20])
def test_commitment_page_query_budget(client, review, focal_a, reviewer, health, updates, django_assert_num_queries):
    for n in range(updates):
        _accepted(health, "in_progress", focal_a, reviewer, narrative=f"Step {n}")
    client.force_login(focal_a)
    # Session, user, memberships, review; the commitment and its ministries, goals,
    # targets; the history and its documents; the form's choices (commitments, series,
    # accepted reports).
    with django_assert_num_queries(13):
        response = client.get(url("followup-commitment", review, commitment_pk=health.pk))
    assert response.content.decode().count('class="state-accepted"') == updates


# --- The register's rows (built in Python, issue 17) ------------------------------------------

HOSTILE_HTML = json.loads(Path("/work/shared/data/security/hostile-inputs.json").read_text(encoding="utf-8"))[
    "xss_html"
]


def test_register_rows_show_each_status_as_the_status_template_does(
    client, review, coordinator, focal_a, reviewer, health, schools
):
    from django.template.loader import render_to_string

    from reviews.followup.models import CommitmentStatus
    from reviews.followup.selectors.commitments import register_rows

    client.force_login(coordinator)
    base = url("followup-commitments", review)
    unreported = render_to_string("reviews/followup/_status.html", {"update": None}).strip()
    assert unreported in client.get(base).content.decode()
    for status in set(CommitmentStatus.values) - {CommitmentStatus.REPLACED}:
        update = _accepted(health, status, focal_a, reviewer)
        page = client.get(base).content.decode()
        assert render_to_string("reviews/followup/_status.html", {"update": update}).strip() in page, status
        [row] = [row for row in register_rows(review) if row.pk == health.pk]
        [commitment] = [c for c in register(review) if c.pk == health.pk]
        assert (row.status, row.kind) == (commitment.current_update.status, commitment.get_kind_display())
        assert row.goals_and_targets == "3 · 3.4" and row.ministries == [m.label for m in commitment.ministries.all()]


@pytest.mark.parametrize("text", HOSTILE_HTML)
def test_a_hostile_commitment_text_is_shown_escaped(client, review, coordinator, focal_a, reviewer, text):
    from django.utils.html import escape

    commitment = commitment_create(actor=coordinator, review=review, text=text, kind="commitment")
    _accepted(commitment, "done", focal_a, reviewer, narrative=text)
    client.force_login(coordinator)
    for name in ("followup-commitments", "followup-roadmap"):
        page = client.get(url(name, review)).content.decode()
        assert escape(text)[:100] in page, name
        if "<" in text:
            assert text not in page, name


def test_roadmap_dates_and_links_are_the_template_filters(client, review, focal_a, reviewer, health, schools):
    from django.template import Context, Template

    updates = [_accepted(health, "in_progress", focal_a, reviewer), _accepted(schools, "done", focal_a, reviewer)]
    client.force_login(reviewer)
    page = client.get(url("followup-roadmap", review)).content.decode()
    old = Template(
        '<time datetime="{{ update.decided_at|date:\'c\' }}">{{ update.decided_at|date:"DATE_FORMAT" }}</time>:\n'
        "        <a href=\"{% url 'reviews:followup-commitment' review.pk update.commitment_id %}\">"
    )
    for update in updates:
        assert old.render(Context({"update": update, "review": review})) in page


def test_register_rows_are_the_register(review, coordinator, focal_a, reviewer, health, schools, ministry_b):
    from reviews.followup.selectors.commitments import UNREPORTED, register_rows

    _accepted(health, "in_progress", focal_a, reviewer)
    _accepted(health, "done", focal_a, reviewer)
    commitment_update_submit(actor=focal_a, commitment=health, status="dropped", narrative="")
    commitment_update_submit(actor=focal_a, commitment=health, status="done", narrative="again")
    commitment_update_submit(actor=focal_a, commitment=schools, status="not_started", narrative="")
    filters = [{}, {"goal": 3}, {"goal": 4}, {"ministry": ministry_b.pk}, {"goal": 9}]
    filters += [{"status": status} for status in ("done", "in_progress", "not_started", UNREPORTED)]
    for given in filters:
        rows, commitments = register_rows(review, **given), register(review, **given)
        assert [row.pk for row in rows] == [c.pk for c in commitments], given
        for row, commitment in zip(rows, commitments, strict=True):
            assert row.status == (commitment.current_status or UNREPORTED), given
            assert row.pending == commitment.pending, given
    [row] = register_rows(review, status="done")
    assert (row.pk, row.pending) == (health.pk, 2)
