"""How moderation names a contributor, and the public page of a contribution."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from stakeholders.portal.models import Contribution


def looks_like_email(text: str) -> bool:
    """Whether `text` is an e-mail address (never shown as a contributor's name)."""
    try:
        validate_email(text)
    except ValidationError:
        return False
    return True


def display_name(user) -> str:
    """The name a contributor shows with their contributions, never an e-mail address
    (public accounts are named by their e-mail, and a display name may default to it)."""
    if user is None:
        return ""
    profile = getattr(user, "contributor", None)
    for name in ((profile.display_name if profile is not None else ""), user.get_full_name(), user.get_username()):
        name = (name or "").strip()
        if name and not looks_like_email(name):
            return name
    return _("Contributor %(number)s") % {"number": user.pk}


def contributor_name(contribution: Contribution) -> str:
    """The name moderators see for who gave `contribution`: for one received offline, the
    person or group staff entered it for (never the staff member's own name)."""
    if contribution.is_offline:
        return contribution.given_by or _("A participant (received offline)")
    return display_name(contribution.author)


def name_flaggers(contribution: Contribution) -> None:
    """Give each of the contribution's (prefetched) flags `user_name`, the name the
    moderators see for who flagged it (`display_name`, never an e-mail address)."""
    for flag in contribution.flags.all():
        flag.user_name = display_name(flag.user)


def public_round_url(contribution: Contribution) -> str:
    round_ = contribution.round
    try:
        return (
            reverse("stakeholders:portal-round", args=[round_.review_id, round_.pk])
            # The round's page sends this on to the part and page that show it, at its anchor.
            + f"?contribution={contribution.pk}"
        )
    except NoReverseMatch:  # the public page is built elsewhere; until then no link
        return ""
