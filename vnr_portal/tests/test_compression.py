"""Pages answer gzip'd when the browser asks (GZipMiddleware), `/healthz` answers "ok"."""

import gzip

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def test_an_html_page_answers_gzipped_when_asked(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    page = gzip.decompress(response.content).decode()
    assert "<form" in page and 'name="csrfmiddlewaretoken"' in page
    assert len(response.content) < len(page) / 2


def test_a_signed_in_page_answers_gzipped_and_stays_private(client, coordinator, review):
    client.force_login(coordinator)

    response = client.get(reverse("reviews:matrix", kwargs={"pk": review.pk}), HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "no-store" in response["Cache-Control"]
    assert review.title in gzip.decompress(response.content).decode()


def test_a_page_stays_plain_when_the_browser_does_not_accept_gzip(client):
    response = client.get(reverse("login"))

    assert not response.has_header("Content-Encoding")
    assert b"<form" in response.content


def test_gzip_comes_after_whitenoise_so_static_files_keep_their_precompressed_copies():
    middleware = settings.MIDDLEWARE
    gzip_at = middleware.index("django.middleware.gzip.GZipMiddleware")
    assert gzip_at == middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1
    # Everything that changes a page's body or headers runs before it compresses.
    assert gzip_at < middleware.index("django.middleware.csrf.CsrfViewMiddleware")


def test_healthz_answers_ok_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert client.post("/healthz").status_code == 405
