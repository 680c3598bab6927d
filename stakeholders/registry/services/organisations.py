"""Organisations of the registry and their contacts.

Every write runs in one transaction with its audit entry. Audit entries never carry a
contact's personal data (the audit log is read more widely than contacts): they name the
organisation and the contact's id.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from reviews.models import Review

from ..models import Contact, Organisation
from .unique_names import clean_name, save_unique

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


def _organisation_clean(organisation: Organisation) -> None:
    organisation.name = clean_name(organisation.name)
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
    save_unique(organisation, _("This review already has an organisation with this name."))
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
    save_unique(organisation, _("This review already has an organisation with this name."))
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


# --- Contacts -------------------------------------------------------------------------

CONTACT_FIELDS = ["name", "position", "email", "phone", "consent_note"]


def _consent_at(consent_date: datetime.date) -> datetime.datetime:
    if consent_date > timezone.localdate():
        raise ValidationError({"consent_date": _("Consent cannot have been given in the future.")})
    return timezone.make_aware(datetime.datetime.combine(consent_date, datetime.time(12, 0)))


def _contact_clean(contact: Contact) -> None:
    contact.name = clean_name(contact.name)
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
