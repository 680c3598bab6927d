"""axe-core (the tests' vendored copy) finds no WCAG 2.1 A/AA violation on the public
portal's pages, left to right (English) and right to left (Arabic)."""

from pathlib import Path

import pytest

from stakeholders.tests.factories import (
    ConductAcceptanceFactory,
    ContributionFactory,
    ModeratorResponseFactory,
    RoundQuestionFactory,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

AXE = Path(__file__).resolve().parents[3] / "vnr_portal" / "tests" / "assets" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]});
  return result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", ")}`);
}"""


def _violations(page, path):
    response = page.goto(path)
    assert response.status < 400, f"{path}: {response.status}"
    # Evaluated through the DevTools protocol: the page's Content-Security-Policy refuses an
    # inline <script> (add_script_tag), and axe must not need an exception in it.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(RUN_AXE)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_public_pages_have_no_axe_violations(page, login, live_server, public_round, contributor, moderator, language):
    review = public_round.review
    document = public_round.documents.get()
    contribution = ContributionFactory(round=public_round, document=document, paragraph=0, body="Add rural clinics.")
    ModeratorResponseFactory(contribution=contribution, body="Thank you.", author=moderator)
    ContributionFactory(
        round=public_round, document=document, paragraph=1, visibility="hidden", hidden_reason="Off topic"
    )
    question = RoundQuestionFactory(round__review=review, text="What matters most?")
    ConductAcceptanceFactory(review=review, user=contributor)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    anonymous = [
        "/",
        f"/portal/{review.pk}/rounds/{public_round.pk}/contribute/?document={document.pk}&paragraph=1",
        "/portal/",
        f"/portal/{review.pk}/",
        f"/portal/{review.pk}/rounds/{public_round.pk}/",
        f"/portal/{review.pk}/rounds/{question.round.pk}/",
        f"/portal/{review.pk}/open-data/",
        "/portal/account/signup/",
    ]
    found = {path: v for path in anonymous if (v := _violations(page, path))}
    login(contributor)
    signed_in = [
        f"/portal/{review.pk}/rounds/{public_round.pk}/",
        f"/portal/{review.pk}/rounds/{public_round.pk}/contribute/?document={document.pk}&paragraph=1",
        f"/portal/{review.pk}/rounds/{question.round.pk}/contribute/?question={question.pk}",
        f"/portal/{review.pk}/conduct/",
        "/portal/account/contributions/",
        "/portal/account/profile/",
    ]
    found.update({f"{path} (signed in)": v for path in signed_in if (v := _violations(page, path))})
    assert found == {}
    page.goto(signed_in[1])
    assert page.locator("#id_body").count() == 1  # really signed in: the form is there
