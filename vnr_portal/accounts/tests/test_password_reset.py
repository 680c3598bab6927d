"""The password-reset request: Django's, throttled per client and per address."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from reviews.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

RESET = "/accounts/password_reset/"


def test_password_reset_url_is_the_throttled_view():
    assert reverse("password_reset") == RESET


def test_password_reset_sends_the_link(client):
    UserFactory(username="amina", email="amina@example.org")
    response = client.post(RESET, {"email": "amina@example.org"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["amina@example.org"]]


def test_password_reset_throttled_per_address_from_any_client(client, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "password_reset_email": "2/h"}
    UserFactory(username="amina", email="amina@example.org")
    statuses = [
        client.post(RESET, {"email": "Amina@example.org"}, REMOTE_ADDR=f"198.51.100.{n}").status_code for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert len(mail.outbox) == 2


def test_password_reset_throttled_per_client_with_a_readable_page(client, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "password_reset_client": "2/h"}
    for n in range(2):
        assert client.post(RESET, {"email": f"person{n}@example.org"}).status_code == 302
    response = client.post(RESET, {"email": "person9@example.org"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert [t.name for t in response.templates][0] == "429.html"
    assert "Too many attempts in a short time" in response.content.decode()


def test_password_reset_throttled_answer_is_the_same_for_known_and_unknown_addresses(client, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "password_reset_email": "1/h"}
    UserFactory(username="amina", email="amina@example.org")
    answers = []
    for address in ("amina@example.org", "nobody@example.org"):
        client.post(RESET, {"email": address})
        response = client.post(RESET, {"email": address})
        # The wait is left out: it can differ by the second between the two requests.
        message = re.sub(r"\d+", "N", response.context["message"])
        answers.append((response.status_code, [t.name for t in response.templates], message))
    assert answers[0][0] == 429
    assert answers[0] == answers[1]


# --- The portal's own pages and e-mail ------------------------------------------------------


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://vnr.example.org"
    settings.SITE_NAME = "Aurelia VNR Portal"


def _reset_link(message) -> str:
    (link,) = re.findall(r"https://vnr\.example\.org(/accounts/reset/\S+/)", message.body)
    return link


def test_password_reset_pages_are_the_portals_not_the_admins(client):
    response = client.get(RESET)

    names = [t.name for t in response.templates]
    assert names[:2] == ["registration/password_reset_form.html", "base.html"]
    assert not any(name.startswith("admin/") for name in names)
    html = response.content.decode()
    assert '<h1 class="h2">Choose a new password</h1>' in html
    assert "Django administration" not in html


def test_password_reset_email_is_signed_with_the_site_name_and_links_to_the_site(client, site):
    UserFactory(username="amina", email="amina@example.org", first_name="Amina", last_name="Diallo")
    client.post(RESET, {"email": "amina@example.org"}, HTTP_HOST="127.0.0.1:8811", SERVER_NAME="127.0.0.1")

    (message,) = mail.outbox
    assert message.subject == "Choose a new password for Aurelia VNR Portal"
    assert message.body.startswith("Hello Amina Diallo,\n")
    assert "Your user name: amina" in message.body
    assert message.body.rstrip().endswith("-- \nAurelia VNR Portal\nhttps://vnr.example.org/")
    assert "127.0.0.1" not in message.body and "team" not in message.body
    assert _reset_link(message).startswith("/accounts/reset/")


def test_password_reset_email_is_in_the_persons_language(client, site):
    from vnr_portal.accounts.services import profile_set_language

    user = UserFactory(username="li", email="li@example.org", first_name="Li", last_name="Wei")
    profile_set_language(user=user, language="zh-hans")
    client.post(RESET, {"email": "li@example.org"}, HTTP_ACCEPT_LANGUAGE="en")

    (message,) = mail.outbox
    assert message.body.startswith("Li Wei，您好：")


def test_password_reset_link_sets_a_new_password_on_the_portals_pages(client, site):
    user = UserFactory(username="amina", email="amina@example.org")
    client.post(RESET, {"email": "amina@example.org"})
    link = _reset_link(mail.outbox[0])

    form = client.get(link, follow=True)
    assert form.status_code == 200
    assert [t.name for t in form.templates][:2] == ["registration/password_reset_confirm.html", "base.html"]
    assert "Save the new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-passphrase-7", "new_password2": "a-brand-new-passphrase-7"},
        follow=True,
    )
    assert [t.name for t in done.templates][0] == "registration/password_reset_complete.html"
    assert "Your password has been changed" in done.content.decode()
    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase-7")
    # The link works once.
    again = client.get(link, follow=True)
    assert "This link cannot be used" in again.content.decode()


@pytest.mark.parametrize(
    "path", ["/accounts/reset/MQ/bad-token/", "/accounts/reset/%C3%A9/x-y/", "/accounts/reset/zz/set-password/"]
)
def test_a_bad_reset_link_gives_a_clear_page(client, path):
    UserFactory(username="amina", email="amina@example.org")
    response = client.get(path, follow=True)

    assert response.status_code == 200
    assert "This link cannot be used" in response.content.decode()
    assert "Send me a new link" in response.content.decode()


def test_password_reset_page_in_arabic_is_right_to_left(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    html = client.get(RESET).content.decode()

    assert '<html lang="ar" dir="rtl">' in html


def test_password_change_pages_are_the_portals(client):
    user = UserFactory(username="amina", email="amina@example.org")
    client.force_login(user)
    response = client.get(reverse("password_change"))

    assert [t.name for t in response.templates][:2] == ["registration/password_change_form.html", "base.html"]
    done = client.post(
        reverse("password_change"),
        {
            "old_password": "correct-horse-battery",
            "new_password1": "a-brand-new-passphrase-7",
            "new_password2": "a-brand-new-passphrase-7",
        },
        follow=True,
    )
    assert [t.name for t in done.templates][0] == "registration/password_change_done.html"


def test_password_reset_page_keeps_the_public_portals_look(client):
    response = client.get(RESET + "?site=portal")

    assert response.status_code == 200
    assert "stakeholders/public/base.html" in [t.name for t in response.templates]
