"""What the archive must know that it cannot discover: personal data, and models left out.

Other apps hand theirs in from their `AppConfig.ready()` (the registry pattern of
docs/architecture.md), so that `reviews` never imports `stakeholders`.
"""

from django.utils.translation import gettext_lazy as _

# "app_label.Model" -> field names holding personal data (names, e-mail addresses, phones).
_PERSONAL: dict[str, set[str]] = {
    "auth.User": {"email", "first_name", "last_name"},
    "reviews.Invitation": {"email"},
    "reviews.Ministry": {"focal_point_name", "focal_point_email"},
}
# "app_label.Model" -> why rows of that model are not in a review's export.
_EXCLUDED: dict[str, str] = {
    "reviews.Notification": _("messages in a person's inbox, with links to the old ids; not the review's record"),
    "reviews.SectionPresence": _("who has a section open right now; lasts minutes"),
    "reviews.ImportJob": _("an upload being imported; its data is in the country's indicator series"),
}


def register_personal_fields(label: str, *fields: str) -> None:
    """Declare `fields` of model `label` personal data: listed in the manifest, left out on request."""
    _PERSONAL.setdefault(label, set()).update(fields)


def register_exclusion(label: str, reason) -> None:
    """Leave the rows of model `label` (or a many-to-many field "label.field") out of exports."""
    _EXCLUDED[label] = reason


def personal_fields() -> dict[str, set[str]]:
    return {label: set(fields) for label, fields in _PERSONAL.items()}


def exclusions() -> dict[str, str]:
    return dict(_EXCLUDED)
