"""The moderation queue: who may see it, what it lists, its filters, query budget, and
marking spam in bulk."""

import pytest
from django.urls import reverse

from reviews.models import AuditEntry, Notification
from stakeholders.models import Contribution
from stakeholders.tests.factories import (
    ContributionFactory,
    ContributionFlagFactory,
    ContributorBlockFactory,
    ContributorFactory,
    ModeratorResponseFactory,
    RoundDocumentFactory,
    RoundFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def queue_url(review, **query):
    url = reverse("stakeholders:moderation", args=[review.pk])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


@pytest.fixture
def document(public_round):
    return public_round.documents.get()


def _contribution(round_, document, **kwargs):
    return ContributionFactory(round=round_, document=document, **kwargs)


# --- Permissions ------------------------------------------------------------------------------


def test_queue_anonymous_is_sent_to_login(client, review):
    response = client.get(queue_url(review))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["moderator", "coordinator", "superuser"])
def test_queue_shown_to_moderating_roles(client, request, review, public_round, document, role):
    _contribution(public_round, document, body="Clinics need more nurses.")
    client.force_login(request.getfixturevalue(role))
    response = client.get(queue_url(review, status="all"))
    assert response.status_code == 200
    assert "Clinics need more nurses." in response.content.decode()


@pytest.mark.parametrize("role", ["editor", "reviewer", "focal_a", "outsider", "contributor", "other_member"])
def test_queue_refused_to_other_roles(client, request, review, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(queue_url(review)).status_code == 403


def test_queue_of_a_missing_review_is_404(client, moderator):
    client.force_login(moderator)
    assert client.get(reverse("stakeholders:moderation", args=[999999])).status_code == 404


# --- What it lists ------------------------------------------------------------------------------


def test_queue_lists_newest_first_with_round_section_and_author_name(client, moderator, review, public_round, document):
    older = _contribution(public_round, document, body="Older comment", paragraph=1)
    newer = _contribution(public_round, document, body="Newer comment")
    Contribution.objects.filter(pk=older.pk).update(created_at=newer.created_at.replace(year=2020))
    client.force_login(moderator)
    html = client.get(queue_url(review, status="all")).content.decode()
    assert html.index("Newer comment") < html.index("Older comment")
    assert "Consultation on the draft" in html
    assert "Goal 3: Good health" in html
    assert "paragraph 2" in html
    assert newer.author.contributor.display_name in html


def test_queue_never_shows_an_email_address_as_the_authors_name(client, moderator, review, public_round, document):
    author = ContributorFactory(username="jane@example.org", email="jane@example.org", first_name="", last_name="")
    author.contributor.display_name = "jane@example.org"
    author.contributor.save()
    _contribution(public_round, document, author=author, body="By e-mail name")
    client.force_login(moderator)
    html = client.get(queue_url(review, status="all")).content.decode()
    assert "By e-mail name" in html
    assert "jane@example.org" not in html
    assert f"Contributor {author.pk}" in html


def test_queue_shows_flags_with_reasons_and_existing_answers(
    client, moderator, review, public_round, document, other_contributor
):
    contribution = _contribution(public_round, document, body="Flagged one", flag_count=1)
    ContributionFlagFactory(contribution=contribution, user=other_contributor, reason="Insults a minister")
    ModeratorResponseFactory(contribution=contribution, body="We answered this already.", author=moderator)
    client.force_login(moderator)
    html = client.get(queue_url(review, status="all")).content.decode()
    assert "Flagged by 1 person" in html
    assert "Insults a minister" in html
    assert "We answered this already." in html


def test_queue_leaves_out_contributions_of_other_reviews(
    client, moderator, review, other_review, public_round, document
):
    _contribution(public_round, document, body="Ours")
    ContributionFactory(round=RoundFactory(review=other_review), body="Theirs")
    client.force_login(moderator)
    html = client.get(queue_url(review, status="all")).content.decode()
    assert "Ours" in html
    assert "Theirs" not in html


@pytest.mark.parametrize(
    "status, expected",
    [
        ("todo", {"unclassified"}),
        ("awaiting", {"awaiting"}),
        ("hidden", {"hidden"}),
        ("all", {"unclassified", "awaiting", "hidden", "classified"}),
        ("nonsense", {"unclassified"}),
    ],
    ids=["to-classify", "waiting-after-flags", "hidden", "all", "unknown-status-falls-back"],
)
def test_queue_status_filter(client, moderator, review, public_round, document, status, expected):
    _contribution(public_round, document, body="unclassified")
    _contribution(public_round, document, body="awaiting", visibility="awaiting", classification="political")
    _contribution(public_round, document, body="hidden", visibility="hidden", classification="spam", hidden_reason="x")
    _contribution(public_round, document, body="classified", classification="constructive")
    client.force_login(moderator)
    page = client.get(queue_url(review, status=status)).context["page"]
    assert {c.body for c in page.object_list} == expected


def test_queue_round_class_and_language_filters(client, moderator, review, public_round, document):
    second = RoundFactory(review=review, title="Second round")
    _contribution(public_round, document, body="en political", classification="political")
    _contribution(public_round, document, body="zh political", classification="political", language="zh-Hans")
    ContributionFactory(round=second, body="other round", classification="political")
    client.force_login(moderator)
    page = client.get(
        queue_url(review, status="all", round=public_round.pk, classification="political", language="zh-Hans")
    ).context["page"]
    assert [c.body for c in page.object_list] == ["zh political"]


def test_queue_ignores_a_round_of_another_review(client, moderator, review, other_review, public_round, document):
    foreign = RoundFactory(review=other_review)
    ContributionFactory(round=foreign, body="foreign")
    _contribution(public_round, document, body="ours")
    client.force_login(moderator)
    response = client.get(queue_url(review, status="all", round=foreign.pk))
    assert response.status_code == 200
    assert [c.body for c in response.context["page"].object_list] == ["ours"]


def test_queue_counts_per_status(client, moderator, review, public_round, document):
    _contribution(public_round, document)
    _contribution(public_round, document, visibility="awaiting")
    client.force_login(moderator)
    tabs = client.get(queue_url(review)).context["status_filters"]
    assert {key: count for key, _label, count in tabs} == {
        "todo": 2,
        "awaiting": 1,
        "flagged": 0,
        "hidden": 0,
        "all": 2,
    }


def test_queue_shows_who_flagged_when_and_why(client, moderator, reviewer, review, public_round, document):
    contribution = _contribution(public_round, document, body="Flagged one")
    flagger = ContributorFactory(username="amina@example.org", email="amina@example.org")
    flagger.contributor.display_name = "Amina K."
    flagger.contributor.save()
    ContributionFlagFactory(contribution=contribution, user=flagger, reason="Insults a minister")
    ContributionFlagFactory(contribution=contribution, user=reviewer, reason="")
    client.force_login(moderator)
    html = client.get(queue_url(review, status="all")).content.decode()
    assert "Amina K.</bdi>, <time" in html
    assert "Insults a minister" in html
    assert f"{reviewer.get_full_name()}</bdi>, <time" in html
    assert "amina@example.org" not in html


def test_queue_flagged_tab_lists_flags_newer_than_the_last_look(client, moderator, review, public_round, document):
    from django.utils import timezone

    never_looked = _contribution(public_round, document, body="never looked at")
    ContributionFlagFactory(contribution=never_looked)
    looked_after = _contribution(public_round, document, body="looked at after the flag")
    ContributionFlagFactory(contribution=looked_after)
    flagged_again = _contribution(public_round, document, body="flagged again since")
    ContributionFlagFactory(contribution=flagged_again)
    _contribution(public_round, document, body="not flagged")
    now = timezone.now()
    Contribution.objects.filter(pk__in=[looked_after.pk, flagged_again.pk]).update(
        moderated_at=now, moderated_by=moderator, flag_count=1
    )
    Contribution.objects.filter(pk=never_looked.pk).update(flag_count=1)
    ContributionFlagFactory(contribution=flagged_again, created_at=now + timezone.timedelta(minutes=1))
    Contribution.objects.filter(pk=flagged_again.pk).update(flag_count=2)
    client.force_login(moderator)
    response = client.get(queue_url(review, status="flagged"))
    assert [c.body for c in response.context["page"].object_list] == ["flagged again since", "never looked at"]
    assert {key: count for key, _label, count in response.context["status_filters"]}["flagged"] == 2


def test_queue_lists_blocked_accounts(client, moderator, review, contributor):
    block = ContributorBlockFactory(review=review, user=contributor, reason="Repeated insults", blocked_by=moderator)
    client.force_login(moderator)
    html = client.get(queue_url(review)).content.decode()
    assert "Repeated insults" in html
    assert contributor.contributor.display_name in html
    assert reverse("stakeholders:moderation-unblock", args=[review.pk, block.pk]) in html


def test_queue_paginates(client, moderator, review, public_round, document):
    for n in range(30):
        _contribution(public_round, document, body=f"comment {n}")
    client.force_login(moderator)
    first = client.get(queue_url(review, status="all")).context["page"]
    second = client.get(queue_url(review, status="all", page=2)).context["page"]
    assert len(first.object_list) == 25
    assert len(second.object_list) == 5


def _fill(review, public_round, document, count, moderator):
    other_round = RoundFactory(review=review)
    other_document = RoundDocumentFactory(round=other_round)
    flagger = ContributorFactory()
    for n in range(count):
        round_, doc = (public_round, document) if n % 2 else (other_round, other_document)
        contribution = ContributionFactory(round=round_, document=doc, body=f"comment {n}", author=ContributorFactory())
        ContributionFlagFactory(contribution=contribution, user=flagger, reason="rude")
        ModeratorResponseFactory(contribution=contribution, body="Thanks", author=moderator)
        if n < 3:
            ContributorBlockFactory(review=review, user=contribution.author, reason="abuse")


@pytest.mark.parametrize("count", [10, 200], ids=["10-contributions", "200-contributions"])
def test_queue_query_budget_is_the_same_for_10_and_200(
    client, moderator, review, public_round, document, count, django_assert_num_queries
):
    _fill(review, public_round, document, count, moderator)
    client.force_login(moderator)
    client.get(queue_url(review))  # another list: the session and the person are loaded
    # The rounds' tokens, the counts, the page's ids, then its contributions: a narrow sort
    # however many match.
    with django_assert_num_queries(14):
        response = client.get(queue_url(review, status="all"))
    assert response.content.decode().count('<li class="card mb-3" id="contribution-') == min(count, 25)
    # Read again: the counts and the cards from the cache (test_queue_cache.py): the session,
    # the person, the review, the memberships, the tokens, the blocks, the rounds to filter by.
    with django_assert_num_queries(7):
        response = client.get(queue_url(review, status="all"))
    assert response.content.decode().count('<li class="card mb-3" id="contribution-') == min(count, 25)


# --- Spam in bulk --------------------------------------------------------------------------------


def test_bulk_marks_the_chosen_as_spam_and_hidden(client, moderator, review, public_round, document):
    chosen = [_contribution(public_round, document) for _ in range(2)]
    left = _contribution(public_round, document)
    client.force_login(moderator)
    response = client.post(
        reverse("stakeholders:moderation-bulk", args=[review.pk]),
        {"contributions": [c.pk for c in chosen], "reason": "Advertising", "next_query": "status=all&page=1"},
    )
    assert response.status_code == 302
    assert response["Location"] == queue_url(review, status="all", page=1)
    rows = {c.pk: c for c in Contribution.objects.all()}
    assert [(rows[c.pk].classification, rows[c.pk].visibility, rows[c.pk].hidden_reason) for c in chosen] == [
        ("spam", "hidden", "Advertising")
    ] * 2
    assert (rows[left.pk].classification, rows[left.pk].visibility) == ("", "visible")
    assert AuditEntry.objects.filter(action="stakeholders.moderation.spam").count() == 2
    assert Notification.objects.filter(user__in=[c.author for c in chosen]).count() == 2


def test_bulk_with_a_contribution_of_another_review_changes_nothing(
    client, moderator, review, other_review, public_round, document
):
    ours = _contribution(public_round, document)
    theirs = ContributionFactory(round=RoundFactory(review=other_review))
    client.force_login(moderator)
    response = client.post(
        reverse("stakeholders:moderation-bulk", args=[review.pk]),
        {"contributions": [ours.pk, theirs.pk], "reason": "Spam"},
        follow=True,
    )
    assert "Some of the chosen contributions are not in this review." in response.content.decode()
    assert set(Contribution.objects.values_list("visibility", flat=True)) == {"visible"}
    assert not AuditEntry.objects.filter(action__startswith="stakeholders.moderation").exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"reason": "Spam"}, "Choose at least one contribution."),
        ({"contributions": ["abc"], "reason": "Spam"}, "Some of the chosen contributions are not in this review."),
        ({"reason": ""}, "This field is required."),
    ],
    ids=["none-chosen", "garbage-id", "no-reason"],
)
def test_bulk_bad_input_is_a_message(client, moderator, review, public_round, document, data, message):
    contribution = _contribution(public_round, document)
    if "contributions" not in data and data["reason"] == "":
        data = {**data, "contributions": [contribution.pk]}
    client.force_login(moderator)
    response = client.post(reverse("stakeholders:moderation-bulk", args=[review.pk]), data, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Contribution.objects.get().visibility == "visible"


def test_bulk_refused_to_an_editor(client, editor, review, public_round, document):
    contribution = _contribution(public_round, document)
    client.force_login(editor)
    response = client.post(
        reverse("stakeholders:moderation-bulk", args=[review.pk]), {"contributions": [contribution.pk], "reason": "x"}
    )
    assert response.status_code == 403
    assert Contribution.objects.get().visibility == "visible"


def test_bulk_get_is_not_allowed(client, moderator, review):
    client.force_login(moderator)
    assert client.get(reverse("stakeholders:moderation-bulk", args=[review.pk])).status_code == 405
