"""In a browser: "My tasks" after signing in (a focal point's report, a council member's
waiting vote and its confirmation step), and the section editor's unsaved-changes warning."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reviews.drafting.services.outline import section_add
from reviews.models import Ballot, Section
from reviews.tests.factories import CouncilVoteFactory, ProgressReportFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

AXE = Path(__file__).resolve().parents[3] / "vnr_portal" / "tests" / "assets" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]});
  return result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", ")}`);
}"""


def violations(page) -> list[str]:
    # Through the DevTools protocol: the Content-Security-Policy refuses an inline <script>.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(RUN_AXE)


def test_focal_point_lands_on_my_tasks_and_opens_their_report(page, login, review, focal_a, ministry_a, goals):
    report = ProgressReportFactory(review=review, ministry=ministry_a, goal=goals[2], round__title="Round 2026")

    login(focal_a)

    assert page.url.endswith(reverse("reviews:my-tasks"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My tasks")
    group = page.locator('[data-task-group="reports-to-fill"]')
    expect(group.get_by_role("heading")).to_contain_text("Reports to fill")
    link = group.get_by_role("link", name="Goal 3 — MOH (Round 2026)")
    expect(link).to_be_visible()
    assert violations(page) == []
    link.click()
    page.wait_for_url(f"**/reviews/{review.pk}/reports/{report.pk}/fill/")


def test_council_member_sees_the_waiting_vote_and_confirms_the_ballot(page, login, review, council_member, coordinator):
    vote = CouncilVoteFactory(review=review, opened_by=coordinator)
    vote.eligible_voters.add(council_member)

    login(council_member)

    group = page.locator('[data-task-group="votes"]')
    expect(group.get_by_role("heading")).to_contain_text("Votes waiting for your ballot")
    page.goto(reverse("reviews:dashboard"))
    expect(page.locator("#waiting-votes")).to_contain_text("A council vote is waiting for your ballot.")
    assert violations(page) == []
    page.goto(reverse("reviews:my-tasks"))
    group.get_by_role("link", name="The council's vote on the report").click()
    expect(page.locator("#vote-subject")).to_contain_text("What the council votes on")
    page.get_by_role("radio", name="Approve").check()
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your vote")
    assert Ballot.objects.count() == 0
    assert violations(page) == []
    page.get_by_role("button", name="Confirm my vote").click()
    expect(page.get_by_role("status").filter(has_text="Your vote has been recorded.")).to_be_visible()
    page.goto(reverse("reviews:my-tasks"))
    expect(page.locator('[data-task-group="votes"]')).to_have_count(0)


def test_section_editor_warns_before_leaving_with_unsaved_changes(page, login, review, coordinator, editor):
    section = section_add(actor=coordinator, review=review, title="Highlights")
    login(editor)
    page.goto(f"/reviews/{review.pk}/draft/{section.pk}/edit/")
    page.wait_for_load_state("load")
    dialogs = []

    def on_dialog(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", on_dialog)

    # Nothing typed: leaving asks nothing.
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_url(f"**/draft/{section.pk}/")
    assert dialogs == []

    page.goto(f"/reviews/{review.pk}/draft/{section.pk}/edit/")
    page.wait_for_load_state("load")
    page.get_by_role("textbox", name="Text").click()
    page.keyboard.type("Poverty fell by a third.")
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith(f"/draft/{section.pk}/edit/")

    # Saving leaves without a question.
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved as revision 1.")).to_be_visible()
    assert dialogs == ["beforeunload"]
    assert Section.objects.get(pk=section.pk).content == "<p>Poverty fell by a third.</p>"
