"""Moderation of a review's contributions: classifying, hiding and showing again, public
answers, spam in bulk, and blocking an abusive account (and lifting the block).

Every action is audited ("stakeholders.moderation.<action>", data naming the
contribution) and its author is told, in their language, with a link to the round's
public page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from reviews.core.notifications import notify
from reviews.models import AuditEntry, Review
from stakeholders.portal.models import Classification, Contribution, Visibility

from ..display import display_name, public_round_url
from ..models import ContributorBlock, ModeratorResponse, ResponseTemplate

MAX_REASON = 500
MAX_ANSWER = 5000

# --- Telling the author ---------------------------------------------------------------------


def _tell(user, *, review: Review, entry: AuditEntry, url: str, message) -> None:
    """Notify `user`; `message` is a function returning the text, which notify calls in the
    person's own language (their profile's)."""
    notify(users=[user], review=review, kind="other", message=message, url=url, key=f"{entry.action}:{entry.pk}")


def _tell_author(contribution: Contribution, **kwargs) -> None:
    """Tell the author, unless staff entered it on someone's behalf: the account is theirs,
    not the person's, who has none to be told through."""
    if not contribution.is_offline:
        _tell(contribution.author, **kwargs)


def _record(contribution: Contribution, *, actor, action: str, summary: str, **data) -> AuditEntry:
    return audit_record(
        review=contribution.round.review,
        actor=actor,
        action=f"stakeholders.moderation.{action}",
        summary=summary,
        data={"contribution": contribution.pk, "class": contribution.classification, **data},
    )


def _lock(contribution: Contribution) -> Contribution:
    """The row locked for the change; the caller's object is updated afterwards."""
    return Contribution.objects.select_for_update().get(pk=contribution.pk)


def _mark(contribution: Contribution, locked: Contribution, actor, fields: list[str]) -> None:
    locked.moderated_by = actor
    locked.moderated_at = timezone.now()
    locked.save(update_fields=[*fields, "moderated_by", "moderated_at"])
    for name in [*fields, "moderated_by", "moderated_at"]:
        setattr(contribution, name, getattr(locked, name))


def _clean_reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").replace("\x00", "").strip()
    if not reason:
        raise ValidationError({field: _("Say why: the reason is shown to the public in the contribution's place.")})
    if len(reason) > MAX_REASON:
        raise ValidationError({field: _("Keep the reason under %(max)s characters.") % {"max": MAX_REASON}})
    return reason


# --- Actions --------------------------------------------------------------------------------


@transaction.atomic
def contribution_classify(*, actor, contribution: Contribution, classification: str) -> bool:
    """Class a contribution (constructive, political, harmful, spam, off topic). Does not
    change what the public sees. Audited; the author is told. False (nothing recorded)
    when it already had that class."""
    if classification not in Classification.values:
        raise ValidationError({"classification": _("Choose one of the classes.")})
    locked = _lock(contribution)
    if locked.classification == classification:
        return False
    locked.classification = classification
    _mark(contribution, locked, actor, ["classification"])
    label = Classification(classification).label
    entry = _record(
        contribution, actor=actor, action="classify", summary=_("Contribution classed as %(class)s") % {"class": label}
    )
    _tell_author(
        contribution,
        review=contribution.round.review,
        entry=entry,
        url=public_round_url(contribution),
        message=lambda: (
            _("A moderator classed your contribution to “%(round)s” as: %(class)s.")
            % {"round": contribution.round.title, "class": Classification(classification).label}
        ),
    )
    return True


@transaction.atomic
def contribution_hide(*, actor, contribution: Contribution, reason: str) -> bool:
    """Hide a contribution from the public (or change the reason of a hidden one); the
    public sees "Hidden by a moderator: <reason>" in its place. The reason is required.
    Audited; the author is told. False (nothing recorded) when it was already hidden
    with that reason."""
    reason = _clean_reason(reason)
    locked = _lock(contribution)
    if locked.visibility == Visibility.HIDDEN and locked.hidden_reason == reason:
        return False
    locked.visibility = Visibility.HIDDEN
    locked.hidden_reason = reason
    _mark(contribution, locked, actor, ["visibility", "hidden_reason"])
    entry = _record(contribution, actor=actor, action="hide", summary=_("Contribution hidden"), reason=reason)
    _tell_author(
        contribution,
        review=contribution.round.review,
        entry=entry,
        url=public_round_url(contribution),
        message=lambda: (
            _("A moderator hid your contribution to “%(round)s”. Reason: %(reason)s")
            % {"round": contribution.round.title, "reason": reason}
        ),
    )
    return True


@transaction.atomic
def contribution_show(*, actor, contribution: Contribution) -> Contribution:
    """Show a hidden or waiting contribution to the public again (the reason is cleared).
    ValidationError if it is already shown. Audited; the author is told."""
    locked = _lock(contribution)
    if locked.visibility == Visibility.VISIBLE:
        raise ValidationError(_("This contribution is already shown to the public."))
    if locked.is_offline and not locked.consent_publish:
        raise ValidationError(
            _("The person who gave this contribution did not agree to its publication: it stays hidden.")
        )
    previous = locked.visibility
    locked.visibility = Visibility.VISIBLE
    locked.hidden_reason = ""
    _mark(contribution, locked, actor, ["visibility", "hidden_reason"])
    entry = _record(contribution, actor=actor, action="show", summary=_("Contribution shown again"), previous=previous)
    _tell_author(
        contribution,
        review=contribution.round.review,
        entry=entry,
        url=public_round_url(contribution),
        message=lambda: (
            _("A moderator checked your contribution to “%(round)s”: it is shown to the public again.")
            % {"round": contribution.round.title}
        ),
    )
    return contribution


@transaction.atomic
def contribution_keep(*, actor, contribution: Contribution) -> Contribution:
    """A moderator looked at a shown contribution (its flags) and keeps it shown: recorded
    as their decision, so that flags never take it off the public page again
    (portal.services.contributions.flag_can_hide) and the flags so far leave the "flagged"
    tab of the queue. ValidationError if it is not shown. Audited; the author is not told
    (nothing changed for them)."""
    locked = _lock(contribution)
    if locked.visibility != Visibility.VISIBLE:
        raise ValidationError(_("This contribution is not shown to the public: show it again or hide it."))
    _mark(contribution, locked, actor, [])
    _record(
        contribution,
        actor=actor,
        action="keep",
        summary=_("Contribution checked: it stays shown"),
        flags=locked.flag_count,
    )
    return contribution


@transaction.atomic
def contribution_answer(
    *, actor, contribution: Contribution, body: str, template: ResponseTemplate | None = None
) -> ModeratorResponse:
    """A public answer under the contribution, written or taken from a response template
    of the same review (and edited). Plain text. Audited; the author is told."""
    body = (body or "").replace("\x00", "").strip()
    if not body:
        raise ValidationError({"body": _("Write the answer, or choose a prepared one.")})
    if len(body) > MAX_ANSWER:
        raise ValidationError({"body": _("Keep the answer under %(max)s characters.") % {"max": MAX_ANSWER}})
    if template is not None and template.review_id != contribution.round.review_id:
        raise ValidationError({"template": _("This prepared answer belongs to another review.")})
    response = ModeratorResponse(contribution=contribution, template=template, body=body, author=actor)
    response.full_clean()
    response.save()
    entry = _record(
        contribution,
        actor=actor,
        action="answer",
        summary=_("Contribution answered"),
        response=response.pk,
        template=template.pk if template else None,
    )
    _tell_author(
        contribution,
        review=contribution.round.review,
        entry=entry,
        url=public_round_url(contribution),
        message=lambda: (
            _("A moderator answered your contribution to “%(round)s”.") % {"round": contribution.round.title}
        ),
    )
    return response


@dataclass
class BulkResult:
    changed: int
    already: int


@transaction.atomic
def contributions_mark_spam(*, actor, review: Review, contributions, reason: str) -> BulkResult:
    """Class the chosen contributions of `review` as spam and hide them with `reason`, in
    one go. ValidationError (nothing changed) if any is not of this review. Each is
    audited and its author told; those already spam and hidden are left as they are."""
    reason = _clean_reason(reason)
    ids = sorted({c.pk for c in contributions})
    if not ids:
        raise ValidationError({"contributions": _("Choose at least one contribution.")})
    rows = list(
        Contribution.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, round__review=review)
        .select_related("round__review", "author__contributor")
        .order_by("pk")
    )
    if len(rows) != len(ids):
        raise ValidationError({"contributions": _("Some of the chosen contributions are not in this review.")})
    changed = already = 0
    for contribution in rows:
        if contribution.classification == Classification.SPAM and contribution.visibility == Visibility.HIDDEN:
            already += 1
            continue
        contribution.classification = Classification.SPAM
        contribution.visibility = Visibility.HIDDEN
        contribution.hidden_reason = reason
        contribution.moderated_by = actor
        contribution.moderated_at = timezone.now()
        contribution.save(
            update_fields=["classification", "visibility", "hidden_reason", "moderated_by", "moderated_at"]
        )
        entry = _record(
            contribution, actor=actor, action="spam", summary=_("Contribution marked spam and hidden"), reason=reason
        )
        _tell_author(
            contribution,
            review=review,
            entry=entry,
            url=public_round_url(contribution),
            message=lambda c=contribution: (
                _("A moderator classed your contribution to “%(round)s” as spam and hid it. Reason: %(reason)s")
                % {"round": c.round.title, "reason": reason}
            ),
        )
        changed += 1
    return BulkResult(changed=changed, already=already)


# --- Blocking -------------------------------------------------------------------------------


@transaction.atomic
def contributor_block(
    *, actor, review: Review, user, reason: str, contribution: Contribution | None = None
) -> ContributorBlock:
    """Block `user` from contributing to `review` (reason required). ValidationError if
    already blocked or if a moderator would block themselves. Audited; the person is told."""
    reason = _clean_reason(reason)
    if user.pk == actor.pk:
        raise ValidationError({"reason": _("You cannot block your own account.")})
    if contribution is not None and contribution.is_offline:
        raise ValidationError(
            {"reason": _("This contribution was received offline and entered by staff: there is no account to block.")}
        )
    block = ContributorBlock(review=review, user=user, reason=reason, blocked_by=actor)
    try:
        with transaction.atomic():
            block.save()
    except IntegrityError as error:
        raise ValidationError({"reason": _("This account is already blocked in this review.")}) from error
    entry = audit_record(
        review=review,
        actor=actor,
        action="stakeholders.moderation.block",
        summary=_("Account blocked: %(name)s") % {"name": display_name(user)},
        data={
            "contribution": contribution.pk if contribution else None,
            "class": contribution.classification if contribution else "",
            "user": user.pk,
            "block": block.pk,
            "reason": reason,
        },
    )
    _tell(
        user,
        review=review,
        entry=entry,
        url="",
        message=lambda: (
            _("A moderator blocked your account from contributing to “%(review)s”. Reason: %(reason)s")
            % {"review": review.title, "reason": reason}
        ),
    )
    return block


@transaction.atomic
def contributor_unblock(*, actor, block: ContributorBlock) -> ContributorBlock:
    """Lift a block (the row stays as a record, with `lifted_at`). ValidationError if it
    was lifted already. Audited; the person is told."""
    locked = ContributorBlock.objects.select_for_update().get(pk=block.pk)
    if locked.lifted_at is not None:
        raise ValidationError(_("This block was already lifted."))
    locked.lifted_at = timezone.now()
    locked.save(update_fields=["lifted_at"])
    block.lifted_at = locked.lifted_at
    review = block.review
    entry = audit_record(
        review=review,
        actor=actor,
        action="stakeholders.moderation.unblock",
        summary=_("Block lifted: %(name)s") % {"name": display_name(block.user)},
        data={"user": block.user_id, "block": block.pk},
    )
    _tell(
        block.user,
        review=review,
        entry=entry,
        url="",
        message=lambda: _("Your account may contribute to “%(review)s” again.") % {"review": review.title},
    )
    return block
