"""In the browser: a moderator enters a contribution given at a workshop, is told what is
missing (consent), then finds it in the moderation queue with who entered it; the
inclusiveness page shows it by channel. The pages pass axe."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from stakeholders.tests.factories import CategoryFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

AXE = Path(__file__).resolve().parents[3] / "vnr_portal" / "tests" / "assets" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]});
  return result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", ")}`);
}"""


def violations(page) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(RUN_AXE)


def test_a_moderator_enters_what_a_workshop_said(page, login, public_round, moderator):
    review = public_round.review
    CategoryFactory(review=review, name="Farmers")
    login(moderator)

    page.goto(f"/reviews/{review.pk}/engagement/rounds/{public_round.pk}/")
    page.get_by_role("link", name="Enter a contribution received offline").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter a contribution received offline")
    assert violations(page) == []
    page.get_by_label("How was it received?").select_option(label="At a workshop")
    page.get_by_label("Received on").fill((timezone.localdate() - datetime.timedelta(days=1)).isoformat())
    page.get_by_label("Given by (person or group)").fill("Farmers' cooperative of the valley")
    page.locator("#id_body").fill("Irrigation is missing from Goal 2.")
    page.get_by_label("Category (optional)").select_option(label="Farmers")
    page.get_by_role("button", name="Enter the contribution", exact=True).click()
    expect(page.locator("main")).to_contain_text("Record the person's consent")
    page.get_by_label("The person agreed that their contribution be used in the review").check()
    page.get_by_label("They also agreed that it be published on the portal (without their name)").check()
    page.get_by_role("button", name="Enter the contribution", exact=True).click()
    expect(page.locator("#offline-list + *")).to_contain_text("Farmers' cooperative of the valley")

    page.goto(f"/reviews/{review.pk}/engagement/moderation/")
    expect(page.locator("main")).to_contain_text("At a workshop")
    expect(page.locator("main")).to_contain_text("on behalf of Farmers' cooperative of the valley")
    assert violations(page) == []
