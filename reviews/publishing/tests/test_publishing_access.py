"""Who may fetch the report as a file: every download URL as every role (issue 13, item 2).

The URLs of `reviews` that hand out a file, from its urls modules:

- publishing: `edition-download` (a draft PDF, a draft Word file, a final edition not yet
  public, a public final edition) and `cover-picture`;
- drafting: `section-image` (a picture in the draft's text);
- reporting: `report-docx` and `report-xlsx` (a ministry's progress report to fill offline).

The draft in any form is for its readers (`reviews.view_draft`: every role but focal
point); a public final edition is for anyone; a progress report is for the taskforce and
the focal points of its ministry. (`review-published-pdf` is the published PDF of a past
review's record, and `matrix-csv` and `report-tracker-csv` carry no text of the draft.)
A second table checks the draft's pages for the same rule.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from reviews.drafting.models import SectionKind
from reviews.publishing import cover as cover_services
from reviews.publishing.models import Edition, EditionStatus
from reviews.tests.factories import ProgressReportFactory, SectionFactory, SectionImageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration, pytest.mark.usefixtures("media")]

ROLES = [
    "coordinator",
    "editor",
    "reviewer",
    "council_member",
    "statistician",
    "moderator",
    "focal_a",
    "focal_b",
    "outsider",
    "other_member",
    "superuser",
    "anonymous",
]
DRAFT_READERS = {"coordinator", "editor", "reviewer", "council_member", "statistician", "moderator", "superuser"}
REPORT_READERS = {"coordinator", "editor", "reviewer", "focal_a", "superuser"}


def _expected(readers: set[str], role: str) -> str:
    if role in readers:
        return "file"
    return "login" if role == "anonymous" else "refused"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def _edition(review, *, fmt="pdf", is_final=False, is_public=False) -> tuple[str, bytes]:
    data = f"%PDF-1.7 {fmt} final={is_final} public={is_public}".encode()
    edition = Edition.objects.create(
        review=review,
        format=fmt,
        is_final=is_final,
        is_public=is_public,
        status=EditionStatus.DONE,
        content_hash="0" * 64,
    )
    edition.file.save(f"{review.pk}/{edition.pk}.{fmt}", ContentFile(data))
    return reverse("reviews:edition-download", args=[review.pk, edition.pk]), data


def _cover(review, coordinator) -> tuple[str, bytes]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    cover_services.review_cover_set(
        actor=coordinator,
        review=review,
        upload=SimpleUploadedFile("emblem.png", _png(), content_type="image/png"),
        alt_text="The emblem",
    )
    review.refresh_from_db()
    return reverse("reviews:cover-picture", args=[review.pk]), review.cover_image.open("rb").read()


def _section_image(review) -> tuple[str, bytes]:
    section = SectionFactory(review=review, title="Health", content="<p>Draft text.</p>", version=1)
    image = SectionImageFactory(section=section)
    return reverse("reviews:section-image", args=[review.pk, section.pk, image.pk]), image.image.open("rb").read()


def _report(review, ministry, name) -> tuple[str, bytes]:
    report = ProgressReportFactory(review=review, ministry=ministry)
    return reverse(f"reviews:{name}", args=[review.pk, report.pk]), b"PK"  # a zip: .docx and .xlsx alike


DOWNLOADS = {
    "draft-pdf": (lambda f: _edition(f["review"]), DRAFT_READERS),
    "draft-docx": (lambda f: _edition(f["review"], fmt="docx"), DRAFT_READERS),
    "final-not-public": (lambda f: _edition(f["review"], is_final=True), DRAFT_READERS),
    "final-public": (lambda f: _edition(f["review"], is_final=True, is_public=True), set(ROLES)),
    "cover-picture": (lambda f: _cover(f["review"], f["coordinator"]), DRAFT_READERS),
    "section-image": (lambda f: _section_image(f["review"]), DRAFT_READERS),
    "report-docx": (lambda f: _report(f["review"], f["ministry_a"], "report-docx"), REPORT_READERS),
    "report-xlsx": (lambda f: _report(f["review"], f["ministry_a"], "report-xlsx"), REPORT_READERS),
}


@pytest.fixture
def cast(request, review, coordinator, ministry_a):
    """Every role of the fixed cast, by name (None for the anonymous visitor)."""
    people = {role: request.getfixturevalue(role) for role in ROLES if role != "anonymous"}
    people["anonymous"] = None
    return people


def _outcome(response, data: bytes) -> str:
    if response.status_code == 302 and response.url.startswith(reverse("login")):
        return "login"
    if response.status_code == 403:
        return "refused"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return "file" if (response.status_code, body.startswith(data)) == (200, True) else f"{response.status_code}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("download", list(DOWNLOADS))
def test_every_download_as_every_role(client, review, coordinator, ministry_a, cast, download, role):
    build, readers = DOWNLOADS[download]
    url, data = build({"review": review, "coordinator": coordinator, "ministry_a": ministry_a})
    if cast[role] is not None:
        client.force_login(cast[role])

    response = client.get(url)

    assert _outcome(response, data) == _expected(readers, role)


def test_focal_point_is_refused_a_draft_edition_with_a_sentence(client, review, focal_a):
    url, _data = _edition(review)
    client.force_login(focal_a)

    response = client.get(url)

    assert (response.status_code, "This edition is for the readers of the draft." in response.content.decode()) == (
        403,
        True,
    )


# --- The draft's pages: the same rule ----------------------------------------------------------


def _pages(review) -> dict[str, str]:
    section = SectionFactory(review=review, title="Health", content="<p>The secret draft.</p>", version=1)
    SectionFactory(review=review, title="Main messages", kind=SectionKind.MAIN_MESSAGES, content="<p>M</p>")
    edition_url, _data = _edition(review)
    edition = Edition.objects.get()
    return {
        "outline": reverse("reviews:outline", args=[review.pk]),
        "section-detail": reverse("reviews:section-detail", args=[review.pk, section.pk]),
        "section-review": reverse("reviews:section-review", args=[review.pk, section.pk]),
        "section-revisions": reverse("reviews:section-revisions", args=[review.pk, section.pk]),
        "main-messages": reverse("reviews:main-messages", args=[review.pk]),
        "edition-status": reverse("reviews:edition-status", args=[review.pk, edition.pk]),
    }


@pytest.mark.parametrize("role", ["editor", "statistician", "focal_a", "focal_b", "anonymous"])
def test_draft_pages_as_readers_and_focal_points(client, review, coordinator, ministry_a, cast, role):
    pages = _pages(review)
    if cast[role] is not None:
        client.force_login(cast[role])

    outcomes = {}
    for name, url in pages.items():
        response = client.get(url, headers={"HX-Request": "true"})
        outcomes[name] = "login" if response.status_code == 302 else response.status_code

    expected = 200 if role in DRAFT_READERS else ("login" if role == "anonymous" else 403)
    assert outcomes == dict.fromkeys(pages, expected)
