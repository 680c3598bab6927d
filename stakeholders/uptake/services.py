"""Taking feedback in: editors decide, per contribution of a round, whether and how it
was taken into the draft; a suggested rewording can be accepted into a new revision; the
round's summary of the outcome. Every write is audited and its author told."""

from __future__ import annotations

import html
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from reviews.core.notifications import notify
from reviews.core.sanitize import clean_html
from reviews.drafting.services.sections import SectionConflict, section_save, text_to_html
from reviews.models import Section, SectionRevision
from stakeholders.portal.models import Contribution, Uptake, Visibility
from stakeholders.rounds.models import ConsultationRound

# A decision other than "taken in" must say why.
REASON_REQUIRED = {Uptake.PARTLY, Uptake.NOT_TAKEN, Uptake.OUT_OF_SCOPE}
MAX_REASON = 2000
MAX_SUMMARY = 50_000

# --- Deciding -----------------------------------------------------------------------------


def _outcomes_url(contribution: Contribution) -> str:
    try:
        return reverse(
            "stakeholders:portal-outcomes",
            kwargs={"pk": contribution.round.review_id, "round_pk": contribution.round_id},
        )
    except NoReverseMatch:  # pragma: no cover - the route is defined in stakeholders/uptake/urls.py
        return ""


def _record(*, actor, contribution: Contribution, action: str, summary: str, data: dict) -> None:
    audit_record(review=contribution.round.review, actor=actor, action=action, summary=summary, data=data)
    label = Uptake(contribution.uptake).label
    if contribution.is_offline:
        return  # given offline: no account to tell; staff reach the person as they took part
    notify(
        users=[contribution.author],
        review=contribution.round.review,
        kind="other",
        message=lambda: (
            _("Your contribution to “%(round)s” has been answered: %(decision)s.")
            % {"round": contribution.round.title, "decision": label}
        ),
        url=_outcomes_url(contribution),
        key=f"stakeholders.uptake:{contribution.pk}:{contribution.uptake}:{contribution.uptake_at.timestamp()}",
    )


def _set_uptake(contribution: Contribution, *, actor, decision: str, reason: str, revision) -> None:
    contribution.uptake = decision
    contribution.uptake_reason = reason
    contribution.uptake_revision = revision
    contribution.uptake_by = actor
    contribution.uptake_at = timezone.now()
    contribution.save(update_fields=["uptake", "uptake_reason", "uptake_revision", "uptake_by", "uptake_at"])


def _check_decidable(contribution: Contribution) -> None:
    if contribution.visibility != Visibility.VISIBLE:
        raise ValidationError(_("This contribution is hidden by moderation: it needs no decision."))


def _lock(contribution: Contribution) -> Contribution:
    return (
        Contribution.objects.select_for_update(of=("self",))
        .select_related("round__review", "document", "author")
        .get(pk=contribution.pk)
    )


@transaction.atomic
def contribution_decide(
    *, actor, contribution: Contribution, decision: str, reason: str = "", revision: SectionRevision | None = None
) -> Contribution:
    """Record whether and how `contribution` was taken in.

    `reason` (plain text) is required unless it was taken in; `revision` must be one of
    the revisions of the contribution's section. Refused for hidden contributions.
    Audited; the author is notified. Returns the updated contribution.
    """
    locked = _lock(contribution)
    _check_decidable(locked)
    reason = (reason or "").replace("\x00", "").strip()
    errors = {}
    if decision not in Uptake.values:
        errors["decision"] = _("Choose one of the decisions.")
    elif decision in REASON_REQUIRED and not reason:
        errors["reason"] = _("Say why: a reason is needed unless the contribution was taken in.")
    if len(reason) > MAX_REASON:
        errors["reason"] = _("The reason is too long: at most %(max)s characters.") % {"max": MAX_REASON}
    if revision is not None:
        section_id = locked.document.section_id if locked.document_id else None
        if section_id is None or revision.section_id != section_id:
            errors["revision"] = _("Choose a revision of the section this contribution is about.")
    if errors:
        raise ValidationError(errors)
    _set_uptake(locked, actor=actor, decision=decision, reason=reason, revision=revision)
    _record(
        actor=actor,
        contribution=locked,
        action="stakeholders.uptake_decide",
        summary=_("Contribution %(pk)s of “%(round)s”: %(decision)s")
        % {"pk": locked.pk, "round": locked.round.title, "decision": Uptake(decision).label},
        data={
            "contribution": locked.pk,
            "round": locked.round_id,
            "decision": decision,
            "revision": revision.pk if revision else None,
        },
    )
    return locked


def _text_parts(content: str) -> list[str]:
    # Tags and the text between them: a passage is looked for in the text only.
    return re.split(r"(<[^>]*>)", content)


def _passage_pattern(quote: str) -> re.Pattern | None:
    words = html.escape(quote, quote=False).replace("\xa0", " ").split()
    if not words:
        return None
    # The stored HTML may wrap lines or use &nbsp; where the reader saw a space.
    return re.compile(r"(?:\s|&nbsp;)+".join(re.escape(word) for word in words))


def replace_passage(content: str, quote: str, proposed: str) -> str | None:
    """`content` (sanitized HTML) with the first occurrence of the plain-text `quote`
    replaced by the plain-text `proposed` (escaped); None when the passage is not found
    within one run of text."""
    pattern = _passage_pattern(quote)
    if pattern is None:
        return None
    replacement = " ".join(html.escape(proposed, quote=False).split())
    parts = _text_parts(content)
    for index, part in enumerate(parts):
        if part.startswith("<"):
            continue
        match = pattern.search(part)
        if match:
            parts[index] = part[: match.start()] + replacement + part[match.end() :]
            return "".join(parts)
    return None


@transaction.atomic
def contribution_accept_rewording(*, actor, contribution: Contribution, reason: str = "") -> SectionRevision:
    """Put a suggested rewording into the draft: the quoted passage is replaced by the
    proposed wording in the section's CURRENT text, saved as a new revision.

    Refused (ValidationError, nothing changed) when the contribution is not a rewording of
    a section, when the passage is no longer in the text, when the wording changes
    nothing, or when the report is frozen. Sets the decision "taken in" with the new
    revision; audited; the author is notified.
    """
    locked = _lock(contribution)
    _check_decidable(locked)
    if locked.kind != Contribution.Kind.REWORDING or not locked.proposed_text.strip() or not locked.quote.strip():
        raise ValidationError(_("Only a suggested rewording with a passage and a proposed wording can be accepted."))
    section_id = locked.document.section_id if locked.document_id else None
    if section_id is None:
        raise ValidationError(_("The section this rewording is about is no longer in the draft."))
    section = Section.objects.select_related("review").get(pk=section_id)
    if section.review_id != locked.round.review_id:  # pragma: no cover - a frozen copy keeps its own review's section
        raise ValidationError(_("The section this rewording is about is no longer in the draft."))
    new_content = replace_passage(section.content or "", locked.quote, locked.proposed_text)
    if new_content is None:
        raise ValidationError(
            _(
                "The quoted passage is no longer in the current text of “%(section)s” (it has been edited since): "
                "nothing was changed. Edit the section by hand, or decline the rewording with a reason."
            )
            % {"section": section.title}
        )
    if "<" not in new_content:
        # Text without a tag would be taken as typed plain text and escaped a second time.
        new_content = f"<p>{new_content}</p>"
    try:
        revision = section_save(actor=actor, section=section, content=new_content, base_version=section.version)
    except SectionConflict as conflict:
        raise ValidationError(_("Someone saved the section at the same moment: try again.")) from conflict
    if revision is None:
        raise ValidationError(_("The proposed wording is the same as the passage: nothing to change."))
    reason = (reason or "").replace("\x00", "").strip()[:MAX_REASON]
    _set_uptake(locked, actor=actor, decision=Uptake.ACCEPTED, reason=reason, revision=revision)
    _record(
        actor=actor,
        contribution=locked,
        action="stakeholders.uptake_accept_rewording",
        summary=_("Rewording %(pk)s accepted into “%(section)s”, revision %(number)s")
        % {"pk": locked.pk, "section": section.title, "number": revision.number},
        data={"contribution": locked.pk, "round": locked.round_id, "section": section.pk, "revision": revision.number},
    )
    return revision


@transaction.atomic
def round_summary_update(*, actor, round: ConsultationRound, summary: str) -> ConsultationRound:
    """The round's summary of the outcome (HTML or typed text, sanitized). Audited."""
    if len(summary or "") > MAX_SUMMARY:
        raise ValidationError(
            {"summary": _("The summary is too long: at most %(max)s characters.") % {"max": f"{MAX_SUMMARY:,}"}}
        )
    cleaned = clean_html(text_to_html(summary or ""))
    round.summary = cleaned
    round.save(update_fields=["summary"])
    audit_record(
        review=round.review,
        actor=actor,
        action="stakeholders.round_summary",
        summary=_("Summary of “%(round)s” changed") % {"round": round.title},
        data={"round": round.pk},
    )
    return round
