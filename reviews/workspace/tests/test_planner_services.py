import datetime

import pytest
from django.core.exceptions import ValidationError

from reviews.models import AuditEntry, Membership, Milestone, Review
from reviews.tests.factories import CountryFactory, ReviewFactory
from reviews.workspace.services.reviews import (
    review_create,
    review_record_create,
    review_update,
    task_save,
    task_toggle,
)

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def test_review_create_presets_milestones_from_the_hlpf_year(coordinator, country, first_review):
    review = review_create(
        actor=coordinator,
        country=country,
        title="Third VNR",
        hlpf_year=2031,
        languages=["en"],
        previous_review=first_review,
    )
    assert {m.kind: m.due_date for m in review.milestones.all()} == {
        Milestone.Kind.LETTER_OF_INTENT: datetime.date(2030, 10, 31),
        Milestone.Kind.MAIN_MESSAGES: datetime.date(2031, 5, 15),
        Milestone.Kind.REPORT: datetime.date(2031, 6, 15),
        Milestone.Kind.PRESENTATION: datetime.date(2031, 7, 15),
    }


def test_review_create_adds_the_handbook_checklist_due_before_the_report(coordinator, country):
    review = review_create(actor=coordinator, country=country, title="Third VNR", hlpf_year=2031, languages=["en"])
    tasks = list(review.tasks.all())
    assert len(tasks) == 13
    assert all(task.due_date <= datetime.date(2031, 6, 15) for task in tasks)
    assert tasks[0].title == "Confirm the coordination mechanism and the VNR focal point"


def test_review_create_makes_the_creator_coordinator_and_audits(coordinator, country):
    review = review_create(actor=coordinator, country=country, title="Third VNR", hlpf_year=2031, languages=["en"])
    assert list(Membership.objects.filter(review=review).values_list("user__username", "role")) == [
        ("coordinator", "coordinator")
    ]
    assert list(AuditEntry.objects.filter(review=review).order_by("pk").values_list("action", flat=True)) == [
        "review.create",
        "membership.grant",
    ]


def test_review_create_refuses_a_previous_review_of_another_country(coordinator, country, other_review):
    with pytest.raises(ValidationError) as error:
        review_create(
            actor=coordinator,
            country=country,
            title="X",
            hlpf_year=2031,
            languages=["en"],
            previous_review=other_review,
        )
    assert error.value.message_dict == {"previous_review": ["The previous VNR must be a review of the same country."]}
    assert not Review.objects.filter(title="X").exists()


def test_review_create_refuses_a_previous_review_that_is_not_earlier(coordinator, country, review):
    with pytest.raises(ValidationError) as error:
        review_create(
            actor=coordinator, country=country, title="X", hlpf_year=2026, languages=["en"], previous_review=review
        )
    assert "previous_review" in error.value.message_dict


def test_review_create_refuses_a_second_review_in_the_same_year(coordinator, country, review):
    with pytest.raises(ValidationError):
        review_create(actor=coordinator, country=country, title="Again", hlpf_year=review.hlpf_year, languages=["en"])
    assert Review.objects.filter(country=country).count() == 2


def test_review_record_create_keeps_the_pdf(coordinator, country):
    from django.core.files.base import ContentFile

    record = review_record_create(
        actor=coordinator,
        country=country,
        title="First VNR",
        hlpf_year=2017,
        published_pdf=ContentFile(b"%PDF-1.4\n", name="a.pdf"),
    )
    assert record.is_record is True
    assert record.stage == "published"
    assert record.published_pdf.read() == b"%PDF-1.4\n"


def test_review_update_records_a_stage_change(coordinator, review):
    review_update(actor=coordinator, review=review, stage="consultation")
    entry = AuditEntry.objects.get(review=review, action="review.stage")
    assert entry.summary == "Stage changed from Drafting to Consultation"
    assert entry.actor == coordinator


def test_review_update_refuses_itself_as_previous(coordinator, review):
    with pytest.raises(ValidationError):
        review_update(actor=coordinator, review=review, previous_review=review)


def test_task_owner_must_be_a_member(coordinator, outsider, review):
    task = review.tasks.create(title="Do it")
    task.owner = outsider
    with pytest.raises(ValidationError) as error:
        task_save(actor=coordinator, task=task)
    assert error.value.message_dict == {"owner": ["The owner must be a member of this review."]}


def test_task_toggle_marks_done_then_reopens(coordinator, review):
    task = review.tasks.create(title="Do it")
    today = datetime.date(2026, 11, 26)
    assert task_toggle(actor=coordinator, task=task, today=today).done_on == today
    assert task_toggle(actor=coordinator, task=task, today=today).done_on is None


def test_audit_entries_cannot_be_changed_or_deleted(coordinator, review):
    review_update(actor=coordinator, review=review, stage="consultation")
    entry = AuditEntry.objects.get(review=review)
    entry.summary = "tampered"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).summary == "Stage changed from Drafting to Consultation"


def test_db_refuses_two_reviews_of_a_country_in_one_year(country, review):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFactory(country=country, hlpf_year=review.hlpf_year)
    assert CountryFactory._meta.model.objects.get(pk=country.pk).reviews.count() == 2
