"""axe-core (served from the tests' own assets) finds no WCAG 2.1 A/AA violation on the
portal's pages, left to right and right to left."""

import datetime
from pathlib import Path

import pytest

from reviews.drafting.services.outline import outline_create_default
from reviews.drafting.services.sections import section_save
from reviews.models import GoalAssignment
from reviews.reporting.services.report_rounds import report_round_create, report_round_issue
from reviews.reporting.services.report_templates import report_template_default

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

AXE = Path(__file__).parent / "assets" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]});
  return result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", ")}`);
}"""


def _violations(page, path):
    response = page.goto(path)
    assert response.status == 200, path  # scanning an error page would prove nothing
    # Evaluated through the DevTools protocol: the page's Content-Security-Policy refuses an
    # inline <script> (add_script_tag), and axe must not need an exception in it.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(RUN_AXE)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_pages_have_no_axe_violations(page, login, live_server, review, ministry_a, goals, coordinator, language):
    outline_create_default(actor=coordinator, review=review)
    section = review.sections.order_by("position").first()
    section_save(actor=coordinator, section=section, content="<p>Text of the opening statement.</p>", base_version=0)
    GoalAssignment.objects.create(review=review, ministry=ministry_a, goal=goals[2], role="lead")
    report_template_default(actor=coordinator, review=review)
    round_ = report_round_create(actor=coordinator, review=review, title="Round 1", deadline=datetime.date(2027, 1, 15))
    report_round_issue(actor=coordinator, round=round_)
    report = review.progress_reports.get()
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    assert _violations(page, "/accounts/login/") == []
    login(coordinator)
    base = f"/reviews/{review.pk}"
    paths = [
        "/",
        f"{base}/",
        f"{base}/ministries/",
        f"{base}/matrix/",
        f"{base}/matrix/edit/",
        f"{base}/members/",
        f"{base}/audit/",
        f"{base}/draft/",
        f"{base}/draft/{section.pk}/",
        f"{base}/draft/{section.pk}/edit/",
        f"{base}/draft/{section.pk}/review/",
        f"{base}/vote/",
        f"{base}/main-messages/",
        f"{base}/reports/",
        f"{base}/reports/mine/",
        f"{base}/reports/tracker/",
        f"{base}/reports/template/",
        f"{base}/reports/{report.pk}/",
        f"{base}/reports/{report.pk}/history/",
        f"{base}/publish/",
        "/goals/",
        "/goals/3/",
        "/notifications/",
    ]
    assert {path: found for path in paths if (found := _violations(page, path))} == {}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_engagement_pages_have_no_axe_violations(page, login, live_server, review, coordinator, moderator, language):
    from stakeholders.models import ModeratorResponse
    from stakeholders.tests.factories import (
        ActivityFactory,
        ContactFactory,
        ContributionFactory,
        OrganisationFactory,
        PortalFactory,
        RoundDocumentFactory,
        RoundFactory,
        StandingGroupFactory,
    )

    PortalFactory(review=review)
    round_ = RoundFactory(review=review)
    contribution = ContributionFactory(round=round_, document=RoundDocumentFactory(round=round_), paragraph=0)
    ModeratorResponse.objects.create(contribution=contribution, body="Thank you.", author=moderator)
    organisation = OrganisationFactory(review=review)
    ContactFactory(organisation=organisation)
    group = StandingGroupFactory(review=review)
    activity = ActivityFactory(review=review)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    login(coordinator)
    base = f"/reviews/{review.pk}/engagement"
    paths = [
        f"{base}/",
        f"{base}/categories/",
        f"{base}/organisations/",
        f"{base}/organisations/{organisation.pk}/",
        f"{base}/map/",
        f"{base}/groups/",
        f"{base}/groups/{group.pk}/",
        f"{base}/plan/",
        f"{base}/plan/{activity.pk}/report/",
        f"{base}/rounds/",
        f"{base}/rounds/{round_.pk}/",
        f"{base}/rounds/{round_.pk}/uptake/",
        f"{base}/portal/",
        f"{base}/moderation/",
        f"{base}/moderation/contributions/{contribution.pk}/",
        f"{base}/moderation/templates/",
        f"{base}/inclusiveness/",
    ]
    assert {path: found for path in paths if (found := _violations(page, path))} == {}
