"""What the council approved stays as approved in the editions and on the cover (issue 13,
item 9): a change of cover during a vote starts it again; after the approval the cover is
read-only and a final edition is made only from the approved content; an edition of a
voided approval is never made public."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from reviews.drafting.services.votes import review_reopen, vote_cast, vote_open
from reviews.models import CouncilVote, Edition, Notification, Review, Section, VoteOutcome
from reviews.publishing import cover as cover_services
from reviews.publishing import editions as services
from reviews.publishing import pdf as pdf_module
from reviews.tests.factories import approved_section

pytestmark = [pytest.mark.django_db, pytest.mark.integration, pytest.mark.usefixtures("media")]

FAKE_PDF = b"%PDF-1.7 fake report"
CHANGED = (
    "The report changed since the council approved it: a final edition is made only from the approved text. "
    "A coordinator can reopen the report for a new vote."
)


def _upload(color=(20, 80, 160)):
    out = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(out, format="PNG")
    return SimpleUploadedFile("emblem.png", out.getvalue(), content_type="image/png")


@pytest.fixture
def renders(monkeypatch):
    monkeypatch.setattr(
        pdf_module, "render_pdf", lambda assembly, **kwargs: pdf_module.RenderedPdf(data=FAKE_PDF, page_count=3)
    )


@pytest.fixture
def outline(review, reviewer):
    return [approved_section(review, reviewer, f"Chapter {n}", position=n) for n in range(1, 3)]


@pytest.fixture
def vote(review, coordinator, outline, council):
    return vote_open(actor=coordinator, review=review, deadline=timezone.now() + timedelta(days=3))


@pytest.fixture
def frozen(review, vote, council):
    for voter in council:
        vote_cast(vote=vote, voter=voter, choice="approve")
    review.refresh_from_db()
    return review


def _final(review, actor, django_capture_on_commit_callbacks) -> Edition:
    with django_capture_on_commit_callbacks(execute=True):
        edition = services.edition_request(actor=actor, review=review, format="pdf")
    edition.refresh_from_db()
    return edition


# --- The cover ---------------------------------------------------------------------------


def test_cover_changed_during_the_vote_starts_it_again(review, coordinator, vote, council):
    vote_cast(vote=vote, voter=council[0], choice="approve")

    cover_services.review_cover_set(actor=coordinator, review=review, upload=_upload(), alt_text="The emblem")

    vote.refresh_from_db()
    assert vote.outcome == VoteOutcome.CANCELLED
    assert CouncilVote.objects.filter(review=review, closed_at=None).count() == 1
    assert set(Notification.objects.filter(key=f"vote-voided:{vote.pk}").values_list("user", flat=True)) == {
        member.pk for member in council
    }


def test_cover_upload_after_the_approval_is_refused_with_a_sentence(client, frozen, editor):
    client.force_login(editor)

    response = client.post(
        reverse("reviews:cover-upload", args=[frozen.pk]), {"cover-alt_text": "New", "cover-image": _upload()}
    )

    assert response.status_code == 403
    assert "The council approved the report with this cover" in response.content.decode()
    assert Review.objects.get(pk=frozen.pk).cover_image.name == ""


def test_cover_services_refuse_after_the_approval(frozen, coordinator):
    with pytest.raises(ValidationError) as error:
        cover_services.review_cover_set(actor=coordinator, review=frozen, upload=_upload(), alt_text="The emblem")

    assert error.value.message_dict == {
        "image": [
            "The council approved the report with this cover: it cannot change until a coordinator reopens the report."
        ]
    }


def test_cover_may_change_before_the_approval(review, editor):
    assert editor.has_perm("reviews.change_cover", review) is True


# --- Final editions --------------------------------------------------------------------------


def test_final_edition_of_the_approved_content_is_made(
    frozen, coordinator, renders, django_capture_on_commit_callbacks
):
    edition = _final(frozen, coordinator, django_capture_on_commit_callbacks)

    assert (edition.is_final, edition.status) == (True, "done")


def test_final_edition_after_a_change_behind_the_approval_is_refused(frozen, coordinator):
    Section.objects.filter(review=frozen).update(title="Retitled after the approval")

    with pytest.raises(ValidationError) as error:
        services.edition_request(actor=coordinator, review=frozen, format="pdf")

    assert (error.value.messages, Edition.objects.count()) == ([CHANGED], 0)


def test_final_edition_view_after_a_change_shows_why_and_no_button(client, frozen, coordinator):
    Section.objects.filter(review=frozen).update(content="<p>Not what the council approved.</p>")
    client.force_login(coordinator)

    response = client.post(reverse("reviews:edition-request", args=[frozen.pk]), {"format": "pdf"})

    page = response.content.decode()
    assert (response.status_code, CHANGED in page, "Render PDF" in page, Edition.objects.count()) == (
        400,
        True,
        False,
        0,
    )


def test_final_edition_of_a_voided_approval_is_not_made_public(
    frozen, coordinator, renders, django_capture_on_commit_callbacks
):
    old = _final(frozen, coordinator, django_capture_on_commit_callbacks)
    review_reopen(
        actor=coordinator,
        review=frozen,
        reason="The council wants another look",
        deadline=timezone.now() + timedelta(1),
    )

    with pytest.raises(ValidationError) as error:
        services.edition_set_public(actor=coordinator, edition=old, is_public=True)

    old.refresh_from_db()
    assert (error.value.messages, old.is_public) == (
        [
            "This edition is not of the report as the council last approved it: make a new final edition, "
            "or wait for the council's new approval."
        ],
        False,
    )
