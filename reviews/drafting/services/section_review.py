"""The review of a draft section: submitting it, comments in threads, approvals.

Every refusal is a ValidationError with a translated sentence, at the field it concerns
where there is one, so that the view shows it beside the input.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reviews import rules as perms
from reviews.core.audit import audit_record
from reviews.core.models import MemberRole, Membership
from reviews.core.notifications import notify
from reviews.core.sanitize import plain_text
from reviews.drafting.models import Section, SectionComment, SectionDecision, SectionStatus

BODY_MAX = 5000
QUOTE_MAX = 2000

# Refusals, kept together so that the wording stays consistent.
ERRORS = {
    "empty": gettext_lazy("The section has no text yet: write it before submitting it for review."),
    "over_limit": gettext_lazy(
        "The section has %(count)s words, over its limit of %(limit)s: shorten it before submitting it for review."
    ),
    "not_drafting": gettext_lazy("Only a section being drafted can be submitted for review."),
    "frozen": gettext_lazy("The report is frozen after the council's approval: nothing can be changed."),
    "stale": gettext_lazy(
        "The text changed while you were reading it (now revision %(current)s, you read revision %(read)s). "
        "Read the new text, then decide again."
    ),
    "own_section": gettext_lazy(
        "You wrote the current text of this section or are assigned to edit it, and this review does not allow "
        "approving one's own text: another reviewer decides on it."
    ),
    "not_submitted": gettext_lazy("The section has not been submitted for review yet."),
    "note_required": gettext_lazy("Say what should change: a note is required when requesting changes."),
    "body_required": gettext_lazy("Write a comment."),
    "quote_not_found": gettext_lazy(
        "This passage is not in the section's current text. Copy it exactly, or leave the field empty."
    ),
    "too_long": gettext_lazy("At most %(limit)s characters, please (this has %(count)s)."),
    "reply_other_section": gettext_lazy("You can only reply to a comment on the same section."),
}


def _section_url(section: Section) -> str:
    return reverse("reviews:section-review", args=[section.review_id, section.pk])


def _display_name(user) -> str:
    return user.get_full_name() or user.username


def _review_members(section: Section, role: str) -> list:
    return [
        membership.user
        for membership in Membership.objects.filter(review_id=section.review_id, role=role).select_related("user")
    ]


def _refuse_if_frozen(section: Section) -> None:
    if section.review.frozen_at is not None:
        raise ValidationError(ERRORS["frozen"])


@transaction.atomic
def section_submit(*, actor, section: Section) -> Section:
    """Move `section` from drafting to in review and ask the review's reviewers to read it.

    Refused when the report is frozen, the section is not being drafted, has no text or
    is over its word limit. Side effects: an audit entry; a `review_requested`
    notification (and e-mail after commit) to every reviewer of the review.
    """
    section = Section.objects.select_for_update().select_related("review").get(pk=section.pk)
    _refuse_if_frozen(section)
    if section.status != SectionStatus.DRAFTING:
        raise ValidationError(ERRORS["not_drafting"])
    if not plain_text(section.content).strip():
        raise ValidationError(ERRORS["empty"])
    if section.over_word_limit:
        raise ValidationError(ERRORS["over_limit"] % {"count": section.word_count, "limit": section.word_limit})
    section.status = SectionStatus.IN_REVIEW
    section.full_clean()
    section.save(update_fields=["status"])
    audit_record(
        review=section.review,
        actor=actor,
        action="section.submitted",
        summary=_("Submitted “%(title)s” for review (revision %(version)s)")
        % {"title": section.title, "version": section.version},
        data={"section": section.pk, "revision": section.version},
    )
    notify(
        users=_review_members(section, MemberRole.REVIEWER),
        review=section.review,
        kind="review_requested",
        message=lambda: _("“%(title)s” is ready for your review") % {"title": section.title},
        url=_section_url(section),
    )
    return section


def _lines(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def _normalized(text: str) -> str:
    # Selections in the browser and the server's plain text differ in how they break
    # lines and space inline elements: compare the characters only.
    return re.sub(r"\s+", "", text)


def comment_quote_in_text(*, section: Section, quote: str) -> bool:
    """Whether `quote` is a passage of the section's current text (whitespace ignored)."""
    needle = _normalized(quote)
    return bool(needle) and needle in _normalized(plain_text(section.content))


@transaction.atomic
def section_comment_add(
    *, actor, section: Section, body: str, quote: str = "", parent: SectionComment | None = None
) -> SectionComment:
    """Add a comment to `section` (or a reply to `parent`) on its current revision.

    Replies nest one level: a reply to a reply joins the thread of the first comment. The
    quote must be a passage of the current text. Side effect: a `comment` notification to
    the section's editors (or the review's editors when none is assigned), not the author.
    """
    body = _lines(body).strip()
    quote = _lines(quote).strip()
    errors = {}
    if not body:
        errors["body"] = ERRORS["body_required"]
    elif len(body) > BODY_MAX:
        errors["body"] = ERRORS["too_long"] % {"limit": BODY_MAX, "count": len(body)}
    if len(quote) > QUOTE_MAX:
        errors["quote"] = ERRORS["too_long"] % {"limit": QUOTE_MAX, "count": len(quote)}
    if parent is not None:
        if parent.section_id != section.pk:
            errors["parent"] = ERRORS["reply_other_section"]
        quote = ""  # a reply speaks to its thread, not to a passage
    elif quote and len(quote) <= QUOTE_MAX and not comment_quote_in_text(section=section, quote=quote):
        errors["quote"] = ERRORS["quote_not_found"]
    if errors:
        raise ValidationError(errors)
    if parent is not None and parent.parent_id:
        parent = parent.parent
    comment = SectionComment(
        section=section,
        parent=parent,
        author=actor,
        body=body,
        quote=quote,
        revision_number=section.version,
    )
    comment.full_clean()
    comment.save()
    recipients = [user for user in perms.section_editors(section) if user.pk != actor.pk]
    notify(
        users=recipients,
        review=section.review,
        kind="comment",
        message=lambda: _("%(name)s commented on “%(title)s”") % {"name": _display_name(actor), "title": section.title},
        url=f"{_section_url(section)}#comment-{comment.pk}",
    )
    return comment


@transaction.atomic
def section_comment_resolve(*, actor, comment: SectionComment, resolved: bool) -> SectionComment:
    """Mark a comment thread resolved (or open it again). Resolving twice changes nothing."""
    comment = SectionComment.objects.select_for_update().get(pk=comment.pk)
    if resolved and comment.resolved_at is None:
        comment.resolved_at, comment.resolved_by = timezone.now(), actor
    elif not resolved:
        comment.resolved_at, comment.resolved_by = None, None
    comment.full_clean()
    comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment


@transaction.atomic
def section_decide(*, actor, section: Section, kind: str, note: str = "", revision_number: int) -> SectionDecision:
    """Approve `section`, or request changes to it, as it stands at `revision_number`.

    Refused when the report is frozen, the section was not submitted, the text changed
    since the reviewer read it (`revision_number` is not the current version), or it is
    the reviewer's own work (they wrote the revision under decision, or are assigned to
    edit the section: `rules.is_own_work`) and the review does not allow self-approval.
    Approving sets the status to approved; requesting changes sets it back
    to drafting and notifies the editors. Both are recorded as a decision and in the
    audit log.
    """
    section = Section.objects.select_for_update().select_related("review").get(pk=section.pk)
    note = (note or "").strip()
    _refuse_if_frozen(section)
    if revision_number != section.version:
        raise ValidationError(ERRORS["stale"] % {"current": section.version, "read": revision_number})
    if section.status == SectionStatus.DRAFTING:
        raise ValidationError(ERRORS["not_submitted"])
    if kind == SectionDecision.Kind.REQUEST_CHANGES and not note:
        raise ValidationError({"note": ERRORS["note_required"]})
    if len(note) > BODY_MAX:
        raise ValidationError({"note": ERRORS["too_long"] % {"limit": BODY_MAX, "count": len(note)}})
    if not perms.may_decide_own_work(actor, section):
        raise ValidationError(ERRORS["own_section"])
    decision = SectionDecision(section=section, reviewer=actor, kind=kind, revision_number=revision_number, note=note)
    decision.full_clean()
    decision.save()
    approved = kind == SectionDecision.Kind.APPROVE
    section.status = SectionStatus.APPROVED if approved else SectionStatus.DRAFTING
    section.full_clean()
    section.save(update_fields=["status"])
    audit_record(
        review=section.review,
        actor=actor,
        action="section.approved" if approved else "section.changes_requested",
        summary=(
            _("Approved “%(title)s” (revision %(version)s)")
            if approved
            else _("Requested changes to “%(title)s” (revision %(version)s)")
        )
        % {"title": section.title, "version": revision_number},
        data={"section": section.pk, "revision": revision_number, "note": note},
    )
    if not approved:
        notify(
            users=[user for user in perms.section_editors(section) if user.pk != actor.pk],
            review=section.review,
            kind="other",
            message=lambda: (
                _("%(name)s requested changes to “%(title)s”") % {"name": _display_name(actor), "title": section.title}
            ),
            url=_section_url(section),
        )
    return decision
