import pytest
from playwright.sync_api import expect

from indicators.tests.factories import GoalFactory
from reviews.models import ProgressReport, ReportSubmission
from reviews.reporting.tests.test_progress_reports_rows import make_report, make_round, make_template

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


def test_report_filled_returned_resubmitted_and_accepted(page, login, review, ministry_a, focal_a, reviewer):
    report = make_report(
        review=review,
        round=make_round(review),
        ministry=ministry_a,
        goal=GoalFactory(number=3),
        template=make_template(review),
    )
    base = f"/reviews/{review.pk}/reports/{report.pk}"

    login(focal_a)
    page.goto(f"{base}/fill/")
    progress = page.get_by_role("textbox", name="Progress since the first VNR")
    progress.click()
    progress.type("Maternal mortality fell.")
    page.get_by_label("Headline").fill("Fewer deaths")
    page.get_by_label("Overall trend").select_option("Better")
    page.get_by_role("textbox", name="Row 1, Partner").fill("UNICEF")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Progress report on goal 3")
    expect(page.locator(".report-facts")).to_contain_text("Submitted")

    page.context.clear_cookies()
    login(reviewer)
    page.goto(f"{base}/review/")
    page.get_by_label("Comment on “Progress since the first VNR”").fill("Add the 2024 survey figure.")
    page.get_by_label("Return to the ministry").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".report-facts")).to_contain_text("Returned")

    page.context.clear_cookies()
    login(focal_a)
    page.goto(f"{base}/")
    expect(page.locator(".report-comment")).to_contain_text("Add the 2024 survey figure.")
    page.get_by_role("link", name="Fill in").click()
    progress = page.get_by_role("textbox", name="Progress since the first VNR")
    progress.click()
    page.keyboard.press("End")
    progress.type(" The 2024 survey shows 70 per 100,000.")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".report-facts")).to_contain_text("Submitted")

    page.context.clear_cookies()
    login(reviewer)
    page.goto(f"{base}/review/")
    page.get_by_label("Accept").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".report-facts")).to_contain_text("Accepted")

    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", name="Submission 2")).to_be_visible()
    expect(page.get_by_role("heading", name="Submission 1")).to_be_visible()
    assert ProgressReport.objects.get().status == "accepted"
    assert [(s.number, s.decision) for s in ReportSubmission.objects.order_by("number")] == [
        (1, "returned"),
        (2, "accepted"),
    ]
    assert "70 per 100,000" in ReportSubmission.objects.get(number=2).answers["progress"]
