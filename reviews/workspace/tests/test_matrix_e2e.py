import pytest
from playwright.sync_api import expect

from reviews.models import GoalAssignment

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


def test_matrix_editor_sets_a_lead_with_the_keyboard(page, login, coordinator, review, goals, ministry_a, ministry_b):
    login(coordinator)
    page.goto(f"/reviews/{review.pk}/matrix/edit/")
    cell = page.get_by_label("Ministry of Health — Goal 3")
    cell.focus()
    page.keyboard.press("ArrowDown")  # "No role" -> "Lead"
    expect(cell).to_have_value("lead")
    save = page.get_by_role("button", name="Save the matrix")
    save.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Role matrix saved: 1 change.")).to_be_visible()
    expect(page.get_by_label("Ministry of Health — Goal 3")).to_have_value("lead")
    assert list(GoalAssignment.objects.values_list("ministry__name", "goal__number", "role")) == [
        ("Ministry of Health", 3, "lead")
    ]


def test_matrix_editor_shows_the_403_page_to_a_focal_point(page, login, focal_a, review, goals):
    login(focal_a)
    response = page.goto(f"/reviews/{review.pk}/matrix/edit/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot open this page")
