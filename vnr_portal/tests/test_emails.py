"""Every e-mail the portal sends is signed with SITE_NAME and points at SITE_URL."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from vnr_portal.common.site import absolute_url

pytestmark = [pytest.mark.unit]

ROOT = Path(settings.BASE_DIR)


def email_body_templates() -> list[Path]:
    """The bodies of every e-mail: `email/*_body.*` in every app, and the password reset's."""
    found = [
        path
        for path in ROOT.glob("**/templates/**/email/*")
        if ".venv" not in path.parts and "node_modules" not in path.parts and "_subject" not in path.name
    ]
    found = [path for path in found if not path.name.startswith("_")]
    return sorted(found) + [ROOT / "templates/registration/password_reset_email.txt"]


def test_there_are_e_mails_to_check():
    names = {path.name for path in email_body_templates()}
    assert {
        "invitation_body.txt",
        "invitation_body.html",
        "notification_body.txt",
        "round_invitation_body.txt",
        "verify_body.txt",
        "signup_attempt_body.txt",
        "password_reset_email.txt",
    } <= names


@pytest.mark.parametrize("path", email_body_templates(), ids=lambda path: str(path.relative_to(ROOT)))
def test_every_e_mail_ends_with_the_sites_signature(path):
    text = path.read_text(encoding="utf-8")
    signature = "email/_signature.html" if path.suffix == ".html" else "email/_signature.txt"
    assert f'{{% include "{signature}" %}}' in text
    # No hard-coded address or product name as the signature.
    assert not re.search(r"127\.0\.0\.1|localhost|\{\{ *(domain|protocol|site_url) *\}\}", text)


def test_the_signature_names_the_configured_site_and_address(settings):
    settings.SITE_NAME = "Aurelia VNR Portal"
    settings.SITE_URL = "https://vnr.example.org"

    assert render_to_string("email/_signature.txt") == "-- \nAurelia VNR Portal\nhttps://vnr.example.org/\n"
    html = render_to_string("email/_signature.html")
    assert 'href="https://vnr.example.org/"' in html and "Aurelia VNR Portal" in html


def test_the_signature_escapes_a_site_name_in_html(settings):
    settings.SITE_NAME = "<b>Portal</b>"

    assert "&lt;b&gt;Portal&lt;/b&gt;" in render_to_string("email/_signature.html")


@pytest.mark.parametrize(
    "args, expected",
    [
        (("/reviews/1/",), "https://vnr.example.org/reviews/1/"),
        (("https://elsewhere.example.org/x",), "https://elsewhere.example.org/x"),
        (("password_reset",), "https://vnr.example.org/accounts/password_reset/"),
    ],
)
def test_absolute_url_builds_on_site_url(settings, args, expected):
    settings.SITE_URL = "https://vnr.example.org/"  # a trailing slash is ignored

    assert absolute_url(*args) == expected


def test_absolute_url_with_arguments(settings):
    settings.SITE_URL = "https://vnr.example.org"

    assert absolute_url("reviews:report-detail", 3, 7) == "https://vnr.example.org/reviews/3/reports/7/"
