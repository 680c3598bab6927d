"""What the public says in a round: writing a contribution (with its files) and flagging
someone else's. Who may contribute is decided by rules.can_contribute; this module says
why not, one reason at a time, so the person learns what to do."""

from __future__ import annotations

import datetime
import re
import unicodedata

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from reviews.core.notifications import notify
from reviews.models import Membership
from stakeholders import rules as perms
from stakeholders.registry.models import Organisation, StakeholderCategory
from stakeholders.rounds.documents import document_paragraphs
from stakeholders.rounds.models import ConsultationRound, RoundDocument, RoundQuestion
from vnr_portal.common.images import JPEG, PNG, picture_check, picture_format
from vnr_portal.common.uploads import DOCX_TYPE, MAX_ATTACHMENT_BYTES, PDF_TYPE, document_type, safe_file_name

from ..models import Contribution, ContributionAttachment, ContributionFlag, ContributorProfile, Visibility
from ..selectors import conduct_accepted
from .accounts import contributor_about_for_review, contributor_about_set

# Throttling: a person may write at most this many contributions in ten minutes, and in a day.
MAX_PER_TEN_MINUTES = 5
MAX_PER_DAY = 30
MAX_ATTACHMENTS = 3
PNG_TYPE = "image/png"
JPEG_TYPE = "image/jpeg"
EXTENSIONS = {PDF_TYPE: "pdf", DOCX_TYPE: "docx", PNG_TYPE: "png", JPEG_TYPE: "jpg"}


class ContributionRefused(Exception):
    """This person may not contribute to this round now; `message` says why and what to do."""

    def __init__(self, message: str, *, reason: str, status: int = 403):
        super().__init__(message)
        self.message, self.reason, self.status = message, reason, status


class ConductNotAccepted(Exception):
    """The person has not accepted the review's code of conduct yet."""


class ContributionThrottled(Exception):
    """Too many contributions in a short time (HTTP 429)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _date(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def contribution_check_allowed(*, user, round: ConsultationRound) -> None:
    """Raise ContributionRefused unless `user` may contribute to `round` now (the
    `stakeholders.contribute` permission, rules.can_contribute), saying why and what to do
    about the first condition not met; then ConductNotAccepted until the person has
    accepted the review's code of conduct."""
    reason = perms.contribute_refusal(user, round)
    if reason is not None:
        raise _refusal(reason, round)
    if not conduct_accepted(user=user, review=round.review):
        raise ConductNotAccepted()


# What a visitor who is not signed in yet is told at once: the round takes nothing now.
# The other conditions (audience, verified address, block) are the account's, after sign-in.
VISITOR_CONDITIONS = ("unpublished", "not_yet", "closed")


def contribution_check_open(*, round: ConsultationRound) -> None:
    """For a visitor not signed in yet, who may type a contribution before signing up:
    ContributionRefused when the round takes no contribution now (not public, not yet
    open, closed), saying why."""
    visitor = AnonymousUser()
    for reason, predicate in perms.CONTRIBUTE_CONDITIONS:
        if reason in VISITOR_CONDITIONS and not predicate.test(visitor, round):
            raise _refusal(reason, round)


def _refusal(reason: str, round: ConsultationRound) -> ContributionRefused:
    """What a person is told for each condition of rules.can_contribute they do not meet."""
    if reason == "login":
        return ContributionRefused(_("Log in to take part."), reason=reason)
    if reason == "unpublished":
        return ContributionRefused(_("This consultation is not open to the public."), reason=reason, status=404)
    if reason == "not_yet":
        return ContributionRefused(_("This round opens on %(date)s.") % {"date": _date(round.opens_at)}, reason=reason)
    if reason == "closed":
        return ContributionRefused(
            _("This round closed on %(date)s: contributions are no longer accepted.")
            % {"date": _date(round.closes_at)},
            reason=reason,
        )
    if reason == "audience":
        if round.audience == ConsultationRound.Audience.INVITED:
            message = _(
                "This round is open only to people who were invited: follow the link in your invitation e-mail."
            )
        else:
            message = _("This round is open only to the members of its working group.")
        return ContributionRefused(message, reason=reason)
    if reason == "unverified":
        return ContributionRefused(
            _("Confirm your e-mail address first: open the link we sent you, or ask for a new one."),
            reason=reason,
        )
    return ContributionRefused(
        _(
            "Your account may not contribute to this review: a moderator blocked it. "
            "Write to the contacts on the portal if you think this is a mistake."
        ),
        reason=reason,
    )


def _check_throttle(user, now) -> None:
    recent = Contribution.objects.filter(author=user, created_at__gte=now - datetime.timedelta(days=1)).aggregate(
        day=Count("pk"), ten=Count("pk", filter=Q(created_at__gte=now - datetime.timedelta(minutes=10)))
    )
    if recent["ten"] >= MAX_PER_TEN_MINUTES:
        raise ContributionThrottled(
            _(
                "You have sent %(count)s contributions in the last ten minutes: "
                "please wait a few minutes and send this one again."
            )
            % {"count": recent["ten"]}
        )
    if recent["day"] >= MAX_PER_DAY:
        raise ContributionThrottled(
            _(
                "You have sent %(count)s contributions today, the most one person can send in a day: "
                "please come back tomorrow."
            )
            % {"count": recent["day"]}
        )


def contribution_attachment_type(upload) -> str:
    """The type of an upload judged by its content: PDF, Word (.docx), PNG or JPEG, ≤ 10 MB.

    A picture must decode, within the pixels and sides a picture may have (checked before
    decoding); a Word file must pass the Office package checks (no zip bomb, no document
    type declaration); a PDF must not be cut short."""
    refusal = ValidationError(_("Attach a PDF, Word (.docx), PNG or JPEG file; this file is none of these."))
    size = getattr(upload, "size", 0) or 0
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s MB): at most 10 MB.") % {"size": f"{size / 1024 / 1024:.1f}"}
        )
    if size == 0:
        raise ValidationError(_("The file is empty."))
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if picture_format(head) in (PNG, JPEG):
        picture = picture_check(
            upload, formats=(PNG, JPEG), max_bytes=MAX_ATTACHMENT_BYTES, messages={"type": refusal.message}
        )
        return picture.content_type
    if head.startswith(b"%PDF-") or head.startswith(b"PK\x03\x04"):
        found = document_type(upload)  # checks the Office package's main part
        if found in (PDF_TYPE, DOCX_TYPE):
            return found
    raise refusal


def _clean(
    *,
    round,
    kind,
    body,
    document,
    paragraph,
    question,
    quote,
    proposed_text,
    on_behalf_of,
    declared_category,
    attachments,
) -> dict:
    errors: dict[str, list[str]] = {}
    body = (body or "").strip()
    if not body:
        errors.setdefault("body", []).append(_("Write your contribution."))
    elif len(body) > round.max_length:
        errors.setdefault("body", []).append(
            _("At most %(limit)s characters (this text has %(count)s).")
            % {"limit": round.max_length, "count": len(body)}
        )
    if document is not None and document.round_id != round.pk:
        errors.setdefault("document", []).append(_("This section is not part of this round."))
    if question is not None and question.round_id != round.pk:
        errors.setdefault("question", []).append(_("This question is not part of this round."))
    if kind in (Contribution.Kind.COMMENT, Contribution.Kind.REWORDING) and document is None:
        errors.setdefault("kind", []).append(_("Choose the section you comment on."))
    if kind == Contribution.Kind.ANSWER and question is None:
        errors.setdefault("kind", []).append(_("Choose the question you answer."))
    if kind not in Contribution.Kind.values:
        errors.setdefault("kind", []).append(_("Choose what kind of contribution this is."))
    elif kind == Contribution.Kind.GENERAL and (document is not None or question is not None):
        errors.setdefault("kind", []).append(
            _("A general contribution is about the whole round, not one section or question.")
        )
    elif kind != Contribution.Kind.ANSWER and question is not None:
        errors.setdefault("kind", []).append(_("Choose “answer” to answer a question."))
    if paragraph is not None and document is not None and "document" not in errors:
        if not 0 <= paragraph < len(document_paragraphs(document)):
            errors.setdefault("paragraph", []).append(_("This paragraph is not in the section."))
    if kind == Contribution.Kind.REWORDING:
        if not (quote or "").strip():
            errors.setdefault("quote", []).append(_("Copy the passage you want to change."))
        if not (proposed_text or "").strip():
            errors.setdefault("proposed_text", []).append(_("Write the wording you propose."))
        elif len(proposed_text) > round.max_length:
            errors.setdefault("proposed_text", []).append(
                _("At most %(limit)s characters.") % {"limit": round.max_length}
            )
    if on_behalf_of is not None and on_behalf_of.review_id != round.review_id:
        errors.setdefault("on_behalf_of", []).append(_("Choose an organisation from the list."))
    if declared_category is not None and declared_category.review_id != round.review_id:
        errors.setdefault("declared_category", []).append(_("Choose a group from the list."))
    if len(attachments) > MAX_ATTACHMENTS:
        errors.setdefault("attachments", []).append(_("At most %(count)s files.") % {"count": MAX_ATTACHMENTS})
    types = []
    for upload in attachments:
        try:
            types.append(contribution_attachment_type(upload))
        except ValidationError as error:
            name = getattr(upload, "name", "") or ""
            # The name as the person knows it (made safe to show), so they see which file it is.
            extension = re.search(r"\.([A-Za-z0-9]{1,5})$", name)
            shown = safe_file_name(name, extension.group(1).lower() if extension else "file")
            errors.setdefault("attachments", []).extend(f"{shown}: {message}" for message in error.messages)
    if errors:
        raise ValidationError(errors)
    return {"body": body, "types": types}


@transaction.atomic
def contribution_create(
    *,
    actor,
    round: ConsultationRound,
    kind: str,
    body: str,
    document: RoundDocument | None = None,
    paragraph: int | None = None,
    question: RoundQuestion | None = None,
    quote: str = "",
    proposed_text: str = "",
    language: str = "",
    on_behalf_of: Organisation | None = None,
    organisation_name: str = "",
    declared_category: StakeholderCategory | None = None,
    declared_region: str = "",
    declared_gender: str = "",
    attachments=(),
    about: dict | None = None,
    now=None,
) -> Contribution:
    """Store one person's contribution to an open round, with its attachments; audited.

    Checks again everything the pages check: the round's dates, its audience, a verified
    address, a block, the code of conduct (ContributionRefused / ConductNotAccepted),
    the person's pace (ContributionThrottled), and the content (ValidationError by field).

    The answers about the person (category, region, gender: the inclusiveness figures)
    are their profile's, asked once: `about` (region, gender, category), when the form
    asked them this time, is saved to the profile first (accounts.contributor_about_set).
    The contribution records the answers of the moment; a `declared_*` given here wins
    over the profile's (staff entering a contribution on someone's behalf).
    """
    now = now or timezone.now()
    contribution_check_allowed(user=actor, round=round)
    # One contribution at a time per person, so two quick posts cannot both pass the pace check.
    profile = ContributorProfile.objects.select_for_update().filter(user=actor).first()
    _check_throttle(actor, now)
    if about is not None:
        category = about.get("category")
        if category is not None and category.review_id != round.review_id:
            raise ValidationError({"declared_category": _("Choose a group from the list.")})
        try:
            profile = contributor_about_set(
                user=actor,
                region=about.get("region", ""),
                gender=about.get("gender", ""),
                categories={round.review_id: category},
            )
        except ValidationError as error:
            names = {"region": "declared_region", "gender": "declared_gender", "categories": "declared_category"}
            raise ValidationError(
                {names.get(field, field): messages for field, messages in error.message_dict.items()}
            ) from error
    answers = contributor_about_for_review(profile, round.review_id)
    declared_category = declared_category or answers["declared_category"]
    declared_region = declared_region or answers["declared_region"]
    declared_gender = declared_gender or answers["declared_gender"]
    attachments = [upload for upload in attachments if upload]
    cleaned = _clean(
        round=round,
        kind=kind,
        body=body,
        document=document,
        paragraph=paragraph,
        question=question,
        quote=quote,
        proposed_text=proposed_text,
        on_behalf_of=on_behalf_of,
        declared_category=declared_category,
        attachments=attachments,
    )
    contribution = Contribution(
        round=round,
        kind=kind,
        document=document,
        paragraph=paragraph if document is not None else None,
        question=question,
        author=actor,
        on_behalf_of=on_behalf_of,
        organisation_name=(organisation_name or "").strip()[:200],
        body=cleaned["body"],
        quote=(quote or "").strip()[:2000] if kind == Contribution.Kind.REWORDING else "",
        proposed_text=(proposed_text or "").strip() if kind == Contribution.Kind.REWORDING else "",
        language=(language or "")[:10],
        declared_category=declared_category,
        declared_region=(declared_region or "").strip()[:120],
        declared_gender=declared_gender or "",
        created_at=now,
    )
    contribution.full_clean(exclude=["body"])  # the round's own limit was checked above
    contribution.save()
    for index, (upload, content_type) in enumerate(zip(attachments, cleaned["types"], strict=True), start=1):
        extension = EXTENSIONS[content_type]
        display = safe_file_name(upload.name, extension)
        # The stored name says nothing of the person's: no path tricks, no clashes.
        upload.name = f"contribution-{contribution.pk}-{index}.{extension}"
        ContributionAttachment.objects.create(
            contribution=contribution, file=upload, original_name=display, content_type=content_type, size=upload.size
        )
    audit_record(
        review=round.review,
        actor=actor,
        action="stakeholders.contribution",
        summary=_("Contribution to “%(round)s”") % {"round": round.title},
        data={"round": round.pk, "contribution": contribution.pk, "kind": kind, "attachments": len(attachments)},
    )
    return contribution


# --- Flags ----------------------------------------------------------------------------


def _moderators(review):
    memberships = Membership.objects.filter(review=review).select_related("user")
    moderators = [m.user for m in memberships if m.role == "moderator"]
    return moderators or [m.user for m in memberships if m.role == "coordinator"]


def _moderation_url(review, round_) -> str:
    for name, args in (("stakeholders:moderation", [review.pk]), ("stakeholders:portal-round", [review.pk, round_.pk])):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return ""


def _one_line(text: str) -> str:
    """`text` on one line, without control characters (a flag's reason shows in lists)."""
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in (text or ""))
    return " ".join(text.split())


def flag_can_hide(contribution: Contribution) -> bool:
    """Whether flags may still take `contribution` off the public page: not once a
    moderator has looked at it (any moderation decision recorded on it), nor once it was
    answered or an uptake decision was recorded, nor when it is not visible anyway. Later
    flags only show in the moderators' queue."""
    return (
        contribution.visibility == Visibility.VISIBLE
        and contribution.moderated_at is None
        and not contribution.uptake
        and not contribution.responses.exists()
    )


@transaction.atomic
def contribution_flag(*, actor, contribution: Contribution, reason: str = "") -> bool:
    """`actor` reports someone else's visible contribution (once per account).

    May flag (rules.can_flag_contribution): the review's members and the verified people
    who contributed to one of its rounds; PermissionDenied for anyone else, ValidationError
    when this account flagged it already. When the round's `flag_threshold` of people have
    flagged it, the moderators are notified; a contribution no moderator has looked at
    yet, unanswered and undecided (`flag_can_hide`), then waits for a moderator, hidden
    from the public. Flags never hide one a moderator has looked at, answered or decided:
    they only show in the moderation queue. Audited. Returns True when this flag hid it."""
    if not actor.has_perm(perms.FLAG_CONTRIBUTION, contribution):
        raise PermissionDenied(_("You cannot report this contribution."))
    locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    try:
        with transaction.atomic():
            ContributionFlag.objects.create(contribution=locked, user=actor, reason=_one_line(reason)[:500])
    except IntegrityError as error:
        raise ValidationError({"reason": _("You have already reported this contribution.")}) from error
    round_ = contribution.round
    flags = ContributionFlag.objects.filter(contribution=locked)
    locked.flag_count = flags.count()
    fields = ["flag_count"]
    # Since a moderator last looked at it, only the newer flags are news to the moderators.
    if locked.moderated_at is not None:
        flags = flags.filter(created_at__gt=locked.moderated_at)
    reached = flags.count() >= round_.flag_threshold
    hidden = reached and flag_can_hide(locked)
    if hidden:
        locked.visibility = Visibility.AWAITING
        fields.append("visibility")
    locked.save(update_fields=fields)
    audit_record(
        review=round_.review,
        actor=actor,
        action="stakeholders.contribution_flagged",
        summary=_("Contribution flagged (%(count)s flags)") % {"count": locked.flag_count},
        data={"contribution": locked.pk, "flags": locked.flag_count, "awaiting": hidden},
    )
    if reached:

        def message() -> str:  # called by notify in each moderator's language
            if hidden:
                return _("A contribution to “%(round)s” was flagged by %(count)s people and waits for a moderator.") % {
                    "round": round_.title,
                    "count": locked.flag_count,
                }
            return _(
                "A contribution to “%(round)s” was flagged by %(count)s people. It stays on the public page "
                "(it was checked, answered or decided): look at the flags in the moderation queue."
            ) % {"round": round_.title, "count": locked.flag_count}

        notify(
            users=_moderators(round_.review),
            review=round_.review,
            kind="other",
            message=message,
            url=_moderation_url(round_.review, round_),
            key=f"stakeholders.flagged:{locked.pk}:{locked.moderated_at.timestamp() if locked.moderated_at else 0}",
        )
    contribution.flag_count, contribution.visibility = locked.flag_count, locked.visibility
    return hidden
