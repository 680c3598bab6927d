"""The stakeholder registry: categories, organisations and their contacts, the
interest × influence map with its gaps, the engagement hub's figures and the CSV export.

Every write runs in one transaction with its audit entry. Audit entries never carry a
contact's personal data (the audit log is read more widely than contacts): they name the
organisation and the contact's id.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reviews.core.audit import audit_record
from reviews.models import Review
from vnr_portal.common.spreadsheets import spreadsheet_safe

from ..models import (
    DEFAULT_CATEGORIES,
    ActivityParticipation,
    ConsultationRound,
    Contact,
    EngagementActivity,
    Organisation,
    StakeholderCategory,
    StandingGroup,
)

LEVELS = [1, 2, 3, 4, 5]
# Default categories that are groups at risk of being left behind.
AT_RISK_KEYS = {"youth", "women", "disability", "left_behind"}


# --- Categories -----------------------------------------------------------------------


def categories_ensure_defaults(review: Review, *, actor=None) -> int:
    """Give `review` the default categories (DEFAULT_CATEGORIES, names in the site's
    language) if it has no category yet; returns how many were created.

    Idempotent and cheap enough to call on every visit (one query when there is nothing
    to do): a review that has categories, even after the coordinator removed some
    defaults, is left alone. Locks the review row so two first visits at once do not
    both create them; audited.
    """
    if StakeholderCategory.objects.filter(review=review).exists():
        return 0
    with transaction.atomic():
        Review.objects.select_for_update().filter(pk=review.pk).first()
        if StakeholderCategory.objects.filter(review=review).exists():
            return 0
        with translation.override(settings.LANGUAGE_CODE):
            categories = [
                StakeholderCategory(review=review, key=key, name=str(label), at_risk=key in AT_RISK_KEYS, position=i)
                for i, (key, label) in enumerate(DEFAULT_CATEGORIES, start=1)
            ]
        StakeholderCategory.objects.bulk_create(categories)
        audit_record(
            review=review,
            actor=actor,
            action="stakeholders.category_defaults",
            summary=_("The default stakeholder categories were added."),
            data={"count": len(categories)},
        )
    return len(categories)


def category_list(review: Review) -> list[StakeholderCategory]:
    """The review's categories in order, each with `organisation_count`. One query."""
    return list(
        StakeholderCategory.objects.filter(review=review)
        .annotate(organisation_count=Count("organisations"))
        .order_by("position", "name")  # Meta.ordering does not apply to aggregating queries
    )


def _save_unique(obj, message: str) -> None:
    """Save `obj`; a name taken meanwhile by a concurrent request becomes a field error."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise ValidationError({"name": message}) from None


def _clean_name(name: str) -> str:
    return " ".join((name or "").split())


def _check_category_name(review: Review, name: str, exclude_pk: int | None = None) -> str:
    name = _clean_name(name)
    if not name:
        raise ValidationError({"name": _("Give the category a name.")})
    taken = StakeholderCategory.objects.filter(review=review, name__iexact=name)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"name": _("This review already has a category with this name.")})
    return name


@transaction.atomic
def category_create(*, actor, review: Review, name: str, at_risk: bool = False) -> StakeholderCategory:
    """A new category at the end of the list; audited."""
    name = _check_category_name(review, name)
    last = StakeholderCategory.objects.filter(review=review).aggregate(last=Max("position"))["last"] or 0
    category = StakeholderCategory(review=review, name=name, at_risk=at_risk, position=last + 1)
    category.full_clean()
    _save_unique(category, _("This review already has a category with this name."))
    audit_record(
        review=review,
        actor=actor,
        action="stakeholders.category_create",
        summary=name,
        data={"category": category.pk, "at_risk": at_risk},
    )
    return category


@transaction.atomic
def category_update(*, actor, category: StakeholderCategory, name: str, at_risk: bool) -> StakeholderCategory:
    """Rename a category or mark it at risk of being left behind; audited."""
    old_name, old_risk = category.name, category.at_risk
    category.name = _check_category_name(category.review, name, exclude_pk=category.pk)
    category.at_risk = at_risk
    category.full_clean()
    _save_unique(category, _("This review already has a category with this name."))
    audit_record(
        review=category.review,
        actor=actor,
        action="stakeholders.category_update",
        summary=category.name,
        data={"category": category.pk, "from": old_name, "at_risk": [old_risk, at_risk]},
    )
    return category


@transaction.atomic
def category_move(*, actor, category: StakeholderCategory, direction: str) -> bool:
    """Move a category one place up or down; returns False when it is already at that end.
    Positions are renumbered 1..n, so gaps and ties left by earlier edits disappear."""
    categories = list(StakeholderCategory.objects.select_for_update().filter(review_id=category.review_id))
    index = next(i for i, c in enumerate(categories) if c.pk == category.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(categories):
        return False
    categories[index], categories[other] = categories[other], categories[index]
    for position, item in enumerate(categories, start=1):
        item.position = position
    StakeholderCategory.objects.bulk_update(categories, ["position"])
    audit_record(
        review=category.review,
        actor=actor,
        action="stakeholders.category_move",
        summary=category.name,
        data={"category": category.pk, "direction": direction},
    )
    return True


@transaction.atomic
def category_delete(*, actor, category: StakeholderCategory) -> None:
    """Delete a category nobody uses. Refused while organisations belong to it or an
    activity's participation was counted in it (that record would be lost)."""
    organisations = Organisation.objects.filter(category=category).count()
    if organisations:
        raise ValidationError(
            ngettext(
                "“%(name)s” cannot be deleted: %(count)s organisation belongs to it. Move it to another category first.",
                "“%(name)s” cannot be deleted: %(count)s organisations belong to it. Move them to another category first.",
                organisations,
            )
            % {"name": category.name, "count": organisations}
        )
    if ActivityParticipation.objects.filter(category=category).exists():
        raise ValidationError(
            _("“%(name)s” cannot be deleted: participants of held activities were counted in it.")
            % {"name": category.name}
        )
    audit_record(
        review=category.review,
        actor=actor,
        action="stakeholders.category_delete",
        summary=category.name,
        data={"category": category.pk},
    )
    category.delete()


# --- Organisations --------------------------------------------------------------------

ORGANISATION_FIELDS = [
    "name",
    "acronym",
    "category",
    "region",
    "languages",
    "website",
    "description",
    "interest",
    "influence",
]


def organisation_list(
    review: Review,
    *,
    category: StakeholderCategory | None = None,
    region: str = "",
    language: str = "",
    search: str = "",
) -> QuerySet[Organisation]:
    """The review's organisations, filtered, with their category loaded."""
    organisations = Organisation.objects.filter(review=review).select_related("category")
    if category is not None:
        organisations = organisations.filter(category=category)
    if region:
        organisations = organisations.filter(region__iexact=region)
    if language:
        # Languages are a JSON list of codes: match the quoted code in its text, which
        # works on SQLite and PostgreSQL alike.
        organisations = organisations.filter(languages__icontains=f'"{language}"')
    if search:
        organisations = organisations.filter(
            Q(name__icontains=search) | Q(acronym__icontains=search) | Q(description__icontains=search)
        )
    return organisations.order_by("name", "pk")


def organisation_regions(review: Review) -> list[str]:
    """The regions organisations of `review` are in (for the filter). One query."""
    return list(
        Organisation.objects.filter(review=review)
        .exclude(region="")
        .values_list("region", flat=True)
        .distinct()
        .order_by("region")
    )


def _organisation_clean(organisation: Organisation) -> None:
    organisation.name = _clean_name(organisation.name)
    if not organisation.name:
        raise ValidationError({"name": _("Give the organisation a name.")})
    if organisation.category.review_id != organisation.review_id:
        raise ValidationError({"category": _("Choose one of this review's categories.")})
    taken = Organisation.objects.filter(review_id=organisation.review_id, name__iexact=organisation.name)
    if organisation.pk:
        taken = taken.exclude(pk=organisation.pk)
    if taken.exists():
        raise ValidationError({"name": _("This review already has an organisation with this name.")})
    organisation.full_clean()


@transaction.atomic
def organisation_create(*, actor, review: Review, **fields) -> Organisation:
    """A new organisation of the registry; audited."""
    organisation = Organisation(review=review, **{k: v for k, v in fields.items() if k in ORGANISATION_FIELDS})
    _organisation_clean(organisation)
    _save_unique(organisation, _("This review already has an organisation with this name."))
    audit_record(
        review=review,
        actor=actor,
        action="stakeholders.organisation_create",
        summary=organisation.name,
        data={"organisation": organisation.pk, "category": organisation.category_id},
    )
    return organisation


@transaction.atomic
def organisation_update(*, actor, organisation: Organisation, **fields) -> Organisation:
    """Change an organisation; audited with the names of the fields that changed."""
    changed = []
    for name, value in fields.items():
        if name in ORGANISATION_FIELDS and getattr(organisation, name) != value:
            setattr(organisation, name, value)
            changed.append(name)
    _organisation_clean(organisation)
    _save_unique(organisation, _("This review already has an organisation with this name."))
    audit_record(
        review=organisation.review,
        actor=actor,
        action="stakeholders.organisation_update",
        summary=organisation.name,
        data={"organisation": organisation.pk, "fields": changed},
    )
    return organisation


@transaction.atomic
def organisation_delete(*, actor, organisation: Organisation) -> None:
    """Delete an organisation with its contacts (its group memberships and meeting
    attendance go with it); audited."""
    contacts = organisation.contacts.count()
    audit_record(
        review=organisation.review,
        actor=actor,
        action="stakeholders.organisation_delete",
        summary=organisation.name,
        data={"organisation": organisation.pk, "contacts_deleted": contacts},
    )
    organisation.delete()


def organisation_export_rows(review: Review) -> list[list[str]]:
    """The registry as spreadsheet rows (header first), every cell formula-safe. Contacts
    are personal data and never exported. Two queries."""
    language_names = dict(_language_choices())
    rows = [
        [
            "name",
            "acronym",
            "category",
            "at_risk",
            "region",
            "languages",
            "website",
            "interest",
            "influence",
            "standing_groups",
            "description",
        ]
    ]
    organisations = (
        Organisation.objects.filter(review=review).select_related("category").prefetch_related("standing_groups")
    )
    for org in organisations.order_by("name", "pk"):
        rows.append(
            [
                spreadsheet_safe(value)
                for value in (
                    org.name,
                    org.acronym,
                    org.category.name,
                    "yes" if org.category.at_risk else "no",
                    org.region,
                    "; ".join(str(language_names.get(code, code)) for code in org.languages or []),
                    org.website,
                    org.interest,
                    org.influence,
                    "; ".join(group.name for group in org.standing_groups.all()),
                    org.description,
                )
            ]
        )
    return rows


def _language_choices():
    from reviews.models import REPORT_LANGUAGES

    return REPORT_LANGUAGES


# --- Contacts -------------------------------------------------------------------------

CONTACT_FIELDS = ["name", "position", "email", "phone", "consent_note"]


def _consent_at(consent_date: datetime.date) -> datetime.datetime:
    if consent_date > timezone.localdate():
        raise ValidationError({"consent_date": _("Consent cannot have been given in the future.")})
    return timezone.make_aware(datetime.datetime.combine(consent_date, datetime.time(12, 0)))


def _contact_clean(contact: Contact) -> None:
    contact.name = _clean_name(contact.name)
    contact.consent_note = " ".join((contact.consent_note or "").split())
    errors = {}
    if not contact.name:
        errors["name"] = _("Give the person's name.")
    if not contact.consent_note:
        errors["consent_note"] = _("Say how the person gave consent to keep their details.")
    if errors:
        raise ValidationError(errors)
    contact.full_clean(exclude=["organisation", "recorded_by"])


@transaction.atomic
def contact_create(*, actor, organisation: Organisation, consent_date: datetime.date, **fields) -> Contact:
    """Record a person at an organisation, with the consent they gave; audited (who added
    personal data, to which organisation — not the data itself)."""
    contact = Contact(
        organisation=organisation,
        recorded_by=actor,
        consent_at=_consent_at(consent_date),
        **{k: v for k, v in fields.items() if k in CONTACT_FIELDS},
    )
    _contact_clean(contact)
    contact.save()
    audit_record(
        review=organisation.review,
        actor=actor,
        action="stakeholders.contact_create",
        summary=_("Contact added to %(organisation)s") % {"organisation": organisation.name},
        data={"organisation": organisation.pk, "contact": contact.pk},
    )
    return contact


@transaction.atomic
def contact_update(*, actor, contact: Contact, consent_date: datetime.date, **fields) -> Contact:
    """Change a contact's details or consent; audited with the names of changed fields."""
    changed = []
    for name, value in fields.items():
        if name in CONTACT_FIELDS and getattr(contact, name) != value:
            setattr(contact, name, value)
            changed.append(name)
    if timezone.localtime(contact.consent_at).date() != consent_date:
        contact.consent_at = _consent_at(consent_date)
        changed.append("consent_at")
    _contact_clean(contact)
    contact.save()
    audit_record(
        review=contact.organisation.review,
        actor=actor,
        action="stakeholders.contact_update",
        summary=_("Contact changed at %(organisation)s") % {"organisation": contact.organisation.name},
        data={"organisation": contact.organisation_id, "contact": contact.pk, "fields": changed},
    )
    return contact


@transaction.atomic
def contact_delete(*, actor, contact: Contact) -> None:
    """Erase a contact's personal data; audited."""
    audit_record(
        review=contact.organisation.review,
        actor=actor,
        action="stakeholders.contact_delete",
        summary=_("Contact deleted at %(organisation)s") % {"organisation": contact.organisation.name},
        data={"organisation": contact.organisation_id, "contact": contact.pk},
    )
    contact.delete()


# --- Map and gaps ---------------------------------------------------------------------


@dataclass
class MapCell:
    interest: int
    influence: int
    organisations: list[Organisation] = field(default_factory=list)


@dataclass
class EngagementMap:
    # Rows from high interest (5) to low (1), each with cells from low influence to high.
    rows: list[tuple[int, list[MapCell]]]
    influences: list[int]
    categories: list[StakeholderCategory]  # each with organisation_count, targeted
    targeted_gaps: list[StakeholderCategory]  # targeted by the plan, nobody represents them
    empty: list[StakeholderCategory]  # no organisation at all

    @property
    def organisation_count(self) -> int:
        return sum(len(cell.organisations) for _, cells in self.rows for cell in cells)


def engagement_map(review: Review) -> EngagementMap:
    """The interest × influence grid and the gaps of the registry. Two queries whatever
    the number of organisations and categories.

    A category is *targeted* when an activity of the plan that is not cancelled has it in
    its audience; a targeted category without organisations is a gap to close first.
    """
    cells = {(i, f): MapCell(i, f) for i in LEVELS for f in LEVELS}
    for org in Organisation.objects.filter(review=review).select_related("category").order_by("name"):
        cells[(org.interest, org.influence)].organisations.append(org)
    categories = list(
        StakeholderCategory.objects.filter(review=review)
        .annotate(
            organisation_count=Count("organisations", distinct=True),
            targeted_count=Count(
                "activities",
                filter=~Q(activities__status=EngagementActivity.Status.CANCELLED),
                distinct=True,
            ),
        )
        .order_by("position", "name")
    )
    empty = [c for c in categories if not c.organisation_count]
    return EngagementMap(
        rows=[(i, [cells[(i, f)] for f in LEVELS]) for i in reversed(LEVELS)],
        influences=LEVELS,
        categories=categories,
        targeted_gaps=[c for c in empty if c.targeted_count],
        empty=empty,
    )


# --- Hub ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HubFigures:
    categories: int
    organisations: int
    contacts: int
    groups: int
    activities_planned: int
    activities_held: int
    rounds: int


def hub_figures(review: Review) -> HubFigures:
    """The engagement hub's counts. A fixed number of queries (one per table)."""
    activities = EngagementActivity.objects.filter(review=review).aggregate(
        planned=Count("pk", filter=Q(status=EngagementActivity.Status.PLANNED)),
        held=Count("pk", filter=Q(status=EngagementActivity.Status.HELD)),
    )
    return HubFigures(
        categories=StakeholderCategory.objects.filter(review=review).count(),
        organisations=Organisation.objects.filter(review=review).count(),
        contacts=Contact.objects.filter(organisation__review=review).count(),
        groups=StandingGroup.objects.filter(review=review).count(),
        activities_planned=activities["planned"],
        activities_held=activities["held"],
        rounds=ConsultationRound.objects.filter(review=review).count(),
    )
