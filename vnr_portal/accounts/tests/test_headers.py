"""Headers on every page: the Content-Security-Policy, no caching of a signed-in person's
answers, clearing the browser's storage at logout; and templates that the policy allows."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

POLICY = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
}


def _policy(response) -> set[str]:
    return {part.strip() for part in response["Content-Security-Policy"].split(";")}


@pytest.mark.parametrize("url", ["/accounts/login/", "/goals/", "/portal/"], ids=["login", "goals", "portal"])
def test_csp_on_public_pages(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert _policy(response) == POLICY


def test_csp_on_signed_in_pages(client, coordinator, review):
    client.force_login(coordinator)
    for url in (reverse("reviews:dashboard"), reverse("reviews:review-detail", args=[review.pk])):
        response = client.get(url)
        assert (response.status_code, _policy(response)) == (200, POLICY)


def test_csp_of_a_download_keeps_its_own_stricter_policy(client, coordinator, review, settings, tmp_path):
    """Downloads set `default-src 'none'` themselves; the pages' policy does not replace it.
    A signed-in person's download is not stored either (it said `private, max-age=3600`)."""
    settings.MEDIA_ROOT = str(tmp_path)
    picture = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 80, 160)).save(picture, format="PNG")
    client.force_login(coordinator)
    client.post(
        reverse("reviews:cover-upload", args=[review.pk]),
        {"cover-alt_text": "An emblem", "cover-image": SimpleUploadedFile("e.png", picture.getvalue(), "image/png")},
    )

    response = client.get(reverse("reviews:cover-picture", args=[review.pk]))

    assert response.status_code == 200
    assert (response["Content-Security-Policy"], response["Cache-Control"]) == (
        "default-src 'none'",
        "private, no-store",
    )


def test_cache_control_private_no_store_for_a_signed_in_person(client, editor):
    client.force_login(editor)
    for url in (reverse("reviews:dashboard"), reverse("accounts:settings"), "/goals/"):
        response = client.get(url)
        assert response["Cache-Control"] == "private, no-store", url


def test_cache_control_left_alone_for_the_anonymous(client):
    response = client.get("/goals/")
    assert "no-store" not in response.get("Cache-Control", "")


def test_logout_asks_the_browser_to_clear_its_storage_and_cache(client, editor):
    client.force_login(editor)

    response = client.post(reverse("logout"))

    assert (response.status_code, response.url) == (302, reverse("login"))
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "_auth_user_id" not in client.session


def test_logout_forms_load_the_script_that_clears_drafts(client, editor):
    client.force_login(editor)
    html = client.get(reverse("reviews:dashboard")).content.decode()
    assert '<script src="/static/js/logout.js" defer></script>' in html
    assert re.search(r'<form action="/accounts/logout/" method="post" data-logout>', html)


# --- Templates the policy allows ----------------------------------------------------------

TEMPLATE_FOLDERS = ["templates", "reviews", "stakeholders", "indicators", "vnr_portal"]
# The report's HTML is rendered to PDF by WeasyPrint, never served to a browser.
NOT_PAGES = {"reviews/publishing/templates/reviews/publishing/report.html"}
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    "event handler attribute": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),
    "style element": re.compile(r"<style\b", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def _templates():
    base = Path(settings.BASE_DIR)
    for folder in TEMPLATE_FOLDERS:
        for path in sorted((base / folder).rglob("*.html")):
            relative = path.relative_to(base).as_posix()
            if "/templates/" in f"/{relative}" and relative not in NOT_PAGES:
                yield relative, path.read_text(encoding="utf-8")


def test_templates_have_no_inline_script_handler_or_style():
    found = [(name, kind) for name, text in _templates() for kind, pattern in INLINE.items() if pattern.search(text)]
    assert found == []


def test_templates_are_found_by_the_inline_check():
    assert len(list(_templates())) > 100
