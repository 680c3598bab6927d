"""Countries: created by a superuser in the admin, or by `manage.py create_coordinator`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from reviews.core.models import Country


@transaction.atomic
def country_get_or_create(*, actor, name: str, iso3: str) -> tuple[Country, bool]:
    """The country with ISO 3166 alpha-3 code `iso3`, created with `name` if there is none.

    An existing country must have that name too, so that a typing error in one of the two
    never lands a review in the wrong country. A new country is recorded in the audit log.
    """
    iso3 = (iso3 or "").strip().upper()
    name = (name or "").strip()
    if len(iso3) != 3 or not iso3.isascii() or not iso3.isalpha():
        raise ValidationError({"iso3": _("Give the country's ISO 3166 alpha-3 code: three letters, e.g. KEN.")})
    existing = Country.objects.filter(iso3=iso3).first()
    if existing is not None:
        if name and existing.name != name:
            raise ValidationError(
                {
                    "name": _("The country %(iso3)s already exists as “%(existing)s”; give that name or another code.")
                    % {"iso3": iso3, "existing": existing.name}
                }
            )
        return existing, False
    country = Country(name=name, iso3=iso3)
    country.full_clean()
    country.save()
    audit_record(review=None, actor=actor, action="country.create", summary=f"{country.name} ({country.iso3})")
    return country, True
