"""In the browser: a coordinator renders the PDF, watches it finish, downloads it."""

import re

import pytest
from playwright.sync_api import expect

from reviews.drafting.services.outline import section_add
from reviews.drafting.services.sections import section_save
from reviews.publishing.models import Edition, EditionStatus
from reviews.tests.factories import EditionFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e, pytest.mark.usefixtures("media")]


def test_coordinator_renders_and_downloads_pdf(page, login, review, coordinator):
    section = section_add(actor=coordinator, review=review, title="Introduction")
    section_save(
        actor=coordinator, section=section, content="<p>Why this review matters.</p>", base_version=section.version
    )

    login(coordinator)
    page.goto(f"/reviews/{review.pk}/publish/")
    expect(page.get_by_role("heading", name="Publish the report")).to_be_visible()
    page.get_by_role("button", name="Render PDF").click()
    expect(page.locator(".edition-status-value")).to_have_text("Done")
    # The table of editions follows the polled status: its download link comes without a reload.
    expect(page.locator("#editions-table").get_by_role("link", name=re.compile(r"^Download"))).to_be_visible()
    expect(page.locator("#editions-table")).to_contain_text("Done")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF file").click()
    download = download_info.value
    with open(download.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"
    edition = Edition.objects.get()
    assert (edition.status, download.suggested_filename) == (
        EditionStatus.DONE,
        f"vnr-aur-2027-draft-{edition.content_hash[:8]}.pdf",
    )


def test_table_of_editions_follows_the_polled_status_without_reload(page, login, review, coordinator):
    from django.utils import timezone

    now = timezone.now()
    edition = EditionFactory(
        review=review,
        format="pdf",
        content_hash="a" * 64,
        status=EditionStatus.RENDERING,
        requested_by=coordinator,
        requested_at=now,
        started_at=now,
        attempts=1,
    )
    login(coordinator)
    page.goto(f"/reviews/{review.pk}/publish/")
    table = page.locator("#editions-table")
    expect(table).to_contain_text("Rendering")
    expect(table.get_by_role("link", name=re.compile(r"^Download"))).to_have_count(0)
    page.evaluate("window.stillTheSamePage = true")
    Edition.objects.filter(pk=edition.pk).update(
        status=EditionStatus.DONE, page_count=3, size=10, sha256="b" * 64, finished_at=timezone.now()
    )
    expect(table.get_by_role("link", name=re.compile(r"^Download"))).to_be_visible(timeout=10_000)
    expect(page.locator(".edition-status-value")).to_have_text("Done")
    expect(table).to_contain_text("b" * 64)
    assert page.evaluate("window.stillTheSamePage === true")
