from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reviews.models import AuditEntry, Review, SectionKind
from reviews.tests.factories import MembershipFactory, UserFactory, approved_section

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


def test_council_votes_and_report_freezes(page, login, review, coordinator, reviewer, council_member):
    for n, kind in enumerate([SectionKind.OPENING, SectionKind.HIGHLIGHTS, SectionKind.CONCLUSION], start=1):
        approved_section(review, reviewer, kind.label, kind=kind, position=n)
    second = UserFactory(username="council_2", email="council_2@example.org")
    MembershipFactory(review=review, user=second, role="council_member")
    deadline = timezone.localtime(timezone.now() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")

    login(coordinator)
    page.goto(f"/reviews/{review.pk}/vote/")
    page.get_by_label("Deadline").fill(deadline)
    page.get_by_role("button", name="Open the vote").click()
    expect(page.get_by_role("status").filter(has_text="The vote is open")).to_be_visible()
    expect(page.locator("#ballot-count")).to_contain_text("0 of 2 council members have voted.")

    for voter in (council_member, second):
        login(voter)
        page.goto(f"/reviews/{review.pk}/vote/")
        page.get_by_role("radio", name="Approve").check()
        page.get_by_label("Statement (optional)").fill(f"{voter.username} approves.")
        page.get_by_role("button", name="Cast my vote").click()
        expect(page.locator("#confirm-choice")).to_have_text("Approve")
        page.get_by_role("button", name="Confirm my vote").click()
        expect(page.get_by_role("status").filter(has_text="Your vote has been recorded.")).to_be_visible()

    expect(page.locator("#vote-outcome")).to_have_text("Outcome: Approved")
    expect(page.locator("#frozen-notice")).to_contain_text("The report is frozen")
    expect(page.get_by_role("table", name="Ballots")).to_contain_text("council_2 approves.")
    assert Review.objects.get(pk=review.pk).is_frozen is True
    assert list(AuditEntry.objects.filter(review=review).order_by("pk").values_list("action", flat=True)) == [
        "vote.open",
        "vote.cast",
        "vote.cast",
        "vote.outcome",
        "review.freeze",
        "evidence.snapshot",  # the data the frozen report uses is recorded (reviews.evidence)
    ]
