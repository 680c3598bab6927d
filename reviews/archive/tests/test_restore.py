"""A review with every kind of link (files, votes, replies, a match in the first VNR) restores equal."""

import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from indicators.tests.factories import GoalFactory
from reviews.archive.canonical import canonical_form
from reviews.archive.services.restore import review_restore
from reviews.models import (
    AuditEntry,
    Ballot,
    CommitmentDocument,
    Country,
    Edition,
    Review,
    Section,
    SectionComment,
    SectionMatch,
)
from reviews.tests.factories import (
    AuditEntryFactory,
    BallotFactory,
    CommitmentDocumentFactory,
    CommitmentFactory,
    CommitmentUpdateFactory,
    CouncilVoteFactory,
    EditionFactory,
    GoalAssignmentFactory,
    NotificationFactory,
    SectionCommentFactory,
    SectionFactory,
    SectionImageFactory,
    SectionPresenceFactory,
    SectionRevisionFactory,
    UserFactory,
)

from .helpers import export_bytes, forget, members_of, rezip

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def rich(review, first_review, coordinator, reviewer, council_member, ministry_a, ministry_b, focal_a):
    goal = GoalFactory(number=3)
    GoalAssignmentFactory(review=review, ministry=ministry_a, goal=goal)
    child = SectionFactory(review=review, title="Health", goal=goal)
    parent = SectionFactory(review=review, title="Goal chapters")
    Section.objects.filter(pk=child.pk).update(parent=parent)  # a parent younger than its child
    child.editors.add(coordinator, focal_a)
    SectionRevisionFactory(section=child, author=coordinator)
    comment = SectionCommentFactory(section=child, author=reviewer, body="Cite the survey.")
    SectionCommentFactory(section=child, author=coordinator, parent=comment, body="Done.")
    image = SectionImageFactory(section=child, uploaded_by=coordinator)
    picture = f'<p>Clinics</p><img src="/reviews/{review.pk}/sections/{child.pk}/images/{image.pk}/" alt="A map">'
    Section.objects.filter(pk=child.pk).update(content=picture)
    SectionMatch.objects.create(
        section=child,
        previous_section=SectionFactory(review=first_review, title="Health (2019)"),
        chosen_by=coordinator,
    )
    vote = CouncilVoteFactory(review=review, opened_by=coordinator)
    vote.eligible_voters.add(council_member)
    BallotFactory(vote=vote, voter=council_member)
    edition = EditionFactory(review=review, requested_by=coordinator, status="done")
    edition.file.save("report.pdf", ContentFile(b"%PDF-1.7 the report"), save=True)
    commitment = CommitmentFactory(review=review, source_review=first_review)
    commitment.ministries.add(ministry_a, ministry_b)
    commitment.goals.add(goal)
    document = CommitmentDocumentFactory(commitment=commitment, uploaded_by=focal_a)
    update = CommitmentUpdateFactory(commitment=commitment, submitted_by=focal_a)
    update.evidence_documents.add(document)
    AuditEntryFactory(review=review, actor=coordinator, action="section.saved", summary="Saved Health")
    NotificationFactory(review=review, user=reviewer)
    SectionPresenceFactory(section=child, user=coordinator)
    return review


def test_a_review_with_every_kind_of_link_restores_the_same(rich, first_review):
    first = export_bytes(rich)
    forget(rich)

    restored, warnings = review_restore(actor=None, source=io.BytesIO(first))

    assert warnings == []
    assert canonical_form(export_bytes(restored)) == canonical_form(first)
    assert restored.previous_review == first_review
    reply = SectionComment.objects.get(section__review=restored, body="Done.")
    assert reply.parent.body == "Cite the survey." and reply.parent.section.review == restored
    child = Section.objects.get(review=restored, title="Health")
    image = child.images.get()
    assert f'src="/reviews/{restored.pk}/sections/{child.pk}/images/{image.pk}/"' in child.content
    assert image.image.read() == b"\x89PNG\r\n\x1a\n"
    assert child.parent.title == "Goal chapters" and child.goal.number == 3
    assert {u.username for u in child.editors.all()} == {"coordinator", "focal_a"}
    assert SectionMatch.objects.get(section=child).previous_section.review == first_review
    assert Ballot.objects.get(vote__review=restored).voter.username == "council_member"
    edition = Edition.objects.get(review=restored)
    assert edition.file.read() == b"%PDF-1.7 the report"
    document = CommitmentDocument.objects.get(commitment__review=restored)
    assert document.file.read() == b"%PDF-1.4\n%%EOF\n"
    assert document.updates.get().commitment.source_review == first_review


def test_what_is_left_out_is_not_in_the_file(rich):
    names = set(members_of(export_bytes(rich)))

    assert "data/reviews.Notification.json" not in names
    assert "data/reviews.SectionPresence.json" not in names
    assert "data/reviews.SectionMatch.json" in names


def test_a_restore_beside_the_original_is_refused_and_writes_nothing(rich):
    archive = export_bytes(rich)
    before = Review.objects.count(), AuditEntry.objects.count()

    with pytest.raises(ValidationError, match="already exists"):
        review_restore(actor=None, source=io.BytesIO(archive))

    assert (Review.objects.count(), AuditEntry.objects.count()) == before


def test_people_are_matched_by_username_or_created_inactive_without_a_password(rich):
    archive = export_bytes(rich)
    forget(rich)
    get_user_model().objects.filter(username="reviewer").delete()
    coordinator = get_user_model().objects.get(username="coordinator")
    coordinator.email = "new-address@example.org"
    coordinator.save()

    restored, _ = review_restore(actor=None, source=io.BytesIO(archive))

    reviewer = get_user_model().objects.get(username="reviewer")
    assert not reviewer.is_active and not reviewer.has_usable_password()
    assert reviewer.email == "reviewer@example.org"
    assert restored.memberships.filter(user=reviewer, role="reviewer").exists()
    # A person already here is used as they are: the file does not change their account.
    coordinator.refresh_from_db()
    assert coordinator.is_active and coordinator.email == "new-address@example.org"
    assert restored.memberships.filter(user=coordinator, role="coordinator").exists()


def test_without_the_first_vnr_the_match_is_left_out_and_said(rich, first_review):
    archive = export_bytes(rich)
    forget(rich)
    forget(first_review)

    restored, warnings = review_restore(actor=None, source=io.BytesIO(archive))

    assert restored.previous_review is None
    assert not SectionMatch.objects.filter(section__review=restored).exists()
    assert "1 row of reviews.SectionMatch is left out: it points at a review not in this database." in warnings
    assert "1 row of reviews.Commitment: source_review points at a review not in this database; left empty." in warnings
    assert "1 row of reviews.Review: previous_review points at a review not in this database; left empty." in warnings


def test_a_country_missing_here_is_created_from_the_file(rich):
    members = members_of(export_bytes(rich))
    manifest = json.loads(members["manifest.json"])
    manifest["review"].update(country="Zedland", iso3="ZZZ")
    members["manifest.json"] = json.dumps(manifest).encode()
    row = json.loads(members["data/reviews.Review.json"])
    row[0]["country"] = {"key": ["ZZZ"]}
    members["data/reviews.Review.json"] = json.dumps(row).encode()

    restored, warnings = review_restore(actor=None, source=io.BytesIO(rezip(members)))

    assert restored.country == Country.objects.get(iso3="ZZZ", name="Zedland")
    assert any("Zedland" in str(w) for w in warnings)


def test_a_goal_missing_from_the_framework_is_refused_and_nothing_stays(rich, media):
    members = members_of(export_bytes(rich))
    forget(rich)
    sections = json.loads(members["data/reviews.Section.json"])
    next(row for row in sections if row["goal"])["goal"] = {"key": [99]}
    members["data/reviews.Section.json"] = json.dumps(sections).encode()
    files_before = sorted(p for p in media.rglob("*") if p.is_file())
    reviews_before = Review.objects.count()

    with pytest.raises(ValidationError, match="99 is not in this database"):
        review_restore(actor=None, source=io.BytesIO(rezip(members)))

    assert Review.objects.count() == reviews_before
    assert sorted(p for p in media.rglob("*") if p.is_file()) == files_before


def test_the_commands_export_and_restore(rich, tmp_path):
    out = tmp_path / "review.zip"
    printed = io.StringIO()
    call_command("export_review", str(rich.pk), "--out", str(out), stdout=printed)
    assert "Exported" in printed.getvalue() and out.exists()
    forget(rich)

    printed = io.StringIO()
    call_command("import_review", str(out), stdout=printed)

    restored = Review.objects.get(country__iso3="AUR", hlpf_year=2027)
    assert f"as review {restored.pk}" in printed.getvalue()
    assert canonical_form(export_bytes(restored)) == canonical_form(out.read_bytes())


def test_the_export_command_without_personal_data(rich, tmp_path):
    out = tmp_path / "review.zip"
    call_command("export_review", str(rich.pk), "--out", str(out), "--without-personal-data", stdout=io.StringIO())

    members = members_of(out.read_bytes())
    assert b"@example.org" not in b"".join(members.values())
    people = json.loads(members["data/people.json"])
    assert len(people) == 4
    assert all(re.fullmatch(r"anonymous-[0-9a-f]{8}-[1-4]", p["username"]) and p["email"] == "" for p in people)


def test_the_export_command_refuses_an_unknown_review(db, tmp_path):
    with pytest.raises(CommandError, match="There is no review 999"):
        call_command("export_review", "999", "--out", str(tmp_path / "x.zip"))


def test_the_import_command_refuses_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_review", str(tmp_path / "nothing.zip"))


def test_the_restore_is_in_the_audit_log_and_the_export_too(rich):
    archive = export_bytes(rich)
    assert AuditEntry.objects.filter(review=rich, action="archive.exported").count() == 1
    forget(rich)
    user = UserFactory(username="restorer", is_superuser=True)

    restored, _ = review_restore(actor=user, source=io.BytesIO(archive))

    entry = AuditEntry.objects.get(review=restored, action="archive.restored")
    assert entry.actor == user
