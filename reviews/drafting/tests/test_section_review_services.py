import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from reviews.drafting.services.section_review import (
    section_comment_add,
    section_comment_resolve,
    section_decide,
    section_submit,
)
from reviews.models import AuditEntry, Notification, Section, SectionComment, SectionDecision, SectionStatus
from reviews.tests.factories import MembershipFactory, SectionFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def drafting_section(section):
    Section.objects.filter(pk=section.pk).update(status=SectionStatus.DRAFTING)
    section.refresh_from_db()
    return section


def bump_revision(section, content="<p>A new text.</p>"):
    """What the sections helper's section_save does to the row (approved moves back to in review)."""
    status = SectionStatus.IN_REVIEW if section.status == SectionStatus.APPROVED else section.status
    Section.objects.filter(pk=section.pk).update(content=content, version=section.version + 1, status=status)
    section.refresh_from_db()


# --- Submit ------------------------------------------------------------------------------


def test_section_submit_moves_to_in_review_and_notifies_reviewers(
    drafting_section, editor, reviewer, coordinator, django_capture_on_commit_callbacks
):
    second_reviewer = UserFactory(username="reviewer2", email="reviewer2@example.org")
    MembershipFactory(review=drafting_section.review, user=second_reviewer, role="reviewer")
    with django_capture_on_commit_callbacks(execute=True):
        section_submit(actor=editor, section=drafting_section)
    drafting_section.refresh_from_db()
    assert drafting_section.status == SectionStatus.IN_REVIEW
    notifications = Notification.objects.order_by("user__username")
    assert [(n.user.username, n.kind) for n in notifications] == [
        ("reviewer", "review_requested"),
        ("reviewer2", "review_requested"),
    ]
    assert notifications[0].url == f"/reviews/{drafting_section.review_id}/draft/{drafting_section.pk}/review/"
    assert sorted(m.to[0] for m in mail.outbox) == ["reviewer2@example.org", "reviewer@example.org"]
    entry = AuditEntry.objects.get(action="section.submitted")
    assert (entry.actor, entry.data) == (editor, {"section": drafting_section.pk, "revision": 2})


def test_section_submit_refused_over_the_word_limit(drafting_section, editor, reviewer):
    Section.objects.filter(pk=drafting_section.pk).update(word_limit=10)
    drafting_section.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        section_submit(actor=editor, section=drafting_section)
    assert error.value.messages == [
        "The section has 11 words, over its limit of 10: shorten it before submitting it for review."
    ]
    drafting_section.refresh_from_db()
    assert drafting_section.status == SectionStatus.DRAFTING
    assert Notification.objects.count() == 0


def test_section_submit_refused_when_empty(drafting_section, editor):
    Section.objects.filter(pk=drafting_section.pk).update(content="<p> </p>", word_count=0)
    drafting_section.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        section_submit(actor=editor, section=drafting_section)
    assert error.value.messages == ["The section has no text yet: write it before submitting it for review."]


def test_section_submit_refused_when_already_in_review(section, editor):
    with pytest.raises(ValidationError) as error:
        section_submit(actor=editor, section=section)
    assert error.value.messages == ["Only a section being drafted can be submitted for review."]


# --- Comments ----------------------------------------------------------------------------


def test_section_comment_add_records_the_revision_and_notifies_assigned_editors_only(
    section, editor, coordinator, reviewer, django_capture_on_commit_callbacks
):
    assigned = UserFactory(username="assigned", email="assigned@example.org")
    MembershipFactory(review=section.review, user=assigned, role="editor")
    section.editors.add(assigned)
    with django_capture_on_commit_callbacks(execute=True):
        comment = section_comment_add(actor=reviewer, section=section, body="Source?", quote="80 per cent in 2024")
    assert (comment.revision_number, comment.quote, comment.parent) == (2, "80 per cent in 2024", None)
    assert [(n.user.username, n.kind) for n in Notification.objects.all()] == [("assigned", "comment")]
    assert Notification.objects.get().url == (
        f"/reviews/{section.review_id}/draft/{section.pk}/review/#comment-{comment.pk}"
    )
    assert [m.to for m in mail.outbox] == [["assigned@example.org"]]


def test_section_comment_add_notifies_review_editors_when_none_assigned_but_not_the_author(section, editor, reviewer):
    second = UserFactory(username="editor2")
    MembershipFactory(review=section.review, user=second, role="editor")
    section_comment_add(actor=editor, section=section, body="I will add the source.")
    assert [n.user.username for n in Notification.objects.all()] == ["editor2"]


def test_section_comment_add_refuses_a_quote_not_in_the_text(section, reviewer):
    with pytest.raises(ValidationError) as error:
        section_comment_add(actor=reviewer, section=section, body="Hm", quote="90 per cent")
    assert error.value.message_dict == {
        "quote": ["This passage is not in the section's current text. Copy it exactly, or leave the field empty."]
    }
    assert SectionComment.objects.count() == 0


def test_section_comment_add_accepts_a_quote_across_inline_markup_and_line_breaks(section, reviewer):
    comment = section_comment_add(
        actor=reviewer, section=section, body="Good", quote="Health\nUniversal health coverage rose to 80 per"
    )
    assert comment.quote == "Health\nUniversal health coverage rose to 80 per"


def test_section_comment_add_refuses_an_empty_body(section, reviewer):
    with pytest.raises(ValidationError) as error:
        section_comment_add(actor=reviewer, section=section, body="   ")
    assert error.value.message_dict == {"body": ["Write a comment."]}


def test_section_comment_reply_to_a_reply_joins_the_first_thread(section, reviewer, editor):
    thread = section_comment_add(actor=reviewer, section=section, body="Source?")
    reply = section_comment_add(actor=editor, section=section, body="Added.", parent=thread)
    second = section_comment_add(actor=reviewer, section=section, body="Thanks", parent=reply, quote="ignored")
    assert (reply.parent, second.parent, second.quote) == (thread, thread, "")


def test_section_comment_reply_refused_across_sections(section, review, reviewer):
    other = SectionFactory(review=review, title="Other", content="<p>x</p>", position=1)
    thread = section_comment_add(actor=reviewer, section=other, body="Hm")
    with pytest.raises(ValidationError) as error:
        section_comment_add(actor=reviewer, section=section, body="Hm", parent=thread)
    assert list(error.value.message_dict) == ["parent"]


def test_section_comment_resolve_and_reopen(section, reviewer, editor):
    comment = section_comment_add(actor=reviewer, section=section, body="Source?")
    section_comment_resolve(actor=editor, comment=comment, resolved=True)
    comment.refresh_from_db()
    assert comment.resolved_by == editor
    section_comment_resolve(actor=reviewer, comment=comment, resolved=False)
    comment.refresh_from_db()
    assert (comment.resolved_at, comment.resolved_by) == (None, None)


# --- Decisions ---------------------------------------------------------------------------


def test_section_decide_approve_sets_approved_and_audits(section, reviewer):
    decision = section_decide(actor=reviewer, section=section, kind="approve", revision_number=2)
    section.refresh_from_db()
    assert (section.status, decision.kind, decision.revision_number) == ("approved", "approve", 2)
    assert AuditEntry.objects.get(action="section.approved").data == {"section": section.pk, "revision": 2, "note": ""}


def test_section_decide_request_changes_sets_drafting_and_notifies_editors(
    section, reviewer, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        section_decide(actor=reviewer, section=section, kind="request_changes", note="Add sources.", revision_number=2)
    section.refresh_from_db()
    assert section.status == SectionStatus.DRAFTING
    assert [(n.user, n.message) for n in Notification.objects.all()] == [
        (editor, f"{reviewer.get_full_name()} requested changes to “Goal 3: Good health”")
    ]
    assert [m.to for m in mail.outbox] == [["editor@example.org"]]
    assert AuditEntry.objects.filter(action="section.changes_requested").count() == 1


def test_section_decide_request_changes_needs_a_note(section, reviewer):
    with pytest.raises(ValidationError) as error:
        section_decide(actor=reviewer, section=section, kind="request_changes", note=" ", revision_number=2)
    assert error.value.message_dict == {"note": ["Say what should change: a note is required when requesting changes."]}


def test_section_decide_refuses_a_stale_revision(section, reviewer):
    bump_revision(section)
    with pytest.raises(ValidationError) as error:
        section_decide(actor=reviewer, section=section, kind="approve", revision_number=2)
    assert error.value.messages == [
        "The text changed while you were reading it (now revision 3, you read revision 2). "
        "Read the new text, then decide again."
    ]
    section.refresh_from_db()
    assert (section.status, SectionDecision.objects.count()) == ("in_review", 0)


def test_section_decide_refuses_when_frozen(section, review, reviewer):
    from django.utils import timezone

    review.frozen_at = timezone.now()
    review.save()
    with pytest.raises(ValidationError) as error:
        section_decide(actor=reviewer, section=section, kind="approve", revision_number=2)
    assert error.value.messages == ["The report is frozen after the council's approval: nothing can be changed."]


def test_section_decide_refuses_own_section_unless_allowed(section, review, reviewer):
    section.editors.add(reviewer)
    with pytest.raises(ValidationError) as error:
        section_decide(actor=reviewer, section=section, kind="approve", revision_number=2)
    assert error.value.messages == [
        "You wrote the current text of this section or are assigned to edit it, and this review does not allow "
        "approving one's own text: another reviewer decides on it."
    ]
    review.allow_self_approval = True
    review.save()
    section.refresh_from_db()
    assert section_decide(actor=reviewer, section=section, kind="approve", revision_number=2).kind == "approve"


def test_section_decide_refused_before_submission(drafting_section, reviewer):
    with pytest.raises(ValidationError) as error:
        section_decide(actor=reviewer, section=drafting_section, kind="approve", revision_number=2)
    assert error.value.messages == ["The section has not been submitted for review yet."]


# --- One-line titles (issue 13) ----------------------------------------------------------


def test_section_title_with_a_line_break_is_stored_on_one_line_and_mailed_with_a_one_line_subject(
    client, coordinator, editor, reviewer, review, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    client.post(reverse("reviews:outline-section-add", args=[review.pk]), {"title": "Intro\r\nBcc: x@y"})
    section = Section.objects.get(review=review)
    assert section.title == "Intro Bcc: x@y"
    Section.objects.filter(pk=section.pk).update(status=SectionStatus.DRAFTING, content="<p>Text.</p>", version=1)
    section.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        section_submit(actor=editor, section=section)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["reviewer@example.org"], "“Intro Bcc: x@y” is ready for your review")
    ]
