"""Publishing the report ("Make public" of a final edition) publishes the review: its stage
becomes Published, its open rounds close with a notice to their contributors, and the
portal and the rounds' "you said, we did" pages list the final report per language with
its size."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from reviews.core.models import Notification, Stage
from reviews.models import AuditEntry
from reviews.publishing import editions as services
from reviews.publishing.models import Edition
from reviews.tests.factories import EditionFactory
from stakeholders.languages import language_label
from stakeholders.rounds.models import ConsultationRound
from stakeholders.tests.factories import ContributionFactory, ContributorFactory, RoundFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def frozen(review):
    review.frozen_at = timezone.now() - timedelta(hours=1)
    review.stage = Stage.APPROVAL
    review.save(update_fields=["frozen_at", "stage"])
    return review


def _final(review, *, language="en", format="pdf", data=b"%PDF-1.7 " + b"x" * 2039):
    edition = EditionFactory(
        review=review, is_final=True, status="done", format=format, language=language, size=len(data)
    )
    edition.file.save(f"final-{edition.pk}.{format}", ContentFile(data), save=True)
    return edition


def test_make_public_moves_stage_closes_rounds_and_tells_contributors(
    settings, tmp_path, client, frozen, coordinator, public_round, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = str(tmp_path)
    author = ContributorFactory(username="amina", email="amina@example.org")
    ContributionFactory(round=public_round, document=public_round.documents.get(), author=author)
    ContributionFactory(round=public_round, document=public_round.documents.get(), author=author)
    later = RoundFactory(review=frozen, opens_at=timezone.now() + timedelta(days=3))
    edition = _final(frozen)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reviews:edition-publish", args=[frozen.pk, edition.pk]), {"is_public": "1"})
    frozen.refresh_from_db()
    public_round.refresh_from_db()
    notices = Notification.objects.filter(user=author)
    assert response.status_code == 302
    assert frozen.stage == Stage.PUBLISHED
    assert public_round.status == "closed"
    assert ConsultationRound.objects.get(pk=later.pk).status == "scheduled"  # not open: left as it is
    assert notices.count() == 1  # two contributions, one notice
    assert "is closed" in notices.get().message
    assert notices.get().url == reverse("stakeholders:portal-outcomes", args=[frozen.pk, public_round.pk])
    assert [m.to for m in mail.outbox] == [["amina@example.org"]]
    actions = set(AuditEntry.objects.filter(review=frozen).values_list("action", flat=True))
    assert {"edition.publish", "review.stage", "stakeholders.round_close"} <= actions


def test_make_public_twice_tells_nobody_twice(settings, tmp_path, frozen, coordinator, public_round):
    settings.MEDIA_ROOT = str(tmp_path)
    ContributionFactory(round=public_round, document=public_round.documents.get())
    first, second = _final(frozen), _final(frozen, format="docx")
    services.edition_set_public(actor=coordinator, edition=first, is_public=True)
    services.edition_set_public(actor=coordinator, edition=second, is_public=True)
    assert Notification.objects.count() == 1
    assert AuditEntry.objects.filter(action="review.stage").count() == 1


def test_withdrawing_leaves_stage_and_rounds(settings, tmp_path, frozen, coordinator, public_round):
    settings.MEDIA_ROOT = str(tmp_path)
    edition = _final(frozen)
    Edition.objects.filter(pk=edition.pk).update(is_public=True)
    edition.refresh_from_db()
    services.edition_set_public(actor=coordinator, edition=edition, is_public=False)
    frozen.refresh_from_db()
    public_round.refresh_from_db()
    assert (frozen.stage, public_round.status) == (Stage.APPROVAL, "open")


def test_editor_may_not_make_public(settings, tmp_path, client, frozen, editor, public_round):
    settings.MEDIA_ROOT = str(tmp_path)
    edition = _final(frozen)
    client.force_login(editor)
    response = client.post(reverse("reviews:edition-publish", args=[frozen.pk, edition.pk]), {"is_public": "1"})
    frozen.refresh_from_db()
    public_round.refresh_from_db()
    assert (response.status_code, frozen.stage, public_round.status) == (403, Stage.APPROVAL, "open")


def test_refused_publication_changes_nothing(settings, tmp_path, review, coordinator, public_round):
    """A final edition from before the report froze is refused: the stage and the rounds stay."""
    settings.MEDIA_ROOT = str(tmp_path)
    stage = review.stage
    edition = _final(review)
    with pytest.raises(ValidationError):
        services.edition_set_public(actor=coordinator, edition=edition, is_public=True)
    review.refresh_from_db()
    public_round.refresh_from_db()
    assert (review.stage, public_round.status) == (stage, "open")
    assert stage != Stage.PUBLISHED


def test_portal_and_outcomes_list_the_final_report_per_language_with_size(
    settings, tmp_path, client, frozen, coordinator, public_round
):
    settings.MEDIA_ROOT = str(tmp_path)
    english = _final(frozen, language="en")
    chinese = _final(frozen, language="zh-Hans", data=b"%PDF-1.7 " + b"y" * 1_048_567)
    withdrawn = _final(frozen, language="en", format="docx")
    services.edition_set_public(actor=coordinator, edition=english, is_public=True)
    services.edition_set_public(actor=coordinator, edition=chinese, is_public=True)
    home = client.get(reverse("stakeholders:portal-home", args=[frozen.pk])).content.decode()
    outcomes = client.get(reverse("stakeholders:portal-outcomes", args=[frozen.pk, public_round.pk])).content.decode()
    landing = client.get("/").content.decode()
    for page in (home, outcomes, landing):
        assert "The final report" in page
        assert reverse("reviews:edition-download", args=[frozen.pk, english.pk]) in page
        assert reverse("reviews:edition-download", args=[frozen.pk, chinese.pk]) in page
        assert reverse("reviews:edition-download", args=[frozen.pk, withdrawn.pk]) not in page
        assert "2.0\xa0KB" in page and "1.0\xa0MB" in page
        assert language_label("en") in page and language_label("zh-Hans") in page
    assert client.get(reverse("reviews:edition-download", args=[frozen.pk, chinese.pk])).status_code == 200


def test_no_final_report_before_publication(client, review, public_round):
    page = client.get(reverse("stakeholders:portal-home", args=[review.pk])).content.decode()
    assert "The final report" not in page


def test_the_coordinator_is_told_what_publishing_did(settings, tmp_path, client, frozen, coordinator, public_round):
    settings.MEDIA_ROOT = str(tmp_path)
    first, second = _final(frozen), _final(frozen, format="docx")
    client.force_login(coordinator)
    url = reverse("reviews:edition-publish", args=[frozen.pk, first.pk])
    page = client.post(url, {"is_public": "1"}, follow=True).content.decode()
    assert "the review is now published" in page
    url = reverse("reviews:edition-publish", args=[frozen.pk, second.pk])
    page = client.post(url, {"is_public": "1"}, follow=True).content.decode()
    assert "The edition is public." in page and "the review is now published" not in page
