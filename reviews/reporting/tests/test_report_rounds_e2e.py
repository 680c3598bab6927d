"""A coordinator sets up progress reporting in the browser: template, round, issuing,
the tracker, a ministry's deadline and a reminder; the pages pass axe."""

import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from reviews.models import Notification, ProgressReport
from reviews.tests.factories import GoalAssignmentFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

AXE = Path(__file__).resolve().parents[3] / "vnr_portal" / "tests" / "assets" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]});
  return result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", ")}`);
}"""


def violations(page) -> list[str]:
    # Evaluated through the DevTools protocol: the page's Content-Security-Policy refuses an
    # inline <script> (add_script_tag), and axe must not need an exception in it.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(RUN_AXE)


def test_coordinator_issues_a_round_and_follows_it_on_the_tracker(
    page, login, review, coordinator, goals, ministry_a, ministry_b, focal_a
):
    GoalAssignmentFactory(ministry=ministry_a, goal=goals[2], role="lead")
    GoalAssignmentFactory(ministry=ministry_b, goal=goals[2], role="associate")
    login(coordinator)
    found = {}

    page.goto(f"/reviews/{review.pk}/reports/")
    page.get_by_role("link", name="Report template").click()
    page.get_by_role("button", name="Create the default template").click()
    expect(page.get_by_role("heading", name="1. Progress since the first VNR")).to_be_visible()
    found["template"] = violations(page)

    page.goto(f"/reviews/{review.pk}/reports/")
    page.get_by_role("link", name="New round").click()
    page.get_by_label(re.compile(r"^\s*Title\W*$")).fill("Progress reports 2026")
    page.get_by_label(re.compile(r"^\s*Deadline\W*$")).fill("2020-01-31")
    page.get_by_role("button", name="Create the round").click()
    page.get_by_role("link", name="Issue the reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Issue the reports?")
    found["issue confirmation"] = violations(page)
    page.get_by_role("button", name="Issue the reports").click()
    expect(page.get_by_role("status").filter(has_text="issued: 2 new reports")).to_be_visible()
    expect(page.get_by_role("row", name="Progress reports 2026")).to_contain_text("version 1")
    found["rounds"] = violations(page)

    page.get_by_role("link", name="Tracker").click()
    expect(page.get_by_role("table")).to_contain_text("Not started, Associate, overdue")
    page.get_by_label(re.compile(r"^\s*Ministry\W*$")).select_option(label="Ministry of Health")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#tracker-shown")).to_have_text("1 report matches the filters.")
    found["tracker"] = violations(page)

    page.get_by_role("link", name="Not started, overdue").click()
    page.get_by_label(re.compile(r"^\s*Deadline\W*$")).fill("2099-06-30")
    page.get_by_role("button", name="Save the deadline").click()
    expect(page.get_by_role("status").filter(has_text="The deadline of 1 report has been changed.")).to_be_visible()
    page.get_by_role("button", name="Send a reminder").click()
    expect(page.get_by_role("status").filter(has_text="Reminder sent to 1 person.")).to_be_visible()
    found["deadline"] = violations(page)

    assert ProgressReport.objects.get(ministry=ministry_a).deadline == datetime.date(2099, 6, 30)
    assert Notification.objects.filter(user=focal_a, key__startswith="report-reminder:").count() == 1
    assert {name: v for name, v in found.items() if v} == {}
