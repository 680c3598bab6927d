import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from reviews.drafting.services.section_review import section_comment_add, section_decide
from reviews.models import Notification, Section, SectionComment, SectionDecision, SectionStatus

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

HOSTILE = json.loads(Path("/work/shared/data/security/hostile-inputs.json").read_text())


def url(section, name="section-review", *extra):
    return reverse(f"reviews:{name}", args=[section.review_id, section.pk, *extra])


def page_of(client, section):
    return client.get(url(section)).content.decode()


# --- The page ----------------------------------------------------------------------------


def test_section_review_page_redirects_anonymous_to_login(client, section):
    response = client.get(url(section))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["outsider", "other_member", "focal_a"])
def test_section_review_page_refused_without_a_draft_role(request, client, section, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(section)).status_code == 403


def test_section_review_page_404_for_a_section_of_another_review(client, section, other_review, other_member):
    client.force_login(other_member)
    response = client.get(reverse("reviews:section-review", args=[other_review.pk, section.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["council_member", "reviewer", "editor"])
def test_section_review_page_shows_text_and_comments_to_members(request, client, section, reviewer, who):
    section_comment_add(actor=reviewer, section=section, body="Which source?", quote="80 per cent")
    client.force_login(request.getfixturevalue(who))
    response = client.get(url(section))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Universal health coverage rose to <strong>80 per cent</strong> in 2024." in page
    assert "Which source?" in page
    assert "80 per cent</blockquote>" in page


def test_section_review_page_forms_follow_permissions(client, section, reviewer, editor, council_member):
    client.force_login(council_member)
    page = page_of(client, section)
    assert ('id="comment-form"' in page, 'id="decision-form"' in page) == (False, False)
    client.force_login(editor)
    page = page_of(client, section)
    assert ('id="comment-form"' in page, 'id="decision-form"' in page) == (True, False)
    client.force_login(reviewer)
    page = page_of(client, section)
    assert ('id="comment-form"' in page, 'id="decision-form"' in page) == (True, True)


def test_section_review_page_marks_comments_on_an_older_revision(client, section, reviewer):
    section_comment_add(actor=reviewer, section=section, body="Old one")
    Section.objects.filter(pk=section.pk).update(version=3)
    section_comment_add(actor=reviewer, section=Section.objects.get(pk=section.pk), body="New one")
    client.force_login(reviewer)
    page = page_of(client, section)
    assert page.count("on an older revision") == 1
    assert page.index("on an older revision") < page.index("New one")


def test_section_review_page_collapses_resolved_threads(client, section, reviewer, editor):
    comment = section_comment_add(actor=reviewer, section=section, body="Settled point")
    comment.resolved_at, comment.resolved_by = timezone.now(), editor
    comment.save()
    client.force_login(reviewer)
    page = page_of(client, section)
    assert f'<details class="mb-2" id="resolved-{comment.pk}">' in page
    assert "Resolved comment by" in page


def test_section_review_page_shows_when_the_approval_no_longer_counts(client, section, reviewer):
    section_decide(actor=reviewer, section=section, kind="approve", revision_number=2)
    client.force_login(reviewer)
    assert "Approved on revision 2, the current text: the approval counts." in page_of(client, section)
    # What the sections helper's section_save does when the text changes after approval.
    Section.objects.filter(pk=section.pk).update(version=3, content="<p>Changed</p>", status="in_review")
    response = client.get(url(section))
    assert response.context["approval_counts"] is False
    assert (
        "The last approval was given on revision 2; the text has changed since (now revision 3), "
        "so it no longer counts." in response.content.decode()
    )


@pytest.mark.parametrize("threads", [3, 200], ids=["few", "many"])
def test_section_review_page_query_budget(client, section, reviewer, editor, threads, django_assert_num_queries):
    comments = SectionComment.objects.bulk_create(
        SectionComment(section=section, author=reviewer, body=f"Comment {n}", revision_number=2) for n in range(threads)
    )
    SectionComment.objects.bulk_create(
        SectionComment(section=section, parent=c, author=editor, body="Reply", revision_number=2) for c in comments
    )
    SectionComment.objects.filter(pk__in=[c.pk for c in comments[::3]]).update(
        resolved_at=timezone.now(), resolved_by=editor
    )
    SectionDecision.objects.bulk_create(
        SectionDecision(section=section, reviewer=reviewer, kind="approve", revision_number=n) for n in range(threads)
    )
    client.force_login(reviewer)
    with django_assert_num_queries(10):
        response = client.get(url(section))
    assert response.status_code == 200
    assert len(response.context["open_threads"]) + len(response.context["resolved_threads"]) == threads


# --- Submitting ----------------------------------------------------------------------------


def test_section_submit_by_editor_moves_to_in_review(client, section, editor, reviewer):
    Section.objects.filter(pk=section.pk).update(status=SectionStatus.DRAFTING)
    client.force_login(editor)
    response = client.post(url(section, "section-submit"), follow=True)
    section.refresh_from_db()
    assert section.status == SectionStatus.IN_REVIEW
    assert "The section has been submitted; its reviewers have been told." in response.content.decode()


def test_section_submit_over_limit_shows_the_reason(client, section, editor):
    Section.objects.filter(pk=section.pk).update(status=SectionStatus.DRAFTING, word_limit=5)
    client.force_login(editor)
    response = client.post(url(section, "section-submit"), follow=True)
    section.refresh_from_db()
    assert section.status == SectionStatus.DRAFTING
    assert "The section has 11 words, over its limit of 5" in response.content.decode()


@pytest.mark.parametrize("who", ["reviewer", "council_member"])
def test_section_submit_refused_to_non_editors(request, client, section, who):
    Section.objects.filter(pk=section.pk).update(status=SectionStatus.DRAFTING)
    client.force_login(request.getfixturevalue(who))
    assert client.post(url(section, "section-submit")).status_code == 403
    section.refresh_from_db()
    assert section.status == SectionStatus.DRAFTING


def test_section_submit_refused_to_an_editor_not_assigned(client, section, editor, coordinator):
    Section.objects.filter(pk=section.pk).update(status=SectionStatus.DRAFTING)
    section.editors.add(coordinator)
    client.force_login(editor)
    assert client.post(url(section, "section-submit")).status_code == 403


def test_section_submit_redirects_anonymous_to_login(client, section):
    response = client.post(url(section, "section-submit"))
    assert (response.status_code, response.url.startswith(reverse("login"))) == (302, True)


# --- Comments ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["reviewer", "editor", "coordinator"])
def test_section_comment_create_by_commenting_roles(request, client, section, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(url(section, "section-comment"), {"body": "Please add a source.", "quote": "80 per cent"})
    comment = SectionComment.objects.get()
    assert response.status_code == 302
    assert response.url.endswith(f"#comment-{comment.pk}")
    assert (comment.body, comment.quote, comment.author.username) == ("Please add a source.", "80 per cent", who)


@pytest.mark.parametrize("who", ["focal_a", "council_member", "outsider", "other_member"])
def test_section_comment_create_refused_to_other_roles(request, client, section, who):
    client.force_login(request.getfixturevalue(who))
    assert client.post(url(section, "section-comment"), {"body": "Hi"}).status_code == 403
    assert SectionComment.objects.count() == 0


def test_section_comment_create_redirects_anonymous(client, section):
    assert client.post(url(section, "section-comment"), {"body": "Hi"}).status_code == 302
    assert SectionComment.objects.count() == 0


def test_section_comment_quote_not_in_text_is_a_field_error(client, section, reviewer):
    client.force_login(reviewer)
    response = client.post(url(section, "section-comment"), {"body": "Hm", "quote": "95 per cent"})
    assert response.status_code == 400
    assert response.context["comment_form"].errors == {
        "quote": ["This passage is not in the section's current text. Copy it exactly, or leave the field empty."]
    }
    assert SectionComment.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"body": ""}, "body"),
        ({"body": "x" * 5001}, "body"),
        ({"body": "ok", "quote": "x" * 2001}, "quote"),
        ({"body": "a\x00b"}, "body"),
    ],
    ids=["empty", "long-body", "long-quote", "null-char"],
)
def test_section_comment_bad_input_is_a_field_error(client, section, reviewer, data, field):
    client.force_login(reviewer)
    response = client.post(url(section, "section-comment"), data)
    assert response.status_code == 400
    assert list(response.context["comment_form"].errors) == [field]


@pytest.mark.parametrize("hostile", HOSTILE["xss_html"])
def test_section_comment_hostile_html_is_shown_escaped(client, section, reviewer, hostile):
    client.force_login(reviewer)
    client.post(url(section, "section-comment"), {"body": hostile, "quote": ""})
    assert SectionComment.objects.get().body == hostile
    page = page_of(client, section)
    assert str(escape(hostile)) in page
    if str(escape(hostile)) != hostile:
        assert hostile not in page


@pytest.mark.parametrize("hostile", HOSTILE["text_edges"][3:-1])
def test_section_comment_odd_text_is_stored_as_typed(client, section, reviewer, hostile):
    client.force_login(reviewer)
    response = client.post(url(section, "section-comment"), {"body": f"Note {hostile}"})
    assert response.status_code == 302
    assert SectionComment.objects.get().body == f"Note {hostile}".replace("\r\n", "\n").replace("\r", "\n").strip()
    assert client.get(url(section)).status_code == 200


def test_section_comment_reply_and_resolve_by_editor(client, section, reviewer, editor):
    thread = section_comment_add(actor=reviewer, section=section, body="Source?")
    client.force_login(editor)
    response = client.post(url(section, "section-comment-reply", thread.pk), {"body": "Added it."})
    reply = SectionComment.objects.get(parent=thread)
    assert response.url.endswith(f"#comment-{reply.pk}")
    client.post(url(section, "section-comment-resolve", thread.pk), {"resolved": "1"})
    thread.refresh_from_db()
    assert thread.resolved_by == editor
    client.post(url(section, "section-comment-resolve", thread.pk), {"resolved": "0"})
    thread.refresh_from_db()
    assert thread.resolved_at is None


def test_section_comment_reply_empty_is_a_field_error(client, section, reviewer):
    thread = section_comment_add(actor=reviewer, section=section, body="Source?")
    client.force_login(reviewer)
    response = client.post(url(section, "section-comment-reply", thread.pk), {"body": " "})
    assert response.status_code == 400
    assert f'id="id_reply_{thread.pk}_body"' in response.content.decode()
    assert response.context["open_threads"][0].reply_form.errors == {"body": ["This field is required."]}


def test_section_comment_resolve_by_author_allowed(client, section, reviewer):
    thread = section_comment_add(actor=reviewer, section=section, body="Source?")
    client.force_login(reviewer)
    assert client.post(url(section, "section-comment-resolve", thread.pk), {"resolved": "1"}).status_code == 302
    thread.refresh_from_db()
    assert thread.resolved_by == reviewer


def test_section_comment_resolve_refused_to_another_reviewer_and_unassigned_editor(
    client, section, reviewer, editor, coordinator
):
    thread = section_comment_add(actor=coordinator, section=section, body="Source?")
    section.editors.add(coordinator)  # editor is now not an editor of this section
    client.force_login(reviewer)
    assert client.post(url(section, "section-comment-resolve", thread.pk)).status_code == 403
    client.force_login(editor)
    assert client.post(url(section, "section-comment-resolve", thread.pk)).status_code == 403
    thread.refresh_from_db()
    assert thread.resolved_at is None


def test_section_comment_notifies_editors_once(client, section, reviewer, editor, django_capture_on_commit_callbacks):
    from django.core import mail

    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(section, "section-comment"), {"body": "Source?"})
    assert [(n.user, n.kind) for n in Notification.objects.all()] == [(editor, "comment")]
    assert [m.to for m in mail.outbox] == [["editor@example.org"]]


# --- Decisions ---------------------------------------------------------------------------


def test_section_decide_approve_by_reviewer(client, section, reviewer):
    client.force_login(reviewer)
    response = client.post(url(section, "section-decide"), {"kind": "approve", "revision_number": 2}, follow=True)
    section.refresh_from_db()
    assert section.status == SectionStatus.APPROVED
    assert "The section is approved." in response.content.decode()


@pytest.mark.parametrize("who", ["editor", "coordinator", "council_member", "focal_a", "other_member"])
def test_section_decide_refused_to_non_reviewers(request, client, section, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(url(section, "section-decide"), {"kind": "approve", "revision_number": 2})
    assert response.status_code == 403
    assert SectionDecision.objects.count() == 0


def test_section_decide_refused_to_an_assigned_editor_unless_allowed(client, section, review, reviewer):
    section.editors.add(reviewer)
    client.force_login(reviewer)
    assert client.post(url(section, "section-decide"), {"kind": "approve", "revision_number": 2}).status_code == 403
    review.allow_self_approval = True
    review.save()
    assert client.post(url(section, "section-decide"), {"kind": "approve", "revision_number": 2}).status_code == 302
    assert SectionDecision.objects.get().reviewer == reviewer


def test_section_decide_stale_revision_shows_the_new_text_and_message(client, section, reviewer):
    Section.objects.filter(pk=section.pk).update(version=3, content="<p>Rewritten meanwhile.</p>")
    client.force_login(reviewer)
    response = client.post(url(section, "section-decide"), {"kind": "approve", "revision_number": 2})
    page = response.content.decode()
    assert response.status_code == 400
    assert "The text changed while you were reading it (now revision 3, you read revision 2)." in page
    assert "Rewritten meanwhile." in page
    assert 'name="revision_number" value="3"' in page
    assert SectionDecision.objects.count() == 0


def test_section_decide_request_changes_without_note_is_a_field_error(client, section, reviewer):
    client.force_login(reviewer)
    response = client.post(url(section, "section-decide"), {"kind": "request_changes", "revision_number": 2})
    assert response.status_code == 400
    assert response.context["decision_form"].errors == {
        "note": ["Say what should change: a note is required when requesting changes."]
    }


def test_section_decide_frozen_report_refused(client, section, review, reviewer):
    review.frozen_at = timezone.now()
    review.save()
    client.force_login(reviewer)
    assert client.post(url(section, "section-decide"), {"kind": "approve", "revision_number": 2}).status_code == 403


@pytest.mark.parametrize(
    "data", [{}, {"kind": "veto", "revision_number": 2}, {"kind": "approve", "revision_number": "x"}]
)
def test_section_decide_bad_input_never_500(client, section, reviewer, data):
    client.force_login(reviewer)
    assert client.post(url(section, "section-decide"), data).status_code == 400
    assert SectionDecision.objects.count() == 0
