"""The fixed cast every permission-sensitive test runs against.

Country A has a first VNR (a past record) and a second VNR (`review`) with two
ministries; country B has its own review with its own coordinator (`other_member`).
"""

import os

import pytest
from django.test import Client, RequestFactory

from indicators.tests.factories import GoalFactory
from reviews.tests.factories import (
    CountryFactory,
    MembershipFactory,
    MinistryFactory,
    ReviewFactory,
    UserFactory,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _clear_cache():
    """Every test starts with empty caches: throttles count in the default one
    (vnr_portal/common/throttle.py), the pages keep their parts in "pages"."""
    from django.conf import settings
    from django.core.cache import caches

    for name in settings.CACHES:
        caches[name].clear()
    yield
    for name in settings.CACHES:
        caches[name].clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts and ends in the default language: LocaleMiddleware leaves a
    request's language (Arabic, say) active in the thread, where the next test would run."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


class PortalClient(Client):
    """Django's test client; login() hands django-axes (first of AUTHENTICATION_BACKENDS) the
    request it needs, as the login page does. django-axes stays on in the tests: its records
    live in the test database, so each test starts with no failure and no lockout."""

    def login(self, **credentials):
        credentials.setdefault("request", RequestFactory().post("/accounts/login/"))
        return super().login(**credentials)


@pytest.fixture
def client():
    return PortalClient()


@pytest.fixture
def goals(db):
    return [GoalFactory(number=n) for n in range(1, 18)]


@pytest.fixture
def country(db):
    return CountryFactory(name="Aurelia", iso3="AUR")


@pytest.fixture
def first_review(country):
    return ReviewFactory(
        country=country, title="First VNR of Aurelia", hlpf_year=2019, is_record=True, stage="published"
    )


@pytest.fixture
def review(country, first_review):
    return ReviewFactory(
        country=country,
        title="Second VNR of Aurelia",
        hlpf_year=2027,
        previous_review=first_review,
        languages=["en", "zh-Hans"],
    )


@pytest.fixture
def ministry_a(review):
    return MinistryFactory(review=review, name="Ministry of Health", acronym="MOH")


@pytest.fixture
def ministry_b(review):
    return MinistryFactory(review=review, name="Ministry of Education", acronym="MOE")


@pytest.fixture
def other_review(db):
    return ReviewFactory(country=CountryFactory(name="Borealis", iso3="BOR"), title="Second VNR of Borealis")


def _member(review, role, username, ministry=None):
    user = UserFactory(username=username, email=f"{username}@example.org")
    MembershipFactory(review=review, user=user, role=role, ministry=ministry)
    return user


@pytest.fixture
def coordinator(review):
    return _member(review, "coordinator", "coordinator")


@pytest.fixture
def editor(review):
    return _member(review, "editor", "editor")


@pytest.fixture
def focal_a(review, ministry_a):
    return _member(review, "focal_point", "focal_a", ministry=ministry_a)


@pytest.fixture
def focal_b(review, ministry_b):
    return _member(review, "focal_point", "focal_b", ministry=ministry_b)


@pytest.fixture
def reviewer(review):
    return _member(review, "reviewer", "reviewer")


@pytest.fixture
def statistician(review):
    return _member(review, "statistician", "statistician")


@pytest.fixture
def council_member(review):
    return _member(review, "council_member", "council_member")


@pytest.fixture
def moderator(review):
    return _member(review, "moderator", "moderator")


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider", email="outsider@example.org")


@pytest.fixture
def other_member(other_review):
    """The coordinator of another country's review."""
    return _member(other_review, "coordinator", "other_coordinator")


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", email="admin@example.org", is_superuser=True, is_staff=True)


# --- Browser tests -------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def login(page):
    """Log `user` in through the login form (password as set by UserFactory)."""

    def do_login(user, password="correct-horse-battery"):
        page.goto("/accounts/login/")
        # By id, not label, so that it works whatever the page's language.
        page.locator("#id_username").fill(user.username)
        page.locator("#id_password").fill(password)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/")

    return do_login
