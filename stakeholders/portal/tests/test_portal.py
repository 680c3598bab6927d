"""The public portal: the list of portals, a review's portal home and a round's page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.models import Milestone
from reviews.tests.factories import SectionFactory
from stakeholders.tests.factories import (
    ContactFactory,
    ContributionFactory,
    ContributorBlockFactory,
    ContributorFactory,
    ModeratorResponseFactory,
    OrganisationFactory,
    PortalFactory,
    RoundDocumentFactory,
    RoundFactory,
    RoundInvitationFactory,
    RoundQuestionFactory,
    StandingGroupFactory,
)
from stakeholders.tests.helpers import HOSTILE

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def _home(review):
    return reverse("stakeholders:portal-home", args=[review.pk])


def _round(round_, **query):
    url = reverse("stakeholders:portal-round", args=[round_.review_id, round_.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


# --- index ----------------------------------------------------------------------------


def test_portal_index_lists_published_portals_with_open_round_counts(client, portal, public_round, other_review):
    PortalFactory(review=other_review, is_published=False)
    RoundFactory(
        review=portal.review,
        opens_at=timezone.now() - datetime.timedelta(days=30),
        closes_at=timezone.now() - datetime.timedelta(days=2),
    )
    response = client.get(reverse("stakeholders:portal-index"))
    assert response.status_code == 200
    rows = [(p.review.title, p.open_rounds) for p in response.context["portals"]]
    assert rows == [("Second VNR of Aurelia", 1)]
    assert "Borealis" not in response.content.decode()


@pytest.mark.parametrize("count", [1, 4], ids=["one", "four"])
def test_portal_index_query_budget(client, django_assert_num_queries, count):
    for _ in range(count):
        portal = PortalFactory()
        RoundFactory(review=portal.review)
    with django_assert_num_queries(1):
        client.get(reverse("stakeholders:portal-index"))


# --- home -----------------------------------------------------------------------------


def test_portal_home_shows_process_timeline_contacts_and_rounds(client, portal, public_round):
    Milestone.objects.create(review=portal.review, title="Main messages due", due_date=datetime.date(2027, 5, 1))
    response = client.get(_home(portal.review))
    page = response.content.decode()
    assert response.status_code == 200
    assert "How the review is prepared." in page
    assert "Main messages due" in page
    assert "vnr@example.gov" in page
    assert [r.title for r in response.context["open_rounds"]] == ["Consultation on the draft"]
    assert [d.title for r in response.context["drafts"] for d in r.documents_list] == ["Goal 3: Good health"]


def test_portal_home_never_shows_registry_contacts(client, portal, public_round):
    organisation = OrganisationFactory(review=portal.review, name="Farmers Union")
    contact = ContactFactory(organisation=organisation, email="secret.person@example.org", phone="+99 123 4567")
    for url in (_home(portal.review), _round(public_round), reverse("stakeholders:portal-index")):
        page = client.get(url).content.decode()
        assert contact.email not in page
        assert contact.phone not in page
        assert contact.name not in page


def test_portal_home_of_unpublished_portal_is_404_to_the_public(client, review, outsider):
    PortalFactory(review=review, is_published=False)
    assert client.get(_home(review)).status_code == 404
    client.force_login(outsider)
    assert client.get(_home(review)).status_code == 404


def test_portal_home_of_unpublished_portal_is_shown_to_staff(client, review, coordinator):
    PortalFactory(review=review, is_published=False)
    client.force_login(coordinator)
    response = client.get(_home(review))
    assert response.status_code == 200
    assert "This portal is not published" in response.content.decode()


def test_portal_home_without_portal_is_404(client, review):
    assert client.get(_home(review)).status_code == 404


def test_portal_home_links_outcomes_and_survey_of_a_closed_round_to_its_contributors(client, portal, contributor):
    closed = RoundFactory(
        review=portal.review,
        title="Past round",
        opens_at=timezone.now() - datetime.timedelta(days=30),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    ContributionFactory(round=closed, author=contributor)
    client.force_login(contributor)
    response = client.get(_home(portal.review))
    assert [r.title for r in response.context["closed_rounds"]] == ["Past round"]
    assert response.context["closed_rounds"][0].contributed is True
    page = response.content.decode()
    assert f"/portal/{portal.review_id}/rounds/{closed.pk}/outcomes/" in page
    assert f"/portal/{portal.review_id}/rounds/{closed.pk}/survey/" in page


def test_portal_home_offers_the_survey_only_to_contributors(client, portal, contributor):
    closed = RoundFactory(
        review=portal.review,
        opens_at=timezone.now() - datetime.timedelta(days=30),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    client.force_login(contributor)
    page = client.get(_home(portal.review)).content.decode()
    assert f"/portal/{portal.review_id}/rounds/{closed.pk}/outcomes/" in page
    assert f"/rounds/{closed.pk}/survey/" not in page


@pytest.mark.parametrize("rounds", [1, 5], ids=["one", "five"])
def test_portal_home_query_budget(client, portal, contributor, django_assert_num_queries, rounds):
    for n in range(rounds):
        round_ = RoundFactory(review=portal.review)
        RoundDocumentFactory(round=round_)
        Milestone.objects.create(review=portal.review, title=f"M{n}", due_date=datetime.date(2027, 1, 1 + n))
    # review, the final report, the rounds' tokens and the milestones (the cache key), rounds,
    # documents, milestones
    with django_assert_num_queries(7):
        client.get(_home(portal.review))
    with django_assert_num_queries(4):  # the part below the title from the cache
        client.get(_home(portal.review))
    client.force_login(contributor)
    with django_assert_num_queries(10):  # + session, user, memberships, my rounds, profile in the header
        client.get(_home(portal.review))


# --- round page -----------------------------------------------------------------------


def test_round_page_numbers_paragraphs_with_comment_links(client, public_round):
    response = client.get(_round(public_round))
    page = response.content.decode()
    assert response.status_code == 200
    document = public_round.documents.get()
    assert [b["html"] for b in response.context["documents"][0].blocks] == [
        "<p>Clinics opened.</p>",
        "<p>Vaccination rose.</p>",
    ]
    contribute = reverse("stakeholders:portal-contribute", args=[public_round.review_id, public_round.pk])
    assert f"{contribute}?document={document.pk}&amp;paragraph=1" in page


def test_round_page_shows_visible_contributions_under_their_paragraph_with_answers(client, public_round, moderator):
    document = public_round.documents.get()
    contribution = ContributionFactory(round=public_round, document=document, paragraph=1, body="More nurses please")
    ModeratorResponseFactory(contribution=contribution, body="Thanks, noted.", author=moderator)
    response = client.get(_round(public_round))
    blocks = response.context["documents"][0].blocks
    assert [c.body for c in blocks[1]["contributions"]] == ["More nurses please"]
    assert blocks[0]["contributions"] == []
    page = response.content.decode()
    assert page.index("Vaccination rose.") < page.index("More nurses please") < page.index("Thanks, noted.")


def test_round_page_never_shows_hidden_or_awaiting_text(client, public_round):
    document = public_round.documents.get()
    ContributionFactory(
        round=public_round, document=document, body="Secret hidden words", visibility="hidden", hidden_reason="Insults"
    )
    ContributionFactory(round=public_round, document=document, body="Secret awaiting words", visibility="awaiting")
    page = client.get(_round(public_round)).content.decode()
    assert "Secret hidden words" not in page
    assert "Secret awaiting words" not in page
    assert "Hidden by a moderator: Insults" in page
    assert "Waiting for a moderator" in page


def test_round_page_language_switch(client, portal):
    round_ = RoundFactory(review=portal.review, languages=["en", "zh-Hans"])
    RoundDocumentFactory(round=round_, language="en", title="Health")
    RoundDocumentFactory(round=round_, language="zh-Hans", title="健康")
    # The body comes from the cache when read again (test_round_page_cache.py): what shows.
    for query, shown, other in (
        ({}, "Health", "健康"),
        ({"lang": "zh-Hans"}, "健康", "Health"),
        ({"lang": "xx"}, "Health", "健康"),
    ):
        page = client.get(_round(round_, **query)).content.decode()
        assert f">{shown}</h2>" in page
        assert f">{other}</h2>" not in page
    page = client.get(_round(round_)).content.decode()
    assert '<a href="?lang=zh-Hans" lang="zh-Hans">Chinese (Simplified)</a>' in page
    assert "?lang=ar" not in page  # Arabic is a language of the interface, not of this round


def test_round_page_of_one_language_has_no_switch(client, public_round):
    assert "Language of the documents" not in client.get(_round(public_round)).content.decode()


def test_round_page_of_questions_round_shows_questions(client, portal):
    question = RoundQuestionFactory(round__review=portal.review, text="What matters most?")
    ContributionFactory(round=question.round, document=None, question=question, kind="answer", body="Water")
    response = client.get(_round(question.round))
    assert [q.shown_text for q in response.context["questions"]] == ["What matters most?"]
    assert [c.body for c in response.context["questions"][0].answers_on_page] == ["Water"]


def test_round_page_of_invited_round_is_403_for_an_outsider(client, portal, outsider):
    round_ = RoundFactory(review=portal.review, audience="invited")
    client.force_login(outsider)
    response = client.get(_round(round_))
    assert response.status_code == 403
    assert "open only to the people who were invited" in response.content.decode()


def test_round_page_of_invited_round_is_shown_to_the_invited(client, portal, contributor):
    round_ = RoundFactory(review=portal.review, audience="invited")
    RoundInvitationFactory(round=round_, email=contributor.email, accepted_by=contributor, accepted_at=timezone.now())
    client.force_login(contributor)
    assert client.get(_round(round_)).status_code == 200


def test_round_page_of_working_group_round_is_403_to_non_members(client, portal, contributor):
    group = StandingGroupFactory(review=portal.review)
    round_ = RoundFactory(review=portal.review, audience="working_group", group=group)
    client.force_login(contributor)
    assert client.get(_round(round_)).status_code == 403


def test_round_page_of_unpublished_round_is_404(client, portal):
    round_ = RoundFactory(review=portal.review, published_at=None)
    assert client.get(_round(round_)).status_code == 404


def test_round_page_of_another_review_is_404(client, portal, public_round, other_review):
    PortalFactory(review=other_review)
    url = reverse("stakeholders:portal-round", args=[other_review.pk, public_round.pk])
    assert client.get(url).status_code == 404


def test_round_page_shows_hostile_text_inert(client, public_round):
    for value in HOSTILE["xss_html"]:
        ContributionFactory(round=public_round, document=None, body=value, organisation_name=value)
    page = client.get(_round(public_round, doc="general")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "onerror=alert(1)>" not in page
    assert "<svg onload" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    document = public_round.documents.get()
    for value in HOSTILE["xss_html"]:
        ContributionFactory(round=public_round, document=document, paragraph=0, body=value, organisation_name=value)
    page = client.get(_round(public_round)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "onerror=alert(1)>" not in page
    assert "<svg onload" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_round_page_blocked_person_still_reads(client, public_round, contributor):
    ContributorBlockFactory(review=public_round.review, user=contributor, reason="spam")
    client.force_login(contributor)
    response = client.get(_round(public_round))
    assert response.status_code == 200
    assert response.context["can_contribute"] is False


def _populate(round_, count):
    document = round_.documents.get()
    authors = [ContributorFactory() for _ in range(3)]
    for n in range(count):
        contribution = ContributionFactory(
            round=round_,
            document=document,
            paragraph=n % 2,
            author=authors[n % 3],
            visibility=["visible", "hidden", "awaiting"][n % 3],
        )
        if n % 4 == 0:
            ModeratorResponseFactory(contribution=contribution, body="Answer", author=authors[0])


@pytest.mark.parametrize("count", [10, 1000], ids=["ten", "a-thousand"])
def test_round_page_query_budget(client, public_round, contributor, django_assert_num_queries, count):
    _populate(public_round, count)
    with django_assert_num_queries(8):
        response = client.get(_round(public_round))
    assert response.status_code == 200
    client.force_login(contributor)
    with django_assert_num_queries(14):  # + has this person taken part in the review (may they flag)
        client.get(_round(public_round, page=2))


def test_round_page_shows_questions_in_the_chosen_language(client, portal):
    question = RoundQuestionFactory(
        round__review=portal.review,
        round__languages=["en", "zh-Hans"],
        text="What matters?",
        translations={"zh-Hans": "什么重要？"},
    )
    assert "什么重要？" in client.get(_round(question.round, lang="zh-Hans")).content.decode()
    assert "What matters?" in client.get(_round(question.round)).content.decode()


def test_round_without_a_translation_shows_the_original_with_a_notice(client, portal):
    portal.review.languages = ["en", "zh-Hans", "ar"]
    portal.review.save()
    round_ = RoundFactory(review=portal.review, languages=["en", "zh-Hans", "ar"])
    RoundDocumentFactory(round=round_, language="en", title="Health", content="<p>Clinics in every district.</p>")
    page = client.get(_round(round_, lang="ar")).content.decode()
    assert "No document of this round" not in page
    assert "Clinics in every district." in page
    assert "Shown in English: no translation in your language yet." in page
    assert 'lang="en" dir="ltr"' in page
    assert '<p class="fallback-notice small text-body-secondary" role="note" lang="en" dir="ltr">' in page
    assert '<a href="?lang=ar" lang="ar" aria-current="true">' in page
    # A reader whose interface is Chinese sees the same original, with the notice in Chinese's place.
    response = client.get(_round(round_), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert [d.title for d in response.context["documents"]] == ["Health"]
    assert response.context["documents_fallback"] is True
    # In the language it is written in, no notice.
    page = client.get(_round(round_, lang="en")).content.decode()
    assert "no translation in your language yet" not in page


def test_round_with_some_sections_translated_shows_the_others_in_the_original(client, portal):
    round_ = RoundFactory(review=portal.review, languages=["en", "zh-Hans"])
    section = SectionFactory(review=portal.review)
    RoundDocumentFactory(round=round_, section=section, language="en", title="Health", position=0)
    RoundDocumentFactory(round=round_, section=section, language="zh-Hans", title="健康", position=0)
    RoundDocumentFactory(round=round_, language="en", title="Water", position=1)
    response = client.get(_round(round_, lang="zh-Hans"))
    shown = [(d.title, d.language, d.is_fallback) for d in response.context["documents"]]
    assert shown == [("健康", "zh-Hans", False), ("Water", "en", True)]
    assert "no translation in your language yet" not in response.content.decode()
    response = client.get(_round(round_, lang="zh-Hans", doc=2))
    assert response.context["document"].title == "Water"
    assert response.content.decode().count("no translation in your language yet") == 1


def test_round_question_without_a_translation_is_marked_as_the_original(client, portal):
    question = RoundQuestionFactory(
        round__review=portal.review, round__languages=["en", "ar"], text="What matters?", translations={}
    )
    page = client.get(_round(question.round, lang="ar")).content.decode()
    assert '<h3 lang="en" dir="auto">What matters?</h3>' in page
    assert "Shown in English: no translation in your language yet." in page


def test_round_without_any_document_says_so(client, portal):
    round_ = RoundFactory(review=portal.review, kind="sections", languages=["en"])
    assert "This round has no document to read yet." in client.get(_round(round_)).content.decode()


def test_portal_home_cached_part_shows_every_change_at_once(client, portal, public_round, monkeypatch):
    from reviews.tests.factories import EditionFactory

    def page():
        return client.get(_home(portal.review)).content.decode()

    assert "How the review is prepared." in page()
    assert "How the review is prepared." in page()  # from the cache
    # The portal's texts.
    portal.introduction = "<p>A new description of the process.</p>"
    portal.save()
    assert "A new description of the process." in page()
    # A milestone, then marked done.
    milestone = Milestone.objects.create(
        review=portal.review, title="Main messages due", due_date=datetime.date(2027, 5, 1)
    )
    assert "Main messages due" in page()
    milestone.done_on = datetime.date(2027, 4, 30)
    milestone.save()
    assert '<span class="badge">Done</span>' in page()
    # A new round, and a document of a round.
    RoundFactory(review=portal.review, title="Second consultation")
    assert "Second consultation" in page()
    RoundDocumentFactory(round=public_round, title="Goal 4: Quality education")
    assert "Goal 4: Quality education" in page()
    # The published report.
    EditionFactory(
        review=portal.review, is_final=True, is_public=True, status="done", file="editions/r.pdf", language="en"
    )
    assert 'id="report-heading"' in page()
    # The clock: the rounds close.
    later = timezone.now() + datetime.timedelta(days=400)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert 'id="open-heading"' not in page() and 'id="past-heading"' in page()
