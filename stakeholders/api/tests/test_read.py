"""The consultation endpoints of the REST API: the same permissions as the pages (both ways,
with another country's member and token), anonymous people exactly what the public portal
shows (never a hidden, waiting or unpublishable contribution, never an e-mail or who entered
one received offline), JSON errors, ETags, and a fixed number of queries with 10 and 1,000
contributions."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stakeholders.moderation.services.actions import contribution_answer, contribution_hide
from stakeholders.portal.models import Contribution, Visibility
from stakeholders.portal.services.offline import contribution_enter_offline
from stakeholders.rounds.models import RoundInvitation
from stakeholders.tests.factories import (
    ContributionFactory,
    ContributorFactory,
    OrganisationFactory,
    PortalFactory,
    RoundDocumentFactory,
    RoundFactory,
    RoundQuestionFactory,
)
from stakeholders.uptake.services import contribution_decide, round_summary_update
from vnr_portal.accounts.services import api_token_create

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def url(name, pk, **query):
    address = reverse(f"api:{name}", args=[pk])
    return address + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def get(client, user, address, **headers):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(address, **headers)


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# --- Rounds ----------------------------------------------------------------------------


def test_staff_see_every_round_the_public_only_what_the_portal_shows(
    client, review, coordinator, moderator, reviewer, focal_a, outsider, other_member, contributor,
    public_round, invited_round, draft_round,
):  # fmt: skip
    every = {public_round.pk, invited_round.pk, draft_round.pk}
    for user in (coordinator, moderator, reviewer):
        assert ids(get(client, user, url("review-rounds", review.pk))) == every
    for user in (None, focal_a, outsider, other_member, contributor):
        assert ids(get(client, user, url("review-rounds", review.pk))) == {public_round.pk}
    # An invited person who accepted sees the invited round too, as on the portal.
    RoundInvitation.objects.create(round=invited_round, email=contributor.email, accepted_by=contributor)
    assert ids(get(client, contributor, url("review-rounds", review.pk))) == {public_round.pk, invited_round.pk}
    row = get(client, None, url("review-rounds", review.pk)).json()["results"][0]
    assert row["status"] == "open" and row["audience"] == "public"
    assert [document["title"] for document in row["documents"]] == ["Goal 3: Good health"]


def test_a_portal_not_open_to_the_public_is_for_members_only(client, review, coordinator, outsider, other_member):
    PortalFactory(review=review, is_published=False)
    round_ = RoundFactory(review=review)
    assert ids(get(client, coordinator, url("review-rounds", review.pk))) == {round_.pk}
    response = get(client, None, url("review-rounds", review.pk))
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
    for user in (outsider, other_member):
        response = get(client, user, url("review-rounds", review.pk))
        assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    for user in (None, outsider, other_member):
        assert get(client, user, url("round-detail", round_.pk)).status_code == 404
        assert get(client, user, url("round-contributions", round_.pk)).status_code == 404


def test_a_round_is_read_as_its_page_allows(
    client, coordinator, outsider, other_member, public_round, invited_round, draft_round
):
    assert get(client, None, url("round-detail", public_round.pk)).json()["title"] == "Consultation on the draft"
    # A draft round is not announced; a published one outside one's audience is refused.
    for user in (None, outsider, other_member):
        response = get(client, user, url("round-detail", draft_round.pk))
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert get(client, None, url("round-detail", invited_round.pk)).status_code == 401
    for user in (outsider, other_member):
        assert get(client, user, url("round-detail", invited_round.pk)).status_code == 403
        assert get(client, user, url("round-contributions", invited_round.pk)).status_code == 403
    for round_ in (draft_round, invited_round):
        assert get(client, coordinator, url("round-detail", round_.pk)).json()["id"] == round_.pk


def test_a_missing_review_or_round_is_a_json_404(client, coordinator):
    for address in (url("review-rounds", 999999), url("round-detail", 999999), url("round-contributions", 999999)):
        response = get(client, coordinator, address)
        assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_another_countrys_token_reads_only_the_public_part(client, other_member, public_round, draft_round):
    expires = timezone.localdate() + datetime.timedelta(days=30)
    token = api_token_create(user=other_member, name="platform", scope="read", expires_on=expires)[1]
    client.logout()
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"}
    assert ids(client.get(url("review-rounds", public_round.review_id), **headers)) == {public_round.pk}
    assert client.get(url("round-detail", draft_round.pk), **headers).status_code == 404
    hidden = ContributionFactory(round=public_round, visibility=Visibility.HIDDEN)
    shown = ContributionFactory(round=public_round)
    assert ids(client.get(url("round-contributions", public_round.pk), **headers)) == {shown.pk}
    assert hidden.pk


# --- Contributions ---------------------------------------------------------------------


@pytest.fixture
def mixed(public_round, coordinator, moderator):
    """Contributions of every kind of visibility in the public round."""
    document = public_round.documents.get()
    shown = ContributionFactory(round=public_round, document=document, paragraph=1, body="Clinics need staff.")
    hidden = ContributionFactory(round=public_round, document=document, body="Something abusive.")
    contribution_hide(actor=moderator, contribution=hidden, reason="Insults")
    waiting = ContributionFactory(round=public_round, document=document, visibility=Visibility.AWAITING)
    offline = {}
    for publish in (True, False):
        offline[publish] = contribution_enter_offline(
            actor=coordinator,
            round=public_round,
            channel="workshop",
            received_on=timezone.localdate() - datetime.timedelta(days=2),
            body=f"Said at the workshop ({publish}).",
            consent=True,
            consent_publish=publish,
            given_by="Ms Secret Name",
            given_by_contact="secret@example.org",
        )
    return {"shown": shown, "hidden": hidden, "waiting": waiting, "offline": offline[True], "private": offline[False]}


def test_the_public_sees_only_public_contributions(
    client, public_round, mixed, editor, reviewer, outsider, other_member, contributor
):
    public = {mixed["shown"].pk, mixed["offline"].pk}
    for user in (None, outsider, other_member, contributor, editor, reviewer):
        response = get(client, user, url("round-contributions", public_round.pk))
        assert ids(response) == public
        text = response.content.decode()
        for secret in ("Something abusive", "Ms Secret Name", "secret@example.org", "@example.org", "Insults"):
            assert secret not in text
        assert {row["visibility"] for row in response.json()["results"]} == {"visible"}


def test_moderators_see_hidden_ones_flagged_as_such(client, public_round, mixed, moderator, coordinator):
    for user in (moderator, coordinator):
        response = get(client, user, url("round-contributions", public_round.pk))
        rows = {row["id"]: row for row in response.json()["results"]}
        assert set(rows) == {c.pk for c in mixed.values()}
        assert rows[mixed["hidden"].pk]["visibility"] == "hidden"
        assert rows[mixed["hidden"].pk]["hidden_reason"] == "Insults"
        assert rows[mixed["waiting"].pk]["visibility"] == "awaiting"
        assert rows[mixed["private"].pk]["visibility"] == "hidden"
        assert "Ms Secret Name" not in str(rows)


def test_a_contribution_as_the_public_page_shows_it(client, public_round, mixed, moderator, coordinator):
    shown = mixed["shown"]
    shown.author.contributor.display_name = "Amina"
    shown.author.contributor.save()
    organisation = OrganisationFactory(review=public_round.review, name="Health Watch")
    Contribution.objects.filter(pk=shown.pk).update(on_behalf_of=organisation)
    contribution_answer(actor=moderator, contribution=shown, body="Thank you: the ministry will reply.")
    contribution_decide(actor=coordinator, contribution=shown, decision="partly", reason="Staffing is in Goal 3.")
    rows = {row["id"]: row for row in get(client, None, url("round-contributions", public_round.pk)).json()["results"]}
    row = rows[shown.pk]
    assert row["body"] == "Clinics need staff."
    assert (row["document"], row["paragraph"], row["question"]) == (shown.document_id, 1, None)
    assert row["author_name"] == "Amina" and row["organisation"] == "Health Watch"
    assert row["date"] == timezone.localdate(shown.created_at).isoformat()
    assert [answer["body"] for answer in row["answers"]] == ["Thank you: the ministry will reply."]
    assert row["uptake"] == {
        "decision": "partly",
        "decision_label": "Partly taken in",
        "explanation": "Staffing is in Goal 3.",
        "revision": None,
    }
    offline = rows[mixed["offline"].pk]
    assert offline["author_name"] == "A participant" and offline["received"] == "received at a workshop"
    assert offline["date"] == mixed["offline"].received_on.isoformat() and offline["uptake"] is None


def test_a_display_name_that_is_an_email_is_never_shown(client, public_round):
    author = ContributorFactory(username="who", email="who@example.org")
    author.contributor.display_name = "who@example.org"
    author.contributor.save()
    ContributionFactory(round=public_round, author=author)
    rows = get(client, None, url("round-contributions", public_round.pk)).json()["results"]
    assert [row["author_name"] for row in rows] == ["A contributor"]


def test_contributions_filter_by_place_language_answer_and_decision(client, review, moderator, coordinator):
    PortalFactory(review=review)
    round_ = RoundFactory(review=review, kind="questions")
    first, second = RoundQuestionFactory(round=round_), RoundQuestionFactory(round=round_)
    a = ContributionFactory(round=round_, document=None, question=first, language="fr")
    b = ContributionFactory(round=round_, document=None, question=second, language="en")
    c = ContributionFactory(round=round_, document=None, question=second, language="en")
    contribution_answer(actor=moderator, contribution=b, body="Noted.")
    contribution_decide(actor=coordinator, contribution=c, decision="not_taken", reason="Out of our hands.")

    def address(**query):
        return url("round-contributions", round_.pk, **query)

    assert ids(get(client, None, address(question=second.pk))) == {b.pk, c.pk}
    assert ids(get(client, None, address(language="fr"))) == {a.pk}
    assert ids(get(client, None, address(has_answer="true"))) == {b.pk}
    assert ids(get(client, None, address(has_answer="false"))) == {a.pk, c.pk}
    assert ids(get(client, None, address(decision="not_taken"))) == {c.pk}
    assert ids(get(client, None, address(decision="none"))) == {a.pk, b.pk}


@pytest.mark.parametrize(
    "query",
    [
        {"question": "abc"},
        {"document": "0"},
        {"paragraph": "-1"},
        {"has_answer": "maybe"},
        {"decision": "bogus"},
        {"language": "x" * 11},
        {"page_size": "0"},
    ],
)
def test_a_malformed_filter_is_a_json_400(client, public_round, query):
    response = get(client, None, url("round-contributions", public_round.pk, **query))
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and set(body["errors"]) == set(query)


def test_a_tampered_cursor_is_a_json_404(client, public_round):
    response = get(client, None, url("round-contributions", public_round.pk, cursor="bz1hYmM="))
    assert response.status_code == 404 and response.json()["detail"] == "Invalid cursor"


def test_writing_is_not_an_operation_here(client, coordinator, public_round):
    client.force_login(coordinator)
    response = client.post(url("round-contributions", public_round.pk), {}, content_type="application/json")
    assert response.status_code == 405 and response.json()["code"] == "method_not_allowed"


def test_an_etag_answers_304_when_nothing_changed(client, public_round):
    first = get(client, None, url("round-contributions", public_round.pk))
    again = client.get(url("round-contributions", public_round.pk), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    ContributionFactory(round=public_round)
    changed = client.get(url("round-contributions", public_round.pk), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200


# --- "You said, we did" ----------------------------------------------------------------


def test_the_summary_is_read_as_the_outcomes_page(client, coordinator, public_round, draft_round, mixed):
    round_summary_update(actor=coordinator, round=public_round, summary="We heard you.<script>x</script>")
    contribution_decide(actor=coordinator, contribution=mixed["shown"], decision="accepted")
    body = get(client, None, url("round-summary", public_round.pk)).json()
    assert "We heard you." in body["summary"] and "<script" not in body["summary"]
    assert body["decided"] == 1 and body["contributions"] == 5
    assert {row["decision"]: row["count"] for row in body["by_decision"]}["accepted"] == 1
    assert get(client, None, url("round-summary", draft_round.pk)).status_code == 404
    assert get(client, coordinator, url("round-summary", draft_round.pk)).json()["decided"] == 0


# --- Query budgets: the same number of queries for 10 and 1,000 rows ----------------------------


def _fill(round_, count):
    document = round_.documents.first() or RoundDocumentFactory(round=round_)
    authors = [ContributorFactory() for _ in range(5)]
    Contribution.objects.bulk_create(
        Contribution(round=round_, document=document, author=authors[n % 5], body=f"Comment {n}", language="en")
        for n in range(count)
    )
    for contribution in Contribution.objects.filter(round=round_)[: count // 10]:
        contribution.responses.create(body="Thanks.", author=authors[0])


@pytest.mark.parametrize("count", [10, 1000])
@pytest.mark.parametrize("who", ["anonymous", "moderator"])
def test_contribution_queries_do_not_grow_with_the_data(
    client, public_round, moderator, django_assert_num_queries, count, who
):
    _fill(public_round, count)
    client.logout()
    if who == "moderator":
        client.force_login(moderator)
    with django_assert_num_queries({"anonymous": 4, "moderator": 7}[who]):
        response = client.get(url("round-contributions", public_round.pk, page_size=500, has_answer="false"))
    assert response.status_code == 200
    assert len(response.json()["results"]) == min(count - count // 10, 500)


@pytest.mark.parametrize("count", [10, 1000])
def test_round_queries_do_not_grow_with_the_data(client, review, coordinator, django_assert_num_queries, count):
    PortalFactory(review=review)
    for round_ in RoundFactory.create_batch(count // 10, review=review):
        RoundDocumentFactory(round=round_)
        RoundQuestionFactory(round=round_)
    client.force_login(coordinator)
    with django_assert_num_queries(7):
        response = client.get(url("review-rounds", review.pk, page_size=500))
    assert len(response.json()["results"]) == count // 10
    client.logout()
    with django_assert_num_queries(4):
        response = client.get(url("review-rounds", review.pk, page_size=500))
    assert len(response.json()["results"]) == count // 10


# --- Files ------------------------------------------------------------------------------------


def _attach(contribution, name="notes.pdf"):
    from django.core.files.base import ContentFile

    return contribution.attachments.create(
        file=ContentFile(b"%PDF-1.4", name=name), original_name=name, content_type="application/pdf", size=8
    )


def test_files_are_listed_where_the_portal_lets_one_download_them(client, public_round, mixed, moderator):
    shown = _attach(mixed["shown"])
    scan = _attach(mixed["offline"], "scan.pdf")
    rows = {row["id"]: row for row in get(client, None, url("round-contributions", public_round.pk)).json()["results"]}
    files = rows[mixed["shown"].pk]["attachments"]
    assert [(item["id"], item["original_name"]) for item in files] == [(shown.pk, "notes.pdf")]
    assert client.get(files[0]["download_url"]).status_code == 200
    # The scan of a paper form carries personal data: not for the public, as on the portal.
    assert rows[mixed["offline"].pk]["attachments"] == []
    rows = {
        row["id"]: row for row in get(client, moderator, url("round-contributions", public_round.pk)).json()["results"]
    }
    assert [item["id"] for item in rows[mixed["offline"].pk]["attachments"]] == [scan.pk]


@pytest.mark.parametrize("count", [10, 1000])
def test_an_invited_rounds_contributions_in_fixed_queries(
    client, invited_round, contributor, django_assert_num_queries, count
):
    RoundInvitation.objects.create(round=invited_round, email=contributor.email, accepted_by=contributor)
    _fill(invited_round, count)
    for contribution in Contribution.objects.filter(round=invited_round)[:5]:
        _attach(contribution)
    client.force_login(contributor)
    with django_assert_num_queries(8):
        response = client.get(url("round-contributions", invited_round.pk, page_size=500))
    assert len(response.json()["results"]) == min(count, 500)
