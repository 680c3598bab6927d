"""The data a review uses is recorded when the council's approval freezes its report."""

from datetime import timedelta

import pytest
from django.utils import timezone

from indicators.evidence.services.imports import ImportFile, evidence_import
from reviews.core.models import AuditEntry, Review
from reviews.core.signals import review_frozen
from reviews.drafting.services.votes import vote_cast, vote_open
from reviews.tests.factories import MembershipFactory, UserFactory, approved_section

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def _data(country="AUR"):
    evidence_import(country=country, files=[ImportFile(name="indicator_3-1-1.csv", data=b"Year,Value\n2015,1\n")])


def test_approval_by_the_council_records_the_data(review, coordinator, reviewer, django_capture_on_commit_callbacks):
    approved_section(review, reviewer, "Chapter")
    _data()
    voters = []
    for n in range(2):
        voter = UserFactory(username=f"voter_{n}")
        MembershipFactory(review=review, user=voter, role="council_member")
        voters.append(voter)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        vote = vote_open(actor=coordinator, review=review, deadline=now + timedelta(days=3), now=now)
        for voter in voters:
            vote_cast(vote=vote, voter=voter, choice="approve", now=now)
    review.refresh_from_db()
    assert review.frozen_at is not None
    snapshot = review.data_snapshot
    assert snapshot is not None and snapshot.country == "AUR" and snapshot.versions.count() == 1
    assert snapshot.label == f"{review.title}, approved on {review.frozen_at.date()}"
    entry = AuditEntry.objects.get(action="evidence.snapshot")
    assert entry.actor is None and entry.review == review


def test_a_review_that_is_not_frozen_records_nothing(review, django_capture_on_commit_callbacks):
    _data()
    with django_capture_on_commit_callbacks(execute=True):
        review_frozen.send(sender=Review, review=review)  # frozen_at is still empty
    review.refresh_from_db()
    assert review.data_snapshot is None
    assert not AuditEntry.objects.filter(action="evidence.snapshot").exists()
