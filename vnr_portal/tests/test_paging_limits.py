"""Absurd paging parameters on every paginated page answer a page (the first or the last),
never a server error: a number too large for the database, negative, not a number, a
page size nobody asked for."""

import pytest
from django.urls import reverse

from reviews.tests.factories import AuditEntryFactory, NotificationFactory, SectionFactory, SectionRevisionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

ABSURD = [
    {"page": "99999999999"},
    {"page": "9" * 40},
    {"page": "-1"},
    {"page": "0"},
    {"page": "abc"},
    {"page": "1e400"},
    {"page": "NaN"},
    {"page": ""},
    {"page": ["1", "2"]},
    {"per_page": str(10**9)},
    {"per_page": "-5", "page": "2"},
    {"page": "\x00"},
]


@pytest.fixture
def pages(review, coordinator, ministry_a, moderator):
    from stakeholders.tests.factories import (
        ContributionFactory,
        ContributorFactory,
        OrganisationFactory,
        PortalFactory,
        RoundDocumentFactory,
        RoundFactory,
    )

    section = SectionFactory(review=review, content="<p>Text</p>", version=3)
    for number in (1, 2, 3):
        SectionRevisionFactory(section=section, number=number, content=f"<p>Text {number}</p>", author=coordinator)
    for _n in range(3):
        AuditEntryFactory(review=review, actor=coordinator)
        NotificationFactory(user=coordinator)
    PortalFactory(review=review)
    round_ = RoundFactory(review=review, languages=["en"])
    document = RoundDocumentFactory(round=round_)
    citizen = ContributorFactory(username="citizen", email="citizen@example.org")
    for paragraph in range(3):
        ContributionFactory(round=round_, document=document, author=citizen, paragraph=paragraph)
    OrganisationFactory(review=review)
    staff = [
        reverse("reviews:my-reports", args=[review.pk]),
        reverse("reviews:audit-log", args=[review.pk]),
        reverse("reviews:section-revisions", args=[review.pk, section.pk]),
        reverse("reviews:notifications"),
        reverse("reviews:report-tracker", args=[review.pk]),
        reverse("stakeholders:moderation", args=[review.pk]),
        reverse("stakeholders:organisation-list", args=[review.pk]),
        reverse("stakeholders:uptake", args=[review.pk, round_.pk]),
    ]
    public = [reverse("stakeholders:portal-round", args=[review.pk, round_.pk])]
    return {"staff": staff, "public": public, "mine": [reverse("stakeholders:portal-mine")], "citizen": citizen}


@pytest.mark.parametrize("query", ABSURD, ids=lambda query: repr(query)[:40])
def test_absurd_paging_parameters_answer_a_page_not_an_error(client, pages, coordinator, query):
    answers = {}
    client.force_login(coordinator)
    for url in pages["staff"]:
        answers[url] = client.get(url, query).status_code
    client.logout()
    for url in pages["public"]:
        answers[url] = client.get(url, query).status_code
    client.force_login(pages["citizen"])
    for url in pages["mine"]:
        answers[url] = client.get(url, query).status_code
    assert {url: status for url, status in answers.items() if status not in (200, 400)} == {}
