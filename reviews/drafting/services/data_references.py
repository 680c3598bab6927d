"""Text tied to data: flagging the sections whose live data references point at data that
changed, and clearing the flag when an editor has checked the text against the new data.

The references themselves (their stored form, resolving and rendering) are
`indicators.evidence.references`; `series_changed` (indicators.evidence.signals) calls
`sections_flag_for_data_change`, connected in `ReviewsConfig.ready()`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.evidence.references import KIND_ATTRIBUTE, referenced_indicators
from indicators.evidence.vocabulary import indicator_sort_key
from reviews import rules as perms
from reviews.core.audit import audit_record
from reviews.core.models import AuditEntry
from reviews.core.notifications import notify
from reviews.drafting.models import Section, SectionDecision, SectionStatus
from reviews.drafting.services.votes import vote_restart_for_change


@transaction.atomic
def sections_flag_for_data_change(*, country: str, indicator_codes: Iterable[str], actor=None) -> list[Section]:
    """Flag the sections of `country`'s reviews whose text refers to one of
    `indicator_codes`, and make their approvals stale: an approved section goes back to
    "in review" and its approvals of the current revision stop counting (`data_stale_at`),
    so the reviewers decide again on the text with the new figures; a council vote open
    on the report is voided and restarted. Past-review records and frozen reports are left
    alone. Audited per section. A fixed number of queries however many sections (and one
    more per review concerned); returns the sections flagged."""
    codes = set(indicator_codes)
    if not codes:
        return []
    now = timezone.now()
    candidates = (
        Section.objects.filter(
            review__country__iso3=country,
            review__is_record=False,
            review__frozen_at__isnull=True,
            content__contains=KIND_ATTRIBUTE,
        )
        .select_related("review")
        .select_for_update(of=("self",))
        .prefetch_related("editors")
        .order_by("pk")
    )
    flagged = []
    for section in candidates:
        hit = referenced_indicators(section.content) & codes
        if not hit:
            continue
        section.data_changed_at = now
        section.data_changed_codes = sorted(set(section.data_changed_codes or []) | hit, key=indicator_sort_key)
        section.changed_now = sorted(hit, key=indicator_sort_key)
        section.was_approved = section.status == SectionStatus.APPROVED
        if section.was_approved:
            section.status = SectionStatus.IN_REVIEW
        flagged.append(section)
    if not flagged:
        return []
    Section.objects.bulk_update(flagged, ["data_changed_at", "data_changed_codes", "status"])
    _restart_open_votes(flagged)
    stale = list(
        SectionDecision.objects.filter(
            section__in=flagged,
            kind=SectionDecision.Kind.APPROVE,
            data_stale_at__isnull=True,
            revision_number=F("section__version"),
        ).select_related("reviewer")
    )
    SectionDecision.objects.filter(pk__in=[decision.pk for decision in stale]).update(data_stale_at=now)
    AuditEntry.objects.bulk_create([_audit_entry(section, actor, now) for section in flagged])
    _notify(flagged, stale)
    return flagged


def _notify(flagged: list[Section], stale: list[SectionDecision]) -> None:
    """Tell the editors of the flagged sections to check them, and the reviewers whose
    approval no longer counts to decide again: one notification per person and review,
    however many sections (a query per review for its editors, then per person)."""
    by_review: dict[int, list[Section]] = {}
    for section in flagged:
        by_review.setdefault(section.review_id, []).append(section)
    for sections in by_review.values():
        review = sections[0].review
        editors: dict[int, object] = {}
        review_editors = None
        for section in sections:
            if not section.editors.all() and review_editors is None:
                review_editors = perms.section_editors(section)
            for user in section.editors.all() or review_editors:
                editors[user.pk] = user
        titles = ", ".join(f"“{section.title}”" for section in sections)
        codes = ", ".join(
            sorted({code for section in sections for code in section.changed_now}, key=indicator_sort_key)
        )
        url = reverse("reviews:outline", args=[review.pk])
        notify(
            users=list(editors.values()),
            review=review,
            kind="other",
            message=lambda titles=titles, codes=codes: (
                _("The data behind %(sections)s changed (%(codes)s): check the text against the new figures.")
                % {"sections": titles, "codes": codes}
            ),
            url=url,
        )
        ids = {section.pk for section in sections}
        reviewers = [decision.reviewer for decision in stale if decision.section_id in ids]
        notify(
            users=reviewers,
            review=review,
            kind="other",
            message=lambda titles=titles: (
                _("Your approval of %(sections)s no longer counts: the data it shows changed. Decide again.")
                % {"sections": titles}
            ),
            url=url,
        )


def _restart_open_votes(flagged: list[Section]) -> None:
    """A council vote open on a report whose figures changed was a vote on another report:
    void and restart it, as a change of the text does (one query per review affected)."""
    reviews = {section.review_id: section.review for section in flagged}
    for review in reviews.values():
        titles = ", ".join(f"“{section.title}”" for section in flagged if section.review_id == review.pk)
        try:
            with transaction.atomic():
                vote_restart_for_change(
                    actor=None,
                    review=review,
                    change=lambda titles=titles: _("the data shown in %(sections)s changed") % {"sections": titles},
                )
        except ValidationError:
            # The vote had ended and approved the report before the data changed: it stands.
            continue


def _audit_entry(section: Section, actor, now) -> AuditEntry:
    facts = {"title": section.title, "codes": ", ".join(section.changed_now)}
    if section.was_approved:
        summary = _("The data behind “%(title)s” changed (%(codes)s): its approval no longer counts") % facts
    else:
        summary = _("The data behind “%(title)s” changed (%(codes)s)") % facts
    return AuditEntry(
        review=section.review,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action="section.data_changed",
        summary=summary[:500],
        data={"section": section.pk, "indicators": section.changed_now, "revision": section.version},
        created_at=now,
    )


@transaction.atomic
def section_data_check_confirm(*, actor, section: Section) -> Section:
    """An editor checked the section's text against the new data: clear the flag. The
    reviewers' approvals stay stale (they approve the text again). Audited."""
    section = Section.objects.select_for_update(of=("self",)).select_related("review").get(pk=section.pk)
    if section.data_changed_at is None:
        return section
    codes = list(section.data_changed_codes or [])
    section.data_changed_at, section.data_changed_codes = None, []
    section.save(update_fields=["data_changed_at", "data_changed_codes"])
    audit_record(
        review=section.review,
        actor=actor,
        action="section.data_checked",
        summary=_("Checked “%(title)s” against the new data (%(codes)s)")
        % {"title": section.title, "codes": ", ".join(codes)},
        data={"section": section.pk, "indicators": codes, "revision": section.version},
    )
    return section


def on_series_changed(sender, *, country: str, indicator_codes, **kwargs) -> None:
    """The receiver of `indicators.evidence.signals.series_changed`."""
    sections_flag_for_data_change(country=country, indicator_codes=indicator_codes)
