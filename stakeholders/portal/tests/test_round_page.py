"""The public round page at size: one document per page, its contributions a page at a
time, the frozen copy's paragraphs made once (never sanitized per request), absurd
paging parameters answered, a fixed number of queries and a bounded weight."""

from unittest import mock

import pytest
from django.urls import reverse

from reviews.tests.factories import SectionFactory
from stakeholders.models import Contribution, ContributorProfile, ModeratorResponse
from stakeholders.portal.selectors import CONTRIBUTIONS_PER_PAGE
from stakeholders.tests.factories import (
    ContributionFactory,
    ContributorFactory,
    RoundDocumentFactory,
    RoundFactory,
    RoundQuestionFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

PER_PAGE = CONTRIBUTIONS_PER_PAGE


def _round(round_, **query):
    url = reverse("stakeholders:portal-round", args=[round_.review_id, round_.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def three_documents(portal):
    round_ = RoundFactory(review=portal.review, title="Three sections")
    documents = [
        RoundDocumentFactory(
            round=round_, position=n, title=f"Goal {n + 1}", content=f"<p>Text of goal {n + 1}.</p><p>More.</p>"
        )
        for n in range(3)
    ]
    return round_, documents


def _bulk_contributions(round_, documents, count, *, body="A comment on the draft.", paragraphs=30):
    authors = [ContributorFactory() for _ in range(3)]
    Contribution.objects.bulk_create(
        Contribution(
            round=round_,
            document=documents[n % len(documents)],
            paragraph=None if n % 7 == 0 else n % paragraphs,
            author=authors[n % 3],
            language="en",
            body=f"{body} ({n})",
            visibility=["visible", "visible", "hidden"][n % 3],
        )
        for n in range(count)
    )
    ModeratorResponse.objects.bulk_create(
        ModeratorResponse(contribution=c, author=authors[0], body="Thank you, noted.")
        for c in Contribution.objects.filter(round=round_)[::5]
    )


def test_round_page_shows_one_document_and_links_every_other(client, three_documents):
    round_, documents = three_documents
    response = client.get(_round(round_))
    page = response.content.decode()
    assert response.context["document"] == documents[0]
    assert "Text of goal 1." in page
    assert "Text of goal 2." not in page
    assert 'href="?lang=en&amp;doc=1" aria-current="page"' in page
    assert 'href="?lang=en&amp;doc=3"' in page
    assert "Document 1 of 3:" in page
    response = client.get(_round(round_, doc=3))
    assert response.context["document"] == documents[2]
    assert "Text of goal 3." in response.content.decode()
    assert "Text of goal 1." not in response.content.decode()


def test_round_page_pages_a_documents_contributions_under_their_paragraphs(client, public_round):
    document = public_round.documents.get()
    first = [ContributionFactory(round=public_round, document=document, paragraph=0) for _ in range(PER_PAGE)]
    ContributionFactory(round=public_round, document=document, paragraph=1, body="On the second paragraph")
    ContributionFactory(round=public_round, document=None, body="A general remark")

    page = client.get(_round(public_round)).content.decode()

    assert all(f'id="contribution-{c.pk}"' in page for c in first)
    assert "On the second paragraph" not in page
    assert "A general remark" not in page  # under "General contributions", a part of its own
    assert '<nav aria-label="Pages of contributions" class="pagination">' in page
    assert 'href="?lang=en&amp;doc=1&amp;page=1" aria-current="page"' in page
    # The paragraph whose contributions are on the next page links there, at the paragraph.
    assert f'href="?lang=en&amp;doc=1&amp;page=2#p-{document.pk}-2">Read its 1 contribution' in page
    second = client.get(_round(public_round, doc=1, page=2))
    blocks = second.context["document"].blocks
    assert [c.body for c in blocks[1]["contributions"]] == ["On the second paragraph"]
    general = client.get(_round(public_round, doc="general")).content.decode()
    assert "A general remark" in general
    assert "Clinics opened." not in general


def test_round_page_of_questions_round_pages_the_answers(client, portal):
    question = RoundQuestionFactory(round__review=portal.review, text="What matters most?")
    for n in range(PER_PAGE + 1):
        ContributionFactory(round=question.round, document=None, question=question, kind="answer", body=f"Water {n}")
    response = client.get(_round(question.round))
    assert len(response.context["questions"][0].answers_on_page) == PER_PAGE
    last = client.get(_round(question.round, doc="questions", page=2))
    assert [c.body for c in last.context["questions"][0].answers_on_page] == [f"Water {PER_PAGE}"]


@pytest.mark.parametrize("value", ["99999999999", "-1", "0", "abc", "", "1e3", "²", "1" * 5000, "%00"])
def test_round_page_answers_any_page_number(client, public_round, value):
    document = public_round.documents.get()
    for _ in range(PER_PAGE + 1):
        ContributionFactory(round=public_round, document=document, paragraph=0)
    response = client.get(_round(public_round, page=value))
    assert response.status_code == 200
    assert response.context["page"].number in (1, 2)


@pytest.mark.parametrize("value", ["abc", "0", "-1", "2", "99999999999", "²", "questions", "%00"])
def test_round_page_of_a_document_it_has_not_is_404(client, public_round, value):
    assert client.get(_round(public_round, doc=value)).status_code == 404


def test_round_page_finds_a_contribution_on_its_page(client, public_round):
    document = public_round.documents.get()
    for _ in range(PER_PAGE):
        ContributionFactory(round=public_round, document=document, paragraph=0)
    wanted = ContributionFactory(round=public_round, document=document, paragraph=1)
    response = client.get(_round(public_round, contribution=wanted.pk))
    assert response.status_code == 302
    assert response["Location"].endswith(f"?lang=en&doc=1&page=2#contribution-{wanted.pk}")
    assert f'id="contribution-{wanted.pk}"' in client.get(response["Location"]).content.decode()
    general = ContributionFactory(round=public_round, document=None)
    assert client.get(_round(public_round, contribution=general.pk))["Location"].endswith(
        f"?lang=en&doc=general&page=1#contribution-{general.pk}"
    )


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999"])
def test_round_page_of_an_unknown_contribution_is_404(client, public_round, value):
    assert client.get(_round(public_round, contribution=value)).status_code == 404


def test_round_page_of_another_rounds_contribution_is_404(client, public_round, portal):
    other = ContributionFactory(round=RoundFactory(review=portal.review))
    assert client.get(_round(public_round, contribution=other.pk)).status_code == 404


def test_round_page_finds_a_contribution_on_a_copy_in_another_language(client, portal):
    round_ = RoundFactory(review=portal.review, languages=["en", "fr"])
    section = SectionFactory(review=portal.review)
    RoundDocumentFactory(round=round_, section=section, language="en", title="Health")
    french = RoundDocumentFactory(round=round_, section=section, language="fr", title="Santé")
    contribution = ContributionFactory(round=round_, document=french, paragraph=0, language="fr")
    response = client.get(_round(round_, contribution=contribution.pk))
    assert response["Location"].endswith(f"?lang=fr&contribution={contribution.pk}")
    response = client.get(response["Location"])
    assert response["Location"].endswith(f"?lang=fr&doc=1&page=1#contribution-{contribution.pk}")


def test_round_page_serves_the_frozen_paragraphs_without_sanitizing_them(client, public_round):
    document = public_round.documents.get()
    from reviews.core import sanitize
    from stakeholders.rounds import documents as round_documents

    with (
        mock.patch.object(sanitize, "clean_html", wraps=sanitize.clean_html) as clean,
        mock.patch.object(round_documents, "paragraphs", wraps=round_documents.paragraphs) as split,
    ):
        page = client.get(_round(public_round)).content.decode()
    assert "<p>Clinics opened.</p>" in page
    assert split.call_count == 0
    assert not [call for call in clean.call_args_list if "Clinics" in str(call)]
    assert document.paragraphs == ["<p>Clinics opened.</p>", "<p>Vaccination rose.</p>"]


def test_round_page_shows_what_was_frozen_even_if_the_text_changed_behind_it(client, public_round):
    """The page reads the paragraphs made at freeze time: they are what people commented on."""
    document = public_round.documents.get()
    type(document).objects.filter(pk=document.pk).update(content="<p>Changed behind the page's back.</p>")
    page = client.get(_round(public_round)).content.decode()
    assert "Clinics opened." in page
    assert "Changed behind" not in page


def test_round_page_makes_the_paragraphs_of_a_copy_never_frozen_by_the_services(client, public_round):
    document = public_round.documents.get()
    type(document).objects.filter(pk=document.pk).update(
        paragraphs=None, content='<p>Clinics opened.</p><p onclick="x()">Rose.</p><script>alert(1)</script>'
    )
    page = client.get(_round(public_round)).content.decode()
    assert "<p>Rose.</p>" in page
    assert "onclick" not in page
    assert "alert(1)" not in page


def _big_round(portal, documents=20):
    round_ = RoundFactory(review=portal.review, title="Big consultation")
    paragraph = "The ministry opened clinics in every district and trained nurses in rural areas. " * 4
    docs = [
        RoundDocumentFactory(
            round=round_, position=n, title=f"Goal {n + 1}", content="".join(f"<p>{paragraph}</p>" for _ in range(30))
        )
        for n in range(documents)
    ]
    return round_, docs


@pytest.mark.parametrize("count", [10, 1000], ids=["ten", "a-thousand"])
def test_round_page_query_budget_with_twenty_documents(client, portal, contributor, django_assert_num_queries, count):
    round_, documents = _big_round(portal)
    _bulk_contributions(round_, documents, count)
    with django_assert_num_queries(8):
        response = client.get(_round(round_, doc=2))
    assert response.status_code == 200
    with django_assert_num_queries(4):  # no contribution on the page: nothing but the round and its counts
        client.get(_round(round_, doc="general"))
    ContributorProfile.objects.get_or_create(user=contributor, defaults={"display_name": "Reader"})
    client.force_login(contributor)
    with django_assert_num_queries(14):  # + the session, the person and may they take part or flag
        client.get(_round(round_, doc=1, page=2))  # (ten: one page, so its last)


def test_round_page_weight_is_bounded_at_a_thousand_contributions(client, portal):
    round_, documents = _big_round(portal)
    _bulk_contributions(round_, documents, 1000, body="We need more clinics in the north. " * 15)
    response = client.get(_round(round_))
    assert response.status_code == 200
    # One document (30 paragraphs of ~330 characters) and 20 contributions of ~500: well
    # under the 100 KB every public page must stay below, whatever the round's size.
    assert len(response.content) < 60 * 1024


def test_portal_home_links_each_draft_to_its_own_page(client, three_documents):
    round_, documents = three_documents
    home = client.get(reverse("stakeholders:portal-home", args=[round_.review_id])).content.decode()
    href = f"{_round(round_)}?lang=en&amp;document={documents[2].pk}#document-{documents[2].pk}"
    assert href in home
    response = client.get(_round(round_, lang="en", document=documents[2].pk))
    assert response.context["document"] == documents[2]
    assert f'id="document-{documents[2].pk}"' in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999", ""])
def test_round_page_of_an_unknown_document_id_is_404(client, public_round, value):
    assert client.get(_round(public_round, document=value)).status_code == 404
