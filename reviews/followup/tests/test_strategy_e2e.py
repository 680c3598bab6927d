"""In the browser: the coordinator records a priority with its targets; the coverage matrix
shows what the plan addresses and leaves out; a sector review is added."""

import pytest
from playwright.sync_api import expect

from indicators.tests.factories import GoalFactory, TargetFactory
from reviews.followup.models.strategy import StrategyPillar
from reviews.followup.services import strategy as services

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


def test_coordinator_links_a_priority_to_targets_and_reads_the_coverage(page, login, review, coordinator):
    goal = GoalFactory(number=3)
    for n, code in enumerate(["3.1", "3.2", "3.8"]):
        TargetFactory(goal=goal, code=code, position=n)
    strategy = services.strategy_save(
        actor=coordinator, review=review, name="Aurelia Vision 2035", start_year=2021, end_year=2035
    )
    services.pillar_save(actor=coordinator, strategy=strategy, pillar=StrategyPillar(name="People"))

    login(coordinator)
    page.goto(f"/reviews/{review.pk}/followup/strategy/")
    page.get_by_role("link", name="Add a priority — People").click()
    page.get_by_label("Name").fill("Health for all")
    page.get_by_label("SDG targets").fill("3.1, 3.8")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("table", name="Priorities of People and the SDG targets they address")).to_contain_text(
        "3.8"
    )
    page.screenshot(path="/tmp/selfassess-strategy.png", full_page=True)

    page.get_by_role("link", name="Coverage of the SDG targets").click()
    expect(page.get_by_text("The strategy's priorities address 2 of 3 SDG targets.")).to_be_visible()
    row = page.get_by_role("table", name="The targets of goal 3: addressed by the strategy or left out").get_by_role(
        "row", name="3.2"
    )
    expect(row).to_contain_text("Left out")
    page.screenshot(path="/tmp/selfassess-coverage.png", full_page=True)

    page.goto(f"/reviews/{review.pk}/followup/sector-reviews/")
    page.get_by_label("Title").fill("Health Sector Review 2024")
    page.get_by_label("Sector").fill("Health")
    page.get_by_label("Year").fill("2024")
    page.get_by_label("Link").fill("https://example.org/health")
    page.get_by_label("Goal 3").check()
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_role("table", name="Sector review reports")).to_contain_text("Health Sector Review 2024")
    page.screenshot(path="/tmp/selfassess-sector.png", full_page=True)
