"""Crawl the portal as each kind of user and post every form empty: never a 500.

A safety net over all pages, including ones added later: whatever a user can reach by
following links, or submit without filling in, answers with a page, a redirect or a
clear refusal.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from reviews.models import GoalAssignment
from reviews.tests.factories import MinistryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

ALLOWED = {200, 204, 301, 302, 400, 403, 404, 405, 410}
SKIP = re.compile(r"^/(admin|accounts/logout|i18n)/|\.(pdf|csv)$|^/static/|^/media/")
MAX_PAGES = 120


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.forms = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self.forms.append(attrs.get("action") or "")


def _crawl(client, start="/"):
    seen, queue, statuses, forms = set(), [start], {}, set()
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        statuses[url] = response.status_code
        if response.status_code in (301, 302) and not urlsplit(response["Location"]).netloc:
            queue.append(response["Location"])
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.links:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.netloc or parts.scheme not in ("", "http") or SKIP.search(parts.path):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        forms.update(urljoin(url, action or url) for action in parser.forms)
    return statuses, forms


@pytest.fixture
def populated(review, ministry_a, ministry_b, goals, coordinator, editor, focal_a, reviewer, council_member):
    MinistryFactory(review=review, name="Division of Health Statistics", parent=ministry_a)
    GoalAssignment.objects.create(review=review, ministry=ministry_a, goal=goals[2], role="lead")
    return review


@pytest.mark.parametrize("who", ["coordinator", "editor", "focal_a", "reviewer", "council_member", "outsider", None])
def test_every_reachable_page_and_empty_form_post_answers_without_a_server_error(request, client, populated, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    statuses, forms = _crawl(client)
    for action in sorted(forms):
        path = urlsplit(action).path
        if not SKIP.search(path):
            statuses[f"POST {path}"] = client.post(path, {}).status_code
    errors = {url: status for url, status in statuses.items() if status not in ALLOWED}
    assert errors == {}
    assert len(statuses) > (1 if who in (None, "outsider") else 8)


@pytest.fixture
def engagement(populated, moderator):
    """A published portal with an open round, comments (one hidden, one answered), an
    organisation with a contact, a working group and an activity."""
    from stakeholders.models import ModeratorResponse
    from stakeholders.tests.factories import (
        ActivityFactory,
        ContactFactory,
        ContributionFactory,
        ContributorFactory,
        OrganisationFactory,
        PortalFactory,
        RoundDocumentFactory,
        RoundFactory,
        StandingGroupFactory,
    )

    review = populated
    PortalFactory(review=review)
    round_ = RoundFactory(review=review, languages=["en", "zh-Hans"])
    document = RoundDocumentFactory(round=round_)
    author = ContributorFactory(username="citizen", email="citizen@example.org")
    answered = ContributionFactory(round=round_, document=document, author=author, paragraph=0)
    ModeratorResponse.objects.create(contribution=answered, body="Thank you.", author=moderator)
    ContributionFactory(round=round_, document=document, visibility="hidden", hidden_reason="Abusive")
    ContactFactory(organisation=OrganisationFactory(review=review))
    StandingGroupFactory(review=review)
    ActivityFactory(review=review)
    return review


@pytest.mark.parametrize("who", ["coordinator", "editor", "moderator", "reviewer", "citizen", None])
def test_engagement_and_portal_pages_answer_without_a_server_error(request, client, engagement, who):
    from django.contrib.auth import get_user_model

    if who == "citizen":
        client.force_login(get_user_model().objects.get(username="citizen"))
    elif who:
        client.force_login(request.getfixturevalue(who))
    start = "/portal/" if who in (None, "citizen") else f"/reviews/{engagement.pk}/engagement/"
    statuses, forms = _crawl(client, start)
    for action in sorted(forms):
        path = urlsplit(action).path
        if not SKIP.search(path):
            statuses[f"POST {path}"] = client.post(path, {}).status_code
    errors = {url: status for url, status in statuses.items() if status not in ALLOWED}
    assert errors == {}
    assert len(statuses) > 5
