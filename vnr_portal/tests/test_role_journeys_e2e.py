"""A journey per role (issue 16, "Tests and proof"), at 1280 and 390 px, in English and in
Arabic: each checks what the issue's items promise that role (not only that pages load),
and every page visited passes axe (WCAG 2.0/2.1 A and AA). At 390 px every page also
fits the screen and, on staff pages, the Menu button opens the navigation.

Texts are asserted through the catalogue (`gettext` in the page's language), structure
through ids, links and `lang`/`dir`, so one journey serves both languages.
"""

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from reviews.drafting.services.outline import section_add
from reviews.drafting.services.sections import section_save
from reviews.models import ProgressReport
from reviews.reporting.services.report_rounds import report_round_create, report_round_issue
from reviews.tests.factories import CouncilVoteFactory, GoalAssignmentFactory, MinistryFactory
from stakeholders.models import Contribution
from stakeholders.tests.factories import (
    CategoryFactory,
    ContributionFactory,
    PortalFactory,
    RoundDocumentFactory,
    RoundFactory,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

AXE = Path(__file__).resolve().parent / "assets" / "axe.min.js"
# Evaluated through the DevTools protocol: the pages' Content-Security-Policy refuses an inline <script>.
AXE_SOURCE = AXE.read_text(encoding="utf-8") + "\n;undefined"
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]});
  return result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", ")}`);
}"""
WIDTHS = {1280: {"width": 1280, "height": 900}, 390: {"width": 390, "height": 844}}
PASSWORD = "a-long-passphrase-42"

journeys = pytest.mark.parametrize(
    ("width", "language"), [(1280, "en"), (1280, "ar"), (390, "en"), (390, "ar")], ids=lambda v: str(v)
)


def _(language: str, text: str) -> str:
    """`text` as the catalogue gives it in `language`."""
    with translation.override(language):
        return gettext(text)


def _parts(language: str, text: str) -> list[str]:
    """The fixed parts of a translated text with placeholders (a date, a name…)."""
    return [part.strip() for part in re.split(r"%\(\w+\)s", _(language, text)) if part.strip()]


class Journey:
    """A browser page in one language and width that checks each page it reaches."""

    def __init__(self, page, live_server, width: int, language: str):
        self.page, self.width, self.language = page, width, language
        page.set_viewport_size(WIDTHS[width])
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        self.checked: dict[str, list[str]] = {}

    def t(self, text: str) -> str:
        return _(self.language, text)

    def goto(self, path: str) -> None:
        response = self.page.goto(path)
        assert response.status == 200, f"{path}: {response.status}"
        self.check()

    def check(self) -> None:
        """The page in the journey's language, within the screen, with a working menu, no axe violation."""
        page = self.page
        page.wait_for_load_state()
        path = urlparse(page.url).path
        html = page.locator("html")
        expect(html).to_have_attribute("lang", self.language)
        expect(html).to_have_attribute("dir", "rtl" if self.language == "ar" else "ltr")
        page.evaluate(AXE_SOURCE)
        self.checked[path] = page.evaluate(RUN_AXE)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= self.width, f"{path} is {width} px wide"
        summary = page.locator("#nav-menu > summary")
        if self.width == 390 and summary.count():
            nav = page.locator("#nav-menu .navbar-nav")
            expect(nav).to_be_hidden()
            summary.click()
            expect(nav).to_be_visible()
            expect(page.locator("#nav-menu").get_by_role("link").first).to_be_in_viewport()
            assert page.evaluate("document.documentElement.scrollWidth") <= self.width, f"{path}: open menu too wide"
            summary.click()
            expect(nav).to_be_hidden()

    def login(self, user, password="correct-horse-battery") -> None:
        page = self.page
        page.goto("/accounts/login/")
        page.locator("#id_username").fill(user.username)
        page.locator("#id_password").fill(password)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/")

    def lands_on_my_tasks(self) -> None:
        assert urlparse(self.page.url).path == "/tasks/"
        expect(self.page.get_by_role("heading", level=1)).to_have_text(self.t("My tasks"))
        self.check()

    def tabs_all_open(self, review) -> set[str]:
        """Every tab of the review's navigation opens (no dead end); their paths. The tabs are
        the role's, not the layout's: their pages are requested at 1280 px only."""
        self.goto(f"/reviews/{review.pk}/")
        links = self.page.locator("ul.nav-tabs a")
        hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
        if self.width == 1280:
            for href in hrefs:
                assert self.page.request.get(href).status == 200, href
        return hrefs

    def assert_accessible(self) -> None:
        assert {path: found for path, found in self.checked.items() if found} == {}


def _reporting_setup(review, coordinator, goals, ministry_a):
    """Health (its focal point has an account) and Water (an e-mail, no account) lead a goal;
    a reporting round is ready to issue."""
    water = MinistryFactory(review=review, name="Ministry of Water", focal_point_email="water@example.org")
    GoalAssignmentFactory(ministry=ministry_a, goal=goals[2], role="lead")
    GoalAssignmentFactory(ministry=water, goal=goals[5], role="lead")
    round_ = report_round_create(
        actor=coordinator,
        review=review,
        title="Round 1",
        deadline=timezone.localdate() + timezone.timedelta(days=30),
    )
    return water, round_


@journeys
def test_coordinator(page, live_server, settings, width, language, review, coordinator, goals, ministry_a, focal_a):
    settings.SITE_URL = live_server.url
    water, round_ = _reporting_setup(review, coordinator, goals, ministry_a)
    journey = Journey(page, live_server, width, language)

    # Item 9: "My tasks" after signing in; every tab shown opens.
    journey.login(coordinator)
    journey.lands_on_my_tasks()
    tabs = journey.tabs_all_open(review)
    pk = review.pk
    expected = {f"/reviews/{pk}/reports/", f"/reviews/{pk}/members/", f"/reviews/{pk}/matrix/", f"/reviews/{pk}/draft/"}
    assert expected <= tabs

    # Item 1: before issuing, the page says who is reached and how.
    journey.goto(f"/reviews/{review.pk}/reports/")
    expect(page.locator("tr", has_text="Ministry of Water")).to_contain_text(
        journey.t("Invitation: creates their account from the link")
    )
    expect(page.locator("tr", has_text=ministry_a.name).first).to_contain_text(
        journey.t("E-mail and notification to their account")
    )

    # Item 10: a confirmation step, then the round is issued.
    page.locator(f"a[href$='/reports/rounds/{round_.pk}/issue/']").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(journey.t("Issue the reports?"))
    journey.check()
    page.locator(f"main form[action$='/rounds/{round_.pk}/issue/'] button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text(journey.t("Issue the reports?"))
    assert ProgressReport.objects.filter(round=round_).count() == 2
    (invitation,) = [m for m in mail.outbox if m.to == ["water@example.org"]]
    assert re.search(re.escape(live_server.url) + r"/invitations/\S+/", invitation.body)

    # Item 1: the tracker shows the invited focal point as not yet signed in.
    journey.goto(f"/reviews/{review.pk}/reports/tracker/")
    row = page.locator("tr", has_text="Ministry of Water").first
    for part in _parts(language, "Invited on %(date)s, not yet signed in"):
        expect(row).to_contain_text(part)
    journey.assert_accessible()


@journeys
def test_focal_point_without_an_account(
    page, live_server, settings, width, language, review, coordinator, goals, ministry_a
):
    settings.SITE_URL = live_server.url
    water, round_ = _reporting_setup(review, coordinator, goals, ministry_a)
    report_round_issue(actor=coordinator, round=round_)
    (message,) = [m for m in mail.outbox if m.to == ["water@example.org"]]
    link = re.search(re.escape(live_server.url) + r"(/invitations/\S+/)", message.body).group(1)
    report = ProgressReport.objects.get(ministry=water)
    journey = Journey(page, live_server, width, language)

    # Item 1: the one-time link creates the account and lands on the ministry's report.
    journey.goto(link)
    page.locator("#id_first_name").fill("Wanjiru")
    page.locator("#id_last_name").fill("Kamau")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password_confirm").fill(PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(f"**/reviews/{review.pk}/reports/{report.pk}/")
    journey.check()

    # Item 11: the report form shows one toolbar, the focused answer's.
    page.locator(f"main a[href$='/reports/{report.pk}/fill/']").first.click()
    page.wait_for_url(f"**/reports/{report.pk}/fill/")
    journey.check()
    editors = page.locator(".rich-editor")
    assert editors.count() >= 2
    assert page.locator(".rich-editor-toolbar:visible").count() == 0
    editors.nth(1).locator("[contenteditable=true]").click()
    expect(page.locator(".rich-editor:focus-within .rich-editor-toolbar")).to_be_visible()
    assert page.locator(".rich-editor-toolbar:visible").count() == 1
    journey.assert_accessible()


def _public_round(review):
    PortalFactory(review=review)
    round_ = RoundFactory(review=review, title="Consultation on the draft")
    RoundDocumentFactory(
        round=round_, title="Goal 3: Good health", content="<p>Clinics opened.</p><p>Vaccination rose.</p>"
    )
    return round_


@journeys
def test_citizen(page, live_server, settings, width, language, review):
    settings.SITE_URL = live_server.url
    round_ = _public_round(review)
    document = round_.documents.get()
    text = "Say which districts got the new clinics, please."
    journey = Journey(page, live_server, width, language)

    # Item 4: `/` is the public landing, not the staff login.
    journey.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(journey.t("Voluntary National Reviews: have your say"))
    expect(page.locator("#id_password")).to_have_count(0)

    # Item 5: comment on a paragraph → one page to sign up or log in → verify → back with the text.
    page.locator(f"main a[href='/portal/{review.pk}/rounds/{round_.pk}/']").first.click()
    journey.check()
    page.locator(f"a[href*='document={document.pk}'][href*='paragraph=1']").first.click()
    journey.check()
    # Item 6: the comment comes first.
    first_field = page.locator("main form[method=post] :is(input, textarea, select):not([type=hidden])").first
    expect(first_field).to_have_id("id_body")
    page.locator("#id_body").fill(text)
    page.locator("form:has(#id_body) button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(journey.t("Log in or create an account"))
    journey.check()
    page.locator("#id_display_name").fill("Amina")
    page.locator("#id_email").fill("amina@example.org")
    page.locator("#id_password1").fill(PASSWORD + " staple")
    page.locator("#id_password2").fill(PASSWORD + " staple")
    page.locator("form[action$='/portal/account/signup/'] button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(journey.t("Confirm your e-mail address"))
    journey.check()
    (message,) = mail.outbox
    link = re.search(r"https?://\S+(/portal/account/verify/\S+/)", message.body).group(1)
    journey.goto(link)
    page.locator("#id_username").fill("amina@example.org")
    page.locator("#id_password").fill(PASSWORD + " staple")
    page.locator("form:has(#id_username) button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/portal/{review.pk}/conduct/"))
    journey.check()  # the code of conduct, the first time
    page.locator("main form[method=post] button[type=submit]").first.click()
    page.wait_for_url(re.compile(rf"/portal/{review.pk}/rounds/{round_.pk}/contribute/\?document={document.pk}"))
    journey.check()
    assert page.locator("#id_body").input_value() == text

    # Item 6: the optional questions about the person, after the comment, asked once.
    about = page.locator("fieldset", has_text=journey.t("About you (optional, asked once)"))
    expect(about).to_have_count(1)
    assert page.evaluate(
        "([a, b]) => !!(document.querySelector(a).compareDocumentPosition(document.querySelector(b))"
        " & Node.DOCUMENT_POSITION_FOLLOWING)",
        ["#id_body", "fieldset.box"],
    )
    page.locator("form:has(#id_body) button[type=submit]").click()
    expect(page.locator("main")).to_contain_text(text)
    contribution = Contribution.objects.get()
    assert (contribution.body, contribution.paragraph) == (text, 1)
    journey.goto(f"/portal/{review.pk}/rounds/{round_.pk}/contribute/?document={document.pk}&paragraph=0")
    expect(about).to_have_count(0)
    journey.assert_accessible()


@journeys
def test_moderator(page, live_server, width, language, review, moderator):
    round_ = _public_round(review)
    CategoryFactory(review=review, name="Farmers")
    contribution = ContributionFactory(round=round_, document=round_.documents.get(), paragraph=0, body="More clinics.")
    journey = Journey(page, live_server, width, language)
    journey.login(moderator)
    journey.check()

    # Item 14: the moderation page says who decides uptake, with a link.
    journey.goto(f"/reviews/{review.pk}/engagement/moderation/")
    page.locator(f"main a[href$='/contributions/{contribution.pk}/']").first.click()
    journey.check()
    expect(page.locator(".uptake-who")).to_have_text(
        journey.t(
            "Moderators class, hide and answer. Whether a contribution is taken into the report is decided by the "
            "review's editors and coordinators, on the round's uptake page; their decision is shown to the public "
            "on the round's “you said, we did” page."
        )
    )
    assert page.request.get(page.locator(".uptake-who + p a").get_attribute("href")).status == 200

    # Item 8: a contribution received at a workshop, entered on the person's behalf.
    journey.goto(f"/reviews/{review.pk}/engagement/rounds/{round_.pk}/offline/")
    page.locator("#id_channel").select_option("workshop")
    page.locator("#id_received_on").fill((timezone.localdate() - timezone.timedelta(days=1)).isoformat())
    page.locator("#id_given_by").fill("Farmers' cooperative of the valley")
    page.locator("#id_body").fill("Irrigation is missing from Goal 2.")
    page.locator("#id_declared_category").select_option(label="Farmers")
    page.locator("#id_consent").check()
    page.locator("form:has(#id_body) button[type=submit]").click()
    expect(page.locator("main table")).to_contain_text("Farmers' cooperative of the valley")
    journey.check()
    entered = Contribution.objects.get(body="Irrigation is missing from Goal 2.")
    assert entered.channel == "workshop"
    journey.goto(f"/reviews/{review.pk}/engagement/moderation/")
    expect(page.locator("main")).to_contain_text("Farmers' cooperative of the valley")
    journey.assert_accessible()


@journeys
def test_editor(page, live_server, width, language, review, coordinator, editor):
    section = section_add(actor=coordinator, review=review, title="Health")
    section_save(
        actor=coordinator,
        section=section,
        content="<p>Universal health coverage rose to 80 per cent in 2024.</p>",
        base_version=0,
    )
    journey = Journey(page, live_server, width, language)
    journey.login(editor)
    journey.lands_on_my_tasks()
    journey.tabs_all_open(review)

    # Item 2: people's text runs in its own direction, whatever the interface's.
    journey.goto(f"/reviews/{review.pk}/draft/{section.pk}/")
    article = page.locator("article.section-content")
    expect(article).to_have_attribute("dir", "auto")
    assert article.locator("p").first.evaluate("el => getComputedStyle(el).direction") == "ltr"
    journey.goto(f"/reviews/{review.pk}/draft/{section.pk}/edit/")
    text = page.get_by_text("Universal health coverage rose").first
    expect(text).to_be_visible()
    assert text.evaluate("el => getComputedStyle(el).direction") == "ltr"

    # Item 2: the translations still to do, per language.
    journey.goto(f"/reviews/{review.pk}/draft/translations/")
    expect(page.locator("#translations-missing")).to_contain_text("1")
    cell = page.locator("tbody tr", has_text="Health").locator("td.translation-to_translate")
    expect(cell).to_have_count(1)
    expect(cell).to_contain_text(journey.t("To translate"))
    journey.assert_accessible()


@journeys
def test_council_member(page, live_server, width, language, review, coordinator, council_member, reviewer):
    vote = CouncilVoteFactory(review=review, opened_by=coordinator)
    vote.eligible_voters.add(council_member)
    journey = Journey(page, live_server, width, language)

    # Item 9: the waiting vote on "My tasks" and the dashboard; the ballot links to the report.
    journey.login(council_member)
    journey.lands_on_my_tasks()
    votes = page.locator('[data-task-group="votes"]')
    expect(votes.get_by_role("heading")).to_contain_text(journey.t("Votes waiting for your ballot"))
    journey.goto(reverse("reviews:dashboard"))
    expect(page.locator("#waiting-votes")).to_contain_text(journey.t("A council vote is waiting for your ballot."))
    journey.goto("/tasks/")
    votes.get_by_role("link").first.click()
    page.wait_for_url(f"**/reviews/{review.pk}/vote/")
    journey.check()
    report_link = page.locator("#vote-subject a").first
    expect(report_link).to_have_attribute("href", f"/reviews/{review.pk}/draft/")
    assert page.request.get(report_link.get_attribute("href")).status == 200
    journey.tabs_all_open(review)

    # The reviewer, too, sees only what opens.
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    journey.login(reviewer)
    journey.check()
    journey.tabs_all_open(review)
    journey.assert_accessible()


@journeys
def test_statistician(page, live_server, width, language, review, statistician, goals):
    journey = Journey(page, live_server, width, language)
    journey.login(statistician)
    journey.check()
    tabs = journey.tabs_all_open(review)
    data = f"/reviews/{review.pk}/data/"
    assert data in tabs

    # Item 15: the Data tab's pages are usable on a phone (checked by the journey at 390 px).
    journey.goto(data)
    expect(page.locator("ul.nav-tabs a[aria-current=page]")).to_have_attribute("href", data)
    journey.goto(f"/reviews/{review.pk}/data/goals/3/")
    journey.goto(f"/reviews/{review.pk}/data/inventory/")
    journey.assert_accessible()
