"""The Content-Security-Policy in Chromium: the main pages, the section editor at work and
the public round page report no violation; logging out clears the editor's unsaved texts."""

import pytest
from playwright.sync_api import expect

from reviews.drafting.services.outline import section_add
from stakeholders.tests.factories import PortalFactory, RoundDocumentFactory, RoundFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

# Collects violations as the page sees them (Playwright's init scripts are not subject to
# the page's policy); the console catches those reported before the page's own scripts run.
LISTEN = """document.addEventListener("securitypolicyviolation", (event) => {
  (window.__cspViolations = window.__cspViolations || []).push(
    `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});"""
DRAFTS = {"section-42": '{"html":"<p>Unsaved</p>"}', "report-7-q1": '{"html":"<p>Answer</p>"}'}


@pytest.fixture
def violations(page):
    """Every CSP violation the page reports, in the console or as an event."""
    found = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: found.append(message.text) if "Content Security Policy" in message.text else None,
    )

    def collect():
        return found + page.evaluate("window.__cspViolations || []")

    return collect


def _visit(page, path):
    response = page.goto(path)
    assert response.status == 200, path
    assert "default-src 'self'" in response.headers["content-security-policy"], path
    page.wait_for_load_state("networkidle")


def test_csp_main_pages_report_no_violation(page, login, violations, review, coordinator, editor):
    portal = PortalFactory(review=review)
    round_ = RoundFactory(review=review, title="Consultation on the draft")
    RoundDocumentFactory(round=round_, title="Goal 3: Good health", content="<p>Clinics opened.</p>")
    section = section_add(actor=coordinator, review=review, title="Highlights")

    _visit(page, "/accounts/login/")
    _visit(page, f"/portal/{portal.review_id}/rounds/{round_.pk}/")
    login(editor)
    for path in ("/", f"/reviews/{review.pk}/", f"/reviews/{review.pk}/draft/", "/settings/", "/settings/two-factor/"):
        _visit(page, path)
    _visit(page, f"/reviews/{review.pk}/draft/{section.pk}/edit/")
    textbox = page.get_by_role("textbox", name="Text")
    textbox.focus()
    page.keyboard.type("Water for all")
    page.get_by_role("button", name="Table", exact=True).click()
    expect(textbox.locator("table")).to_have_count(1)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved as revision 1.")).to_be_visible()
    _visit(page, f"/portal/{portal.review_id}/rounds/{round_.pk}/")

    assert violations() == []


def test_the_api_documentation_works_under_the_policy_from_static(page, violations, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    _visit(page, "/api/v1/docs/")
    # Swagger UI drew the operations from the schema: its scripts ran.
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    expect(page.get_by_text("/api/v1/reviews/", exact=True).first).to_be_visible()
    assert violations() == []
    assert [url for url in requested if not url.startswith(live_server.url)] == []


def _put_drafts(page):
    for key, value in {**DRAFTS, "portal-preference": "kept unless the header clears all"}.items():
        page.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, value])


def _stored(page, keys):
    return {key: page.evaluate("(key) => localStorage.getItem(key)", key) for key in keys}


def test_logout_clears_the_editors_drafts_from_the_browser(page, login, editor):
    login(editor)
    _put_drafts(page)

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/")

    assert _stored(page, DRAFTS) == {"section-42": None, "report-7-q1": None}


def test_logout_script_clears_the_drafts_where_the_browser_ignores_clear_site_data(page, login, editor):
    """static/js/logout.js alone: the logout answer loses its Clear-Site-Data header."""

    def without_clear_site_data(route):
        response = route.fetch(max_redirects=0)
        headers = {k: v for k, v in response.headers.items() if k.lower() != "clear-site-data"}
        route.fulfill(response=response, headers=headers)

    login(editor)
    page.route("**/accounts/logout/", without_clear_site_data)
    _put_drafts(page)

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/")

    assert _stored(page, [*DRAFTS, "portal-preference"]) == {
        "section-42": None,
        "report-7-q1": None,
        "portal-preference": "kept unless the header clears all",
    }
