"""In Chromium, without a script of ours: a reader moves through a big round's page by
keyboard (the list of its documents, the pages of contributions), follows a paragraph's
"Read its contributions" link to where they are, and axe finds no WCAG 2.1 A/AA violation
on the parts and pages."""

import pytest

from stakeholders.portal.selectors import CONTRIBUTIONS_PER_PAGE
from stakeholders.portal.tests.test_public_accessibility_e2e import _violations
from stakeholders.tests.factories import ContributionFactory, RoundDocumentFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


def test_reader_moves_through_documents_and_pages_by_keyboard(page, live_server, public_round):
    review = public_round.review
    first = public_round.documents.get()
    RoundDocumentFactory(round=public_round, position=1, title="Goal 6: Water", content="<p>Wells were dug.</p>")
    for n in range(CONTRIBUTIONS_PER_PAGE):
        ContributionFactory(round=public_round, document=first, paragraph=0, body=f"On clinics {n}")
    later = ContributionFactory(round=public_round, document=first, paragraph=1, body="On vaccination, later")
    path = f"/portal/{review.pk}/rounds/{public_round.pk}/"

    page.goto(path)
    assert page.get_by_role("heading", name="Documents of this round").is_visible()
    assert page.locator("nav.parts a[aria-current=page]").inner_text() == "Goal 3: Good health"
    # The paragraph whose contributions are on the next page: its link goes there, at the paragraph.
    page.get_by_role("link", name="Read its 1 contribution").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{path}?lang=en&doc=1&page=2#p-{first.pk}-2")
    assert page.locator(f"#p-{first.pk}-2 #contribution-{later.pk}").is_visible()
    pages = page.get_by_role("navigation", name="Pages of contributions")
    assert pages.locator("a[aria-current=page]").inner_text().endswith("2")
    # Back to the first page, then to the second document, by keyboard only.
    pages.get_by_role("link", name="Earlier contributions").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{path}?lang=en&doc=1&page=1")
    page.get_by_role("link", name="Goal 6: Water").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{path}?lang=en&doc=2")
    assert page.get_by_text("Wells were dug.").is_visible()
    assert page.get_by_text("Clinics opened.").count() == 0

    found = {p: v for p in (f"{path}?doc=1&page=2", f"{path}?doc=2") if (v := _violations(page, p))}
    assert found == {}
