"""Consultation rounds, the taskforce's side: creating and changing a round while it is a
draft, choosing the draft sections it consults on, publishing it (the frozen copy),
closing it early or extending it.

A section chosen for a draft round is held as a RoundDocument in the report's language
with `frozen_at` empty (a placeholder; a pasted translation likewise). Publishing fills
and freezes every copy in one transaction; after that no copy changes, a translation
may only be added for a language that has none (.translations).
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from reviews.core.notifications import notify
from reviews.core.sanitize import clean_html
from reviews.drafting.selectors.outline import outline_list
from reviews.drafting.services.sections import text_to_html
from reviews.models import Review, SectionTranslation
from stakeholders import rules as perms
from stakeholders.languages import language_label, source_language
from stakeholders.registry.models import EngagementActivity, StandingGroup

from ..documents import frozen_paragraphs
from ..models import ConsultationRound, RoundDocument
from ..selectors import round_chosen_section_ids, round_publish_problems
from .freshness import public_version_bump


def _not_draft_error() -> ValidationError:
    return ValidationError(
        _("This round has been published: its settings, sections and questions can no longer be changed.")
    )


def lock_round(round_: ConsultationRound) -> ConsultationRound:
    """The round's row, locked for the rest of the transaction, with its review."""
    return ConsultationRound.objects.select_for_update().select_related("review").get(pk=round_.pk)


def lock_draft_round(round_: ConsultationRound) -> ConsultationRound:
    locked = lock_round(round_)
    if locked.published_at is not None:
        raise _not_draft_error()
    return locked


def round_field_errors(
    *,
    review: Review,
    audience: str,
    group: StandingGroup | None,
    languages: list[str],
    opens_at: datetime.datetime | None,
    closes_at: datetime.datetime | None,
) -> dict[str, str]:
    """What is wrong with a round's audience, languages and dates, by field (also used by
    the form, so that every message shows at once)."""
    errors: dict[str, str] = {}
    if audience == ConsultationRound.Audience.WORKING_GROUP:
        if group is None:
            errors["group"] = _("Choose the working group this round is for.")
        elif group.review_id != review.pk or group.kind != StandingGroup.Kind.WORKING_GROUP:
            errors["group"] = _("Choose one of this review's thematic working groups.")
    review_languages = list(review.languages or [])
    source = source_language(review)
    if not languages:
        errors["languages"] = _("Choose at least one language.")
    elif any(language not in review_languages for language in languages):
        errors["languages"] = _("Choose among the report's languages.")
    elif source not in languages:
        errors["languages"] = _("The round must include %(language)s, the language the draft is written in.") % {
            "language": language_label(source)
        }
    if opens_at and closes_at and closes_at <= opens_at:
        errors["closes_at"] = _("The round must close after it opens.")
    return errors


def _clean_fields(review: Review, fields: dict) -> dict:
    fields = dict(fields)
    fields["title"] = " ".join((fields.get("title") or "").split())
    fields["description"] = clean_html(text_to_html(fields.get("description") or ""))
    languages = list(dict.fromkeys(fields.get("languages") or []))
    # The report's order, whatever order the boxes were ticked in.
    fields["languages"] = [code for code in (review.languages or []) if code in languages] + [
        code for code in languages if code not in (review.languages or [])
    ]
    if fields.get("audience") != ConsultationRound.Audience.WORKING_GROUP:
        fields["group"] = None
    errors = round_field_errors(
        review=review,
        audience=fields.get("audience"),
        group=fields.get("group"),
        languages=fields["languages"],
        opens_at=fields.get("opens_at"),
        closes_at=fields.get("closes_at"),
    )
    if not fields["title"]:
        errors["title"] = _("Give the round a title.")
    if errors:
        raise ValidationError(errors)
    return fields


ROUND_FIELDS = [
    "title",
    "description",
    "kind",
    "stage",
    "audience",
    "group",
    "languages",
    "opens_at",
    "closes_at",
    "max_length",
    "flag_threshold",
]


@transaction.atomic
def round_create(*, actor, review: Review, **fields) -> ConsultationRound:
    """A new draft round (`fields`: ROUND_FIELDS). Description sanitized; audited."""
    fields = _clean_fields(review, {name: fields.get(name) for name in ROUND_FIELDS})
    round_ = ConsultationRound(review=review, created_by=actor, **fields)
    round_.full_clean(exclude=["review", "created_by"])
    round_.save()
    audit_record(
        review=review,
        actor=actor,
        action="stakeholders.round_create",
        summary=_("Consultation round created: %(title)s") % {"title": round_.title},
        data={"round": round_.pk},
    )
    return round_


@transaction.atomic
def round_update(*, actor, round_: ConsultationRound, **fields) -> ConsultationRound:
    """Change a draft round. Pasted translations in languages the round no longer has are
    dropped. Refused once published. Audited with the names of the changed fields."""
    locked = lock_draft_round(round_)
    fields = _clean_fields(locked.review, {name: fields.get(name, getattr(locked, name)) for name in ROUND_FIELDS})
    changed = [name for name, value in fields.items() if getattr(locked, name) != value]
    if not changed:
        return locked
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["review", "created_by"])
    locked.save()
    if "languages" in changed:
        locked.documents.filter(frozen_at__isnull=True).exclude(language__in=locked.languages).delete()
    audit_record(
        review=locked.review,
        actor=actor,
        action="stakeholders.round_update",
        summary=_("Consultation round changed: %(title)s") % {"title": locked.title},
        data={"round": locked.pk, "fields": changed},
    )
    return locked


@transaction.atomic
def round_delete(*, actor, round_: ConsultationRound) -> None:
    """Delete a draft round with its chosen sections, questions and invitations. Audited."""
    locked = lock_draft_round(round_)
    audit_record(
        review=locked.review,
        actor=actor,
        action="stakeholders.round_delete",
        summary=_("Consultation round deleted: %(title)s") % {"title": locked.title},
        data={"round": locked.pk},
    )
    locked.delete()


@transaction.atomic
def round_set_sections(*, actor, round_: ConsultationRound, section_ids: list[int]) -> list[int]:
    """Choose the draft sections a draft round consults on (their copies are taken when it
    is published), in outline order. Sections of another review are refused. Returns the
    chosen ids in order; audited when the choice changed."""
    locked = lock_draft_round(round_)
    review = locked.review
    source = source_language(review)
    outline = list(outline_list(review))
    order = {s.pk: index for index, s in enumerate(outline)}
    wanted = list(dict.fromkeys(section_ids))
    if any(pk not in order for pk in wanted):
        raise ValidationError({"sections": _("Choose among this review's draft sections.")})
    wanted.sort(key=order.__getitem__)
    before = round_chosen_section_ids(locked)
    # Dropping a section drops its pasted translations too.
    locked.documents.filter(frozen_at__isnull=True).exclude(section_id__in=wanted).delete()
    titles = {s.pk: s.title for s in outline}
    new = [
        RoundDocument(round=locked, section_id=pk, language=source, title=titles[pk][:300], content="")
        for pk in wanted
        if pk not in before
    ]
    RoundDocument.objects.bulk_create(new)
    documents = list(locked.documents.filter(section_id__in=wanted))
    for document in documents:
        document.position = order[document.section_id]
    RoundDocument.objects.bulk_update(documents, ["position"])
    public_version_bump([locked.pk])  # bulk writes send no signal
    if set(wanted) != before:
        audit_record(
            review=review,
            actor=actor,
            action="stakeholders.round_sections",
            summary=_("Sections of “%(title)s” chosen: %(count)s") % {"title": locked.title, "count": len(wanted)},
            data={"round": locked.pk, "sections": wanted},
        )
    return wanted


@transaction.atomic
def round_publish(*, actor, round_: ConsultationRound) -> bool:
    """Freeze the round's copies and put it on the portal.

    One RoundDocument per chosen section and round language: the section's text in the
    report's language, the draft's translation (else a pasted one) in the others (a
    language with neither gets no copy; one can be added later); `source_version` the
    version copied, `frozen_at` now. Sets `published_at`; creates the plan's online
    consultation activity if the round has none; audited. Refused (ValidationError with
    every reason) per `round_publish_problems`. Publishing again changes nothing and
    returns False.
    """
    locked = lock_round(round_)
    if locked.published_at is not None:
        return False
    now = timezone.now()
    problems = round_publish_problems(locked, now=now)
    if problems:
        raise ValidationError(problems)
    review = locked.review
    source = source_language(review)
    drafts = list(locked.documents.filter(frozen_at__isnull=True).select_related("section"))
    heads = {d.section_id: d for d in drafts if d.language == source and d.section_id}
    sections = {pk: d.section for pk, d in heads.items()}
    attached = {(d.section_id, d.language): d for d in drafts if d.language != source}
    translations = {
        (t.section_id, t.language): t
        for t in SectionTranslation.objects.filter(section_id__in=list(sections), language__in=locked.languages)
    }
    keep, new, missing = [], [], []
    for section_id, head in heads.items():
        section = sections[section_id]
        head.title, head.content, head.source_version, head.frozen_at = (
            section.title[:300],
            section.content,
            section.version,
            now,
        )
        keep.append(head)
        for language in locked.languages:
            if language == source:
                continue
            translation = translations.get((section_id, language))
            document = attached.get((section_id, language))
            if translation is not None and (translation.content or "").strip():
                if document is None:
                    document = RoundDocument(round=locked, section=section, language=language)
                    new.append(document)
                else:
                    keep.append(document)
                document.title = section.title[:300]
                document.content = clean_html(translation.content)
                document.source_version = translation.source_version
            elif document is not None:
                document.source_version = section.version
                keep.append(document)
            else:
                missing.append((section_id, language))
                continue
            document.position, document.frozen_at = head.position, now
    # The text as the public page shows it, sanitized and split once, now: the copy never
    # changes, so the page never sanitizes it again (`RoundDocument.paragraphs`).
    for document in keep + new:
        document.paragraphs = frozen_paragraphs(document.content)
    # Placeholders of sections removed from the draft or of dropped languages go.
    locked.documents.filter(frozen_at__isnull=True).exclude(pk__in=[d.pk for d in keep]).delete()
    RoundDocument.objects.bulk_update(
        keep, ["title", "content", "paragraphs", "source_version", "frozen_at", "position"]
    )
    RoundDocument.objects.bulk_create(new)
    locked.published_at = now
    locked.save(update_fields=["published_at"])
    round_.published_at = now
    activity = None
    if not locked.activities.exists():
        activity = EngagementActivity.objects.create(
            review=review,
            stage=locked.stage,
            kind=EngagementActivity.Kind.ONLINE_CONSULTATION,
            title=locked.title[:200],
            mode=EngagementActivity.Mode.ONLINE,
            language=locked.languages[0] if len(locked.languages) == 1 else "",
            date=timezone.localdate(locked.opens_at),
            round=locked,
        )
    audit_record(
        review=review,
        actor=actor,
        action="stakeholders.round_publish",
        summary=_("Consultation round published: %(title)s") % {"title": locked.title},
        data={
            "round": locked.pk,
            "documents": len(keep) + len(new),
            "missing_translations": [f"{pk}:{language}" for pk, language in missing],
            "activity": activity.pk if activity else None,
        },
    )
    return True


@transaction.atomic
def round_close_now(*, actor, round_: ConsultationRound) -> ConsultationRound:
    """Close an open round at once (closes_at = now). Audited."""
    locked = lock_round(round_)
    now = timezone.now()
    if not locked.is_open(now):
        raise ValidationError(_("Only an open round can be closed now."))
    old = locked.closes_at
    locked.closes_at = now
    locked.save(update_fields=["closes_at"])
    round_.closes_at = now
    audit_record(
        review=locked.review,
        actor=actor,
        action="stakeholders.round_close",
        summary=_("Consultation round closed early: %(title)s") % {"title": locked.title},
        data={"round": locked.pk, "from": old.isoformat(), "to": now.isoformat()},
    )
    return locked


@transaction.atomic
def rounds_close_for_publication(*, actor, review: Review) -> list[ConsultationRound]:
    """The report of `review` is published: close its open rounds now (closes_at = now),
    each audited, and tell each round's contributors (a notification, e-mailed in their
    language) that it closed and where to read what came of it. Returns the rounds
    closed; a round already closed, or not yet open, is left as it is. Run again, it
    closes nothing and tells nobody twice."""
    now = timezone.now()
    rounds = list(
        perms.round_list_open().filter(review=review).select_for_update().select_related("review").order_by("pk")
    )
    User = get_user_model()
    for round_ in rounds:
        old = round_.closes_at
        round_.closes_at = now
        round_.save(update_fields=["closes_at"])
        audit_record(
            review=review,
            actor=actor,
            action="stakeholders.round_close",
            summary=_("Consultation round closed as the report was published: %(title)s") % {"title": round_.title},
            data={"round": round_.pk, "from": old.isoformat(), "to": now.isoformat(), "report_published": True},
        )
        contributors = User.objects.filter(contributions__round=round_, is_active=True).distinct().order_by("pk")

        def message(title=round_.title, country=review.country.name) -> str:
            return _(
                "The consultation “%(round)s” is closed: the Voluntary National Review of %(country)s is "
                "published. Thank you for taking part. See what came of your contributions and read the report."
            ) % {"round": title, "country": country}

        notify(
            users=list(contributors),
            review=review,
            kind="other",
            message=message,
            url=reverse("stakeholders:portal-outcomes", args=[review.pk, round_.pk]),
            key=f"stakeholders.round_closed_published:{round_.pk}",
        )
    return rounds


def on_report_published(sender, *, review: Review, actor, **kwargs) -> None:
    """Receiver of reviews.publishing.signals.report_published (connected in
    StakeholdersConfig.ready())."""
    rounds_close_for_publication(actor=actor, review=review)


@transaction.atomic
def round_extend(*, actor, round_: ConsultationRound, closes_at: datetime.datetime) -> ConsultationRound:
    """Move the closing date (later, or earlier but not into the past; after the
    opening). Reopens a round that had closed. Audited."""
    locked = lock_round(round_)
    now = timezone.now()
    if closes_at <= locked.opens_at:
        raise ValidationError({"closes_at": _("The round must close after it opens.")})
    if closes_at <= now:
        raise ValidationError({"closes_at": _("Choose a closing date in the future.")})
    old = locked.closes_at
    if closes_at == old:
        return locked
    locked.closes_at = closes_at
    locked.save(update_fields=["closes_at"])
    round_.closes_at = closes_at
    audit_record(
        review=locked.review,
        actor=actor,
        action="stakeholders.round_extend",
        summary=_("Closing date of “%(title)s” moved") % {"title": locked.title},
        data={"round": locked.pk, "from": old.isoformat(), "to": closes_at.isoformat()},
    )
    return locked
