import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from reviews.models import AuditEntry, GoalAssignment
from reviews.tests.factories import GoalAssignmentFactory, MinistryFactory
from reviews.workspace.selectors.matrix import goal_list_without_lead, matrix_get
from reviews.workspace.services import matrix as matrix_services
from reviews.workspace.services.matrix import matrix_apply, matrix_import

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def state(review) -> dict:
    """The review's matrix as {(ministry name, goal number): role}."""
    rows = GoalAssignment.objects.filter(review=review).values_list("ministry__name", "goal__number", "role")
    return {(name, number): role for name, number, role in rows}


@pytest.fixture
def health_leads_3(coordinator, review, goals, ministry_a, ministry_b):
    """Health leads goal 3 with Education associated; Education leads goal 4."""
    matrix_apply(
        actor=coordinator,
        review=review,
        cells={(ministry_a.pk, 3): "lead", (ministry_b.pk, 3): "associate", (ministry_b.pk, 4): "lead"},
    )


def test_matrix_apply_sets_roles(coordinator, review, goals, ministry_a, ministry_b):
    matrix_apply(
        actor=coordinator,
        review=review,
        cells={(ministry_a.pk, 3): "lead", (ministry_b.pk, 3): "co_lead", (ministry_b.pk, 5): "associate"},
    )
    assert state(review) == {
        ("Ministry of Health", 3): "lead",
        ("Ministry of Education", 3): "co_lead",
        ("Ministry of Education", 5): "associate",
    }


def test_matrix_apply_changes_and_removes_roles_leaving_other_cells(
    coordinator, review, ministry_a, ministry_b, health_leads_3
):
    matrix_apply(actor=coordinator, review=review, cells={(ministry_b.pk, 3): "co_lead", (ministry_b.pk, 4): None})
    assert state(review) == {("Ministry of Health", 3): "lead", ("Ministry of Education", 3): "co_lead"}


def test_matrix_apply_moves_the_lead_to_another_ministry_in_one_save(
    coordinator, review, ministry_a, ministry_b, health_leads_3
):
    """The database allows one lead per goal at any moment, so the old lead must go first."""
    matrix_apply(actor=coordinator, review=review, cells={(ministry_a.pk, 3): "co_lead", (ministry_b.pk, 3): "lead"})
    assert state(review) == {
        ("Ministry of Health", 3): "co_lead",
        ("Ministry of Education", 3): "lead",
        ("Ministry of Education", 4): "lead",
    }


def test_matrix_apply_refuses_a_second_lead_for_a_goal(coordinator, review, ministry_b, health_leads_3):
    with pytest.raises(ValidationError) as refused:
        matrix_apply(actor=coordinator, review=review, cells={(ministry_b.pk, 3): "lead"})
    assert refused.value.message_dict == {
        "goal_3": [
            "Goal 3 can have only one lead, but it is given to Ministry of Education, Ministry of Health. "
            "Keep one and make the others co-leads."
        ]
    }
    assert state(review)[("Ministry of Education", 3)] == "associate"


def test_matrix_apply_refuses_two_leads_set_in_one_save(coordinator, review, goals, ministry_a, ministry_b):
    with pytest.raises(ValidationError) as refused:
        matrix_apply(actor=coordinator, review=review, cells={(ministry_a.pk, 7): "lead", (ministry_b.pk, 7): "lead"})
    assert list(refused.value.message_dict) == ["goal_7"]
    assert state(review) == {}


def test_matrix_apply_refuses_a_ministry_of_another_review(coordinator, review, goals, ministry_a, other_review):
    foreign = MinistryFactory(review=other_review, name="Ministry of Borealis")
    with pytest.raises(ValidationError) as refused:
        matrix_apply(actor=coordinator, review=review, cells={(ministry_a.pk, 1): "lead", (foreign.pk, 2): "lead"})
    assert refused.value.message_dict == {
        NON_FIELD_ERRORS: [f"Ministry #{foreign.pk} is not part of this review (it may have been removed meanwhile)."]
    }
    assert GoalAssignment.objects.count() == 0


def test_matrix_apply_refuses_an_unknown_goal(coordinator, review, goals, ministry_a):
    with pytest.raises(ValidationError) as refused:
        matrix_apply(actor=coordinator, review=review, cells={(ministry_a.pk, 18): "lead"})
    assert refused.value.messages == ["There is no goal 18: goals are numbered 1 to 17."]


def test_matrix_apply_refuses_an_unknown_role(coordinator, review, goals, ministry_a):
    with pytest.raises(ValidationError) as refused:
        matrix_apply(actor=coordinator, review=review, cells={(ministry_a.pk, 1): "boss"})
    assert refused.value.messages == ["“boss” is not a role: use lead, co-lead or associate."]


def test_matrix_apply_failing_midway_leaves_the_earlier_state_intact(
    monkeypatch, coordinator, review, ministry_a, ministry_b, health_leads_3
):
    before = state(review)
    write_changes = matrix_services._write_changes

    def write_then_fail(**kwargs):
        write_changes(**kwargs)
        raise IntegrityError("simulated failure after the writes")

    monkeypatch.setattr(matrix_services, "_write_changes", write_then_fail)
    with pytest.raises(ValidationError) as refused:
        matrix_apply(
            actor=coordinator,
            review=review,
            cells={(ministry_a.pk, 3): None, (ministry_b.pk, 3): "lead", (ministry_a.pk, 9): "associate"},
        )
    assert refused.value.messages == [
        "Someone else changed the role matrix at the same moment. Reload the page and try again."
    ]
    assert state(review) == before
    assert AuditEntry.objects.filter(action="matrix.apply").count() == 1  # the fixture's save only


def test_matrix_apply_records_one_audit_entry_with_every_change(
    coordinator, review, ministry_a, ministry_b, health_leads_3
):
    matrix_apply(actor=coordinator, review=review, cells={(ministry_a.pk, 3): "co_lead", (ministry_b.pk, 3): "lead"})
    entry = AuditEntry.objects.filter(action="matrix.apply").first()
    assert (entry.actor, entry.review) == (coordinator, review)
    assert entry.summary == (
        "Role matrix saved: 2 changes. Ministry of Education — goal 3: Associate → Lead; "
        "Ministry of Health — goal 3: Lead → Co-lead"
    )
    assert entry.data == {
        "changes": [
            {
                "ministry": "Ministry of Education",
                "ministry_id": ministry_b.pk,
                "goal": 3,
                "old": "associate",
                "new": "lead",
            },
            {
                "ministry": "Ministry of Health",
                "ministry_id": ministry_a.pk,
                "goal": 3,
                "old": "lead",
                "new": "co_lead",
            },
        ]
    }


def test_matrix_apply_without_changes_records_nothing(coordinator, review, ministry_a, health_leads_3):
    result = matrix_apply(actor=coordinator, review=review, cells={(ministry_a.pk, 3): "lead"})
    assert result.changes == []
    assert AuditEntry.objects.filter(action="matrix.apply").count() == 1


def test_matrix_apply_reports_goals_left_without_a_lead(coordinator, review, goals, ministry_a):
    cells = {(ministry_a.pk, number): "lead" for number in range(1, 18) if number not in (3, 7)}
    result = matrix_apply(actor=coordinator, review=review, cells=cells)
    assert [goal.number for goal in result.goals_without_lead] == [3, 7]


def test_matrix_import_replaces_the_whole_matrix(coordinator, review, ministry_a, ministry_b, health_leads_3):
    result = matrix_import(
        actor=coordinator,
        review=review,
        cells={(ministry_b.pk, 3): "lead", (ministry_a.pk, 5): "associate"},
        filename="m.csv",
    )
    assert state(review) == {("Ministry of Education", 3): "lead", ("Ministry of Health", 5): "associate"}
    assert len(result.changes) == 4
    entry = AuditEntry.objects.get(action="matrix.import")
    assert entry.summary.startswith("Role matrix imported from m.csv: 4 changes.")
    assert entry.data["file"] == "m.csv"


def test_matrix_import_refuses_two_leads_and_keeps_the_matrix(
    coordinator, review, ministry_a, ministry_b, health_leads_3
):
    before = state(review)
    with pytest.raises(ValidationError):
        matrix_import(actor=coordinator, review=review, cells={(ministry_a.pk, 1): "lead", (ministry_b.pk, 1): "lead"})
    assert state(review) == before


def test_matrix_get_lists_divisions_below_their_ministry_with_roles(coordinator, review, goals, ministry_a, ministry_b):
    division = MinistryFactory(review=review, name="Division of Primary Care", parent=ministry_a)
    matrix_apply(actor=coordinator, review=review, cells={(division.pk, 3): "co_lead", (ministry_b.pk, 4): "lead"})
    matrix = matrix_get(review)
    rows = [
        (ministry.name, ministry.depth, [cell.letter for cell in cells if cell.role]) for ministry, cells in matrix.rows
    ]
    assert rows == [
        ("Ministry of Education", 0, ["L"]),
        ("Ministry of Health", 0, []),
        ("Division of Primary Care", 1, ["C"]),
    ]
    assert [goal.number for goal in matrix.goals_without_lead] == [n for n in range(1, 18) if n != 4]


def test_goals_without_lead_selector_agrees_with_the_matrix(
    coordinator, review, ministry_b, health_leads_3, django_assert_num_queries
):
    with django_assert_num_queries(1):
        numbers = [goal.number for goal in goal_list_without_lead(review)]
    assert numbers == [goal.number for goal in matrix_get(review).goals_without_lead]
    assert 3 not in numbers and 4 not in numbers and len(numbers) == 15


def test_database_refuses_two_leads_for_one_goal(review, goals, ministry_a, ministry_b):
    GoalAssignmentFactory(review=review, ministry=ministry_a, goal=goals[2], role="lead")
    with pytest.raises(IntegrityError), transaction.atomic():
        GoalAssignmentFactory(review=review, ministry=ministry_b, goal=goals[2], role="lead")


def test_database_refuses_two_roles_for_one_ministry_and_goal(review, goals, ministry_a):
    GoalAssignmentFactory(review=review, ministry=ministry_a, goal=goals[2], role="associate")
    with pytest.raises(IntegrityError), transaction.atomic():
        GoalAssignmentFactory(review=review, ministry=ministry_a, goal=goals[2], role="co_lead")


def test_database_allows_several_co_leads_for_one_goal(review, goals, ministry_a, ministry_b):
    GoalAssignmentFactory(review=review, ministry=ministry_a, goal=goals[2], role="co_lead")
    GoalAssignmentFactory(review=review, ministry=ministry_b, goal=goals[2], role="co_lead")
    assert GoalAssignment.objects.filter(goal=goals[2], role="co_lead").count() == 2
