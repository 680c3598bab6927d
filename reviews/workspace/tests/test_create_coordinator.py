"""`manage.py create_coordinator`: the first coordinator of a fresh installation."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from reviews.models import AuditEntry, Country, MemberRole, Membership, Review
from reviews.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

ARGS = [
    *["--username", "amina", "--email", "amina@planning.example.org", "--first-name", "Amina"],
    *["--country", "Republic of Aurelia", "--iso3", "aur", "--review-title", "Second VNR of Aurelia"],
    *["--hlpf-year", "2027", "--languages", "en,fr"],
]


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://vnr.example.org"


def _run(*args) -> str:
    out = StringIO()
    call_command("create_coordinator", *args, stdout=out)
    return out.getvalue()


def _link(output: str) -> str:
    (link,) = re.findall(r"^https://vnr\.example\.org(/accounts/reset/\S+/)$", output, re.MULTILINE)
    return link


def test_creates_the_account_the_country_and_the_review_it_coordinates(site):
    output = _run(*ARGS)

    user = get_user_model().objects.get(username="amina")
    review = Review.objects.get()
    assert (review.country.name, review.country.iso3, review.title, review.hlpf_year, review.languages) == (
        "Republic of Aurelia",
        "AUR",
        "Second VNR of Aurelia",
        2027,
        ["en", "fr"],
    )
    assert list(Membership.objects.values_list("review", "user", "role")) == [
        (review.pk, user.pk, MemberRole.COORDINATOR)
    ]
    assert (user.email, user.first_name, user.has_usable_password(), user.is_superuser) == (
        "amina@planning.example.org",
        "Amina",
        False,
        False,
    )
    assert "Country: Republic of Aurelia (AUR), created." in output
    assert "Review: “Second VNR of Aurelia” (2027), created." in output
    assert _link(output).startswith("/accounts/reset/")
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"country.create", "membership.grant"} <= actions


def test_the_printed_link_lets_the_coordinator_choose_a_password_and_sign_in(client, site):
    link = _link(_run(*ARGS))

    form = client.get(link, follow=True)
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-passphrase-7", "new_password2": "a-brand-new-passphrase-7"},
        follow=True,
    )

    assert "Your password has been changed" in done.content.decode()
    assert client.login(username="amina", password="a-brand-new-passphrase-7")


def test_the_coordinator_may_manage_the_review_and_add_another_in_the_country_an_outsider_may_not(site):
    _run(*ARGS)
    coordinator = get_user_model().objects.get(username="amina")
    outsider = UserFactory()
    review, country = Review.objects.get(), Country.objects.get()

    assert coordinator.has_perm("reviews.manage_members", review)
    assert coordinator.has_perm("reviews.add_review_country", country)
    assert not outsider.has_perm("reviews.manage_members", review)
    assert not outsider.has_perm("reviews.add_review_country", country)


def test_running_it_again_reuses_what_exists(site):
    _run(*ARGS)
    output = _run(*ARGS)

    assert (get_user_model().objects.count(), Country.objects.count(), Review.objects.count()) == (1, 1, 1)
    assert Membership.objects.count() == 1
    assert "Country: Republic of Aurelia (AUR), existing." in output
    assert "existing account" in output
    # Still no password chosen: a fresh link.
    assert _link(output)


def test_an_existing_account_becomes_coordinator_of_a_new_review(site):
    UserFactory(username="amina", email="Amina@Planning.example.org")

    output = _run(*ARGS)

    assert "existing account" in output
    assert Membership.objects.get().role == MemberRole.COORDINATOR


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (["--iso3", "AU"], "iso3: Give the country's ISO 3166 alpha-3 code: three letters, e.g. KEN."),
        (["--languages", "en,xx"], "--languages: unknown code(s) xx"),
        (["--email", "not-an-address"], "--email: Enter a valid email address."),
        (["--hlpf-year", "1990"], "hlpf_year: Ensure this value is greater than or equal to 2016."),
        (["--review-title", ""], "title: This field cannot be blank."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_created(change, message):
    with pytest.raises(CommandError) as error:
        _run(*ARGS, *change)

    assert message in str(error.value)
    assert (get_user_model().objects.count(), Country.objects.count(), Review.objects.count()) == (0, 0, 0)


def test_a_country_code_taken_by_another_name_is_refused():
    Country.objects.create(name="Aurelia", iso3="AUR")

    with pytest.raises(CommandError) as error:
        _run(*ARGS)

    assert "The country AUR already exists as “Aurelia”" in str(error.value)
    assert (get_user_model().objects.count(), Review.objects.count()) == (0, 0)


def test_an_existing_username_with_another_email_is_refused():
    UserFactory(username="amina", email="someone.else@example.org")

    with pytest.raises(CommandError) as error:
        _run(*ARGS)

    assert "The account amina exists with another e-mail address (someone.else@example.org)." in str(error.value)
    assert Review.objects.count() == 0
