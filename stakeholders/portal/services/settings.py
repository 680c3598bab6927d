"""The public portal of a review as the taskforce sets it up: its four texts and whether
it is open to the public. Every write is audited in the same transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from reviews.core.sanitize import clean_html
from reviews.drafting.services.sections import text_to_html
from reviews.models import Review
from vnr_portal.common.text import one_line

from ..models import Licence, Portal

PORTAL_TEXTS = ["introduction", "how_to_take_part", "contacts", "code_of_conduct"]


def portal_for(review: Review) -> Portal:
    """The review's Portal, created (unpublished, empty) on first use.

    Safe when two first visits race: the loser of the unique insert reads the winner's row.
    """
    portal = Portal.objects.filter(review=review).first()
    if portal is not None:
        return portal
    try:
        with transaction.atomic():
            return Portal.objects.create(review=review)
    except IntegrityError:
        return Portal.objects.get(review=review)


@transaction.atomic
def portal_update(
    *, actor, portal: Portal, introduction: str, how_to_take_part: str, contacts: str, code_of_conduct: str
) -> list[str]:
    """Store the four texts (sanitized with `clean_html`); returns the names of those
    that changed (nothing is written or audited when none did)."""
    values = {
        "introduction": introduction,
        "how_to_take_part": how_to_take_part,
        "contacts": contacts,
        "code_of_conduct": code_of_conduct,
    }
    changed = []
    for name, value in values.items():
        cleaned = clean_html(text_to_html(value or ""))
        if cleaned != getattr(portal, name):
            setattr(portal, name, cleaned)
            changed.append(name)
    if not changed:
        return []
    portal.updated_at = timezone.now()
    portal.full_clean()
    portal.save(update_fields=[*changed, "updated_at"])
    audit_record(
        review=portal.review,
        actor=actor,
        action="stakeholders.portal_update",
        summary=_("The public portal's texts were changed."),
        data={"fields": changed},
    )
    return changed


@transaction.atomic
def portal_set_published(*, actor, portal: Portal, is_published: bool) -> bool:
    """Open the portal to the public or close it; returns whether anything changed."""
    updated = (
        Portal.objects.filter(pk=portal.pk)
        .exclude(is_published=is_published)
        .update(is_published=is_published, updated_at=timezone.now())
    )
    portal.is_published = is_published
    if not updated:
        return False
    audit_record(
        review=portal.review,
        actor=actor,
        action="stakeholders.portal_publish" if is_published else "stakeholders.portal_unpublish",
        summary=_("The public portal was opened to the public.")
        if is_published
        else _("The public portal was closed."),
        data={"portal": portal.pk},
    )
    return True


@transaction.atomic
def portal_set_licence(*, actor, portal: Portal, licence: str, licence_name: str = "", licence_url: str = "") -> bool:
    """Set the licence of the review's open data; returns whether it changed. A national or
    other licence needs its name and an http(s) address; a common one keeps neither.
    ValidationError (by field) when the input is not valid, nothing written."""
    if licence not in Licence.values:
        raise ValidationError({"licence": _("Choose one of the licences offered.")})
    name, url = one_line(licence_name or "").strip(), (licence_url or "").strip()
    if licence == Licence.CUSTOM:
        errors = {}
        if not name:
            errors["licence_name"] = _("Give the licence's name.")
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors["licence_url"] = _("Give the address (http or https) where the licence can be read.")
        if errors:
            raise ValidationError(errors)
    else:
        name, url = "", ""
    if (portal.licence, portal.licence_name, portal.licence_url) == (licence, name, url):
        return False
    portal.licence, portal.licence_name, portal.licence_url = licence, name, url
    portal.updated_at = timezone.now()
    portal.full_clean()
    portal.save(update_fields=["licence", "licence_name", "licence_url", "updated_at"])
    audit_record(
        review=portal.review,
        actor=actor,
        action="stakeholders.portal_licence",
        summary=_("The licence of the open data was changed."),
        data={"licence": licence, "name": name, "url": url},
    )
    return True
