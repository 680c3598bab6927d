"""The public path: "Comment on this paragraph" as a visitor → type the comment → one page
to log in or create an account → e-mail verification → back at the paragraph with the text
kept (in the session, and on the new profile for another browser); `next` only ever leads
to this site. And the questions about the person, asked once and kept on their profile."""

import importlib
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.urls import reverse

from conftest import PortalClient
from reviews.tests.factories import UserFactory
from stakeholders.inclusiveness.selectors import inclusiveness_dashboard
from stakeholders.models import Contribution, ContributorProfile
from stakeholders.tests.factories import (
    CategoryFactory,
    ConductAcceptanceFactory,
    ContributionFactory,
    ContributorFactory,
    RoundFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

PASSWORD = "correct horse battery staple 42"
TEXT = "Say which districts got the new clinics."


def _contribute_url(round_, **query):
    url = reverse("stakeholders:portal-contribute", args=[round_.review_id, round_.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _type_as_visitor(client, round_):
    document = round_.documents.get()
    url = _contribute_url(round_, document=document.pk, paragraph=1)
    response = client.post(url, {"kind": "comment", "body": TEXT, "language": "en"})
    return url, response


def _sign_up(client, next_url, captured, email="amina@example.org"):
    with captured(execute=True):
        response = client.post(
            reverse("stakeholders:portal-signup"),
            {
                "display_name": "Amina",
                "email": email,
                "password1": PASSWORD,
                "password2": PASSWORD,
                "next": next_url,
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    (message,) = mail.outbox
    return re.search(r"https?://\S+/portal/account/verify/\S+/", message.body).group(0)


def _path(link: str) -> str:
    return urlparse(link).path


def test_visitor_comment_sign_up_verify_in_another_browser_back_with_the_text(
    client, public_round, django_capture_on_commit_callbacks
):
    url, response = _type_as_visitor(client, public_round)
    join = response.url
    assert parse_qs(urlparse(join).query)["next"] == [url]
    page = client.get(join).content.decode()
    assert "What you wrote is kept." in page
    assert f'name="next" value="{url.replace("&", "&amp;")}"' in page  # both forms carry it
    link = _sign_up(client, url, django_capture_on_commit_callbacks)

    other = PortalClient()  # the e-mail is opened in another browser
    verified = other.get(_path(link))
    assert verified.status_code == 302
    assert verified.url.startswith(reverse("stakeholders:portal-signup") + "?")
    assert parse_qs(urlparse(verified.url).query)["next"] == [url]
    logged_in = other.post(reverse("login"), {"username": "amina@example.org", "password": PASSWORD, "next": url})
    assert logged_in.url == url
    conduct = other.get(url)  # first contribution to this review: the code of conduct first
    assert conduct.url.startswith(reverse("stakeholders:portal-conduct", args=[public_round.review_id]))
    accepted = other.post(conduct.url)
    assert accepted.url == url
    form = other.get(url).content.decode()
    assert TEXT in form
    assert "We kept what you wrote" in form
    sent = other.post(url, {"kind": "comment", "body": TEXT, "language": "en"})
    assert sent.status_code == 302
    contribution = Contribution.objects.get()
    assert (contribution.body, contribution.paragraph) == (TEXT, 1)
    profile = ContributorProfile.objects.get(user=contribution.author)
    assert (profile.draft, profile.return_to) == ({}, "")  # forgotten once sent


def test_same_browser_keeps_the_text_in_the_session(client, public_round, django_capture_on_commit_callbacks):
    url, _response = _type_as_visitor(client, public_round)
    link = _sign_up(client, url, django_capture_on_commit_callbacks)
    ContributorProfile.objects.update(draft={})  # only the session has it now
    verified = client.get(_path(link))
    client.post(reverse("login"), {"username": "amina@example.org", "password": PASSWORD, "next": url})
    ConductAcceptanceFactory(review=public_round.review, user=ContributorProfile.objects.get().user)
    assert verified.status_code == 302
    assert TEXT in client.get(url).content.decode()


def test_existing_account_logs_in_on_the_same_page_and_finds_the_text(client, public_round, contributor):
    contributor.set_password(PASSWORD)
    contributor.save()
    ConductAcceptanceFactory(review=public_round.review, user=contributor)
    url, response = _type_as_visitor(client, public_round)
    page = client.get(response.url).content.decode()
    assert 'action="/accounts/login/"' in page and "Already have an account? Log in" in page
    logged_in = client.post(reverse("login"), {"username": contributor.username, "password": PASSWORD, "next": url})
    assert logged_in.url == url
    assert TEXT in client.get(url).content.decode()


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/steal",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "/" + "a" * 3000,
        "\x00/portal/",
        "%2F%2Fevil.example",
    ],
)
def test_tampered_next_never_leaves_the_site_and_never_fails(
    client, public_round, django_capture_on_commit_callbacks, next_url
):
    page = client.get(reverse("stakeholders:portal-signup"), {"next": next_url})
    assert page.status_code == 200
    # The forms' hidden `next`: nothing from the tampered value.
    assert set(re.findall(r'type="hidden" name="next" value="([^"]*)"', page.content.decode())) <= {"", "/"}
    link = _sign_up(client, next_url, django_capture_on_commit_callbacks)
    profile = ContributorProfile.objects.get()
    assert profile.return_to == ""
    # Even if it got stored somehow (PostgreSQL refuses NUL in text: what could be stored).
    ContributorProfile.objects.update(return_to=next_url.replace("\x00", "")[:500])
    verified = client.get(_path(link))
    assert verified.status_code == 302
    (back,) = parse_qs(urlparse(verified.url).query)["next"]
    assert back.startswith("/") and not back.startswith("//") and "\\" not in back
    assert "evil" not in back and "javascript" not in back


@pytest.mark.parametrize("token", ["nonsense", "a" * 300, "..%2F..%2F", "eyJ1IjoxfQ:1abc:xyz"])
def test_tampered_verification_token_is_a_clear_400(client, token):
    response = client.get(reverse("stakeholders:portal-verify", args=[token]))
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_tampered_draft_in_the_session_is_ignored(client, public_round, contributor):
    session = client.session
    session["portal_drafts"] = ["not", "a", "dict"]
    session["portal_next"] = {"evil": 1}
    session.save()
    assert client.get(reverse("stakeholders:portal-signup")).status_code == 200
    client.force_login(contributor)
    ConductAcceptanceFactory(review=public_round.review, user=contributor)
    assert client.get(_contribute_url(public_round)).status_code == 200


def test_visitor_on_a_closed_round_is_told_at_once(client, portal):
    from datetime import timedelta

    from django.utils import timezone

    closed = RoundFactory(
        review=portal.review, opens_at=timezone.now() - timedelta(days=5), closes_at=timezone.now() - timedelta(days=1)
    )
    response = client.get(_contribute_url(closed))
    assert response.status_code == 403
    assert "contributions are no longer accepted" in response.content.decode()


def _create_account_links(html: str) -> int:
    return len(re.findall(r"<a [^>]*>[^<]*create an account", html, flags=re.IGNORECASE))


def test_one_create_an_account_link_per_page(client, public_round):
    review = public_round.review
    pages = [
        "/",
        reverse("stakeholders:portal-index"),
        reverse("stakeholders:portal-home", args=[review.pk]),
        reverse("stakeholders:portal-round", args=[review.pk, public_round.pk]),
        _contribute_url(public_round),
        reverse("stakeholders:portal-signup"),
        reverse("login"),
    ]
    counts = {path: _create_account_links(client.get(path).content.decode()) for path in pages}
    assert all(count <= 1 for count in counts.values()), counts
    assert counts[reverse("stakeholders:portal-round", args=[review.pk, public_round.pk])] == 1


def test_signed_in_people_skip_the_join_page(client, contributor, public_round):
    client.force_login(contributor)
    url = _contribute_url(public_round)
    response = client.get(reverse("stakeholders:portal-signup"), {"next": url})
    assert response.url == url


# --- About you: asked once, kept on the profile -------------------------------------------


@pytest.fixture
def youth(review):
    return CategoryFactory(review=review, name="Youth")


def test_first_contribution_asks_about_the_person_once_and_keeps_it_on_the_profile(
    client, contributor, public_round, youth
):
    ConductAcceptanceFactory(review=public_round.review, user=contributor)
    client.force_login(contributor)
    url = _contribute_url(public_round)
    first = client.get(url).content.decode()
    assert first.index('name="body"') < first.index('name="declared_region"')  # the comment first
    client.post(
        url,
        {
            "kind": "general",
            "body": "More clinics.",
            "language": "en",
            "declared_category": youth.pk,
            "declared_region": "North",
            "declared_gender": "woman",
        },
    )
    profile = ContributorProfile.objects.get(user=contributor)
    assert (profile.region, profile.gender, list(profile.categories.all())) == ("North", "woman", [youth])
    second = client.get(url).content.decode()
    assert 'name="declared_region"' not in second and 'name="declared_gender"' not in second
    client.post(url, {"kind": "general", "body": "And more nurses.", "language": "en"})
    rows = list(
        Contribution.objects.order_by("pk").values_list("declared_region", "declared_gender", "declared_category")
    )
    assert rows == [("North", "woman", youth.pk), ("North", "woman", youth.pk)]
    # The inclusiveness figures count them.
    tables = {table.key: table for table in inclusiveness_dashboard(public_round.review).tables}
    by_key = {key: {row.key: row.contributions for row in table.rows} for key, table in tables.items()}
    assert any(counts.get(str(youth.pk)) == 2 for counts in by_key.values())
    assert any(counts.get("North") == 2 for counts in by_key.values())
    assert any(counts.get("woman") == 2 for counts in by_key.values())


def test_skipping_the_questions_is_not_asked_again(client, contributor, public_round):
    ConductAcceptanceFactory(review=public_round.review, user=contributor)
    client.force_login(contributor)
    url = _contribute_url(public_round)
    client.post(url, {"kind": "general", "body": "Nothing about me.", "language": "en"})
    assert ContributorProfile.objects.get(user=contributor).about_asked
    assert 'name="declared_region"' not in client.get(url).content.decode()


def test_profile_page_edits_the_answers(client, contributor, public_round, youth):
    ContributionFactory(round=public_round, author=contributor)
    client.force_login(contributor)
    url = reverse("stakeholders:portal-profile")
    page = client.get(url).content.decode()
    assert "About you (optional)" in page and "Youth" in page
    response = client.post(url, {"region": "South", "gender": "man", f"category_{public_round.review_id}": youth.pk})
    assert response.status_code == 302
    profile = ContributorProfile.objects.get(user=contributor)
    assert (profile.region, profile.gender, list(profile.categories.all())) == ("South", "man", [youth])


@pytest.mark.parametrize(
    "data",
    [{"gender": "robot"}, {"region": "x" * 500}, {"category_999999": "1"}, {"category_1": "<script>"}],
)
def test_profile_page_refuses_bad_input_without_failing(client, contributor, public_round, data):
    ContributionFactory(round=public_round, author=contributor)
    client.force_login(contributor)
    response = client.post(reverse("stakeholders:portal-profile"), data)
    assert response.status_code in (302, 400)


def test_profile_page_category_of_another_review_is_refused(client, contributor, public_round, other_review, youth):
    foreign = CategoryFactory(review=other_review, name="Elsewhere")
    ContributionFactory(round=public_round, author=contributor)
    client.force_login(contributor)
    response = client.post(reverse("stakeholders:portal-profile"), {f"category_{public_round.review_id}": foreign.pk})
    assert response.status_code == 400
    assert not ContributorProfile.objects.get(user=contributor).categories.exists()


def test_profile_page_needs_a_contributor_account(client, coordinator):
    assert client.get(reverse("stakeholders:portal-profile")).status_code == 302  # to log in
    client.force_login(coordinator)
    response = client.get(reverse("stakeholders:portal-profile"))
    assert response.url == reverse("stakeholders:portal-mine")


@pytest.mark.parametrize("reviews", [1, 5])
def test_profile_page_query_count_is_fixed(client, contributor, django_assert_num_queries, reviews):
    from reviews.tests.factories import CountryFactory, ReviewFactory
    from stakeholders.tests.factories import PortalFactory

    for index in range(reviews):
        review = ReviewFactory(country=CountryFactory(name=f"Land {index}", iso3=f"L{index:02d}"))
        PortalFactory(review=review)
        CategoryFactory(review=review, name=f"Youth {index}")
        ContributionFactory(round=RoundFactory(review=review), author=contributor)
    client.force_login(contributor)
    # session, user, profile, its categories, reviews, their categories, the header's profile
    with django_assert_num_queries(7):
        assert client.get(reverse("stakeholders:portal-profile")).status_code == 200


def test_existing_answers_move_to_the_profile(contributor, public_round, youth):
    """The data migration: people's newest answers per contribution become their profile's."""
    ContributionFactory(round=public_round, author=contributor, declared_region="East", declared_gender="man")
    ContributionFactory(round=public_round, author=contributor, declared_category=youth, declared_region="West")
    never = UserFactory(username="never")
    ContributorProfile.objects.create(user=never, display_name="Never")
    migration = importlib.import_module("stakeholders.migrations.0003_contributor_about_and_draft")
    migration.about_from_contributions(django_apps, None)
    profile = ContributorProfile.objects.get(user=contributor)
    assert (profile.region, profile.gender, list(profile.categories.all()), profile.about_asked) == (
        "West",
        "man",
        [youth],
        True,
    )
    assert not ContributorProfile.objects.get(user=never).about_asked


def test_contributor_factory_profile_is_not_asked_yet(db):
    assert not ContributorFactory(username="fresh").contributor.about_asked
