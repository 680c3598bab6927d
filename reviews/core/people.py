"""How a person is named in a review's records (the audit log), with or without their
contact details.

A member of the public signs up with an e-mail address, which is also their user name,
and picks a display name; that name is kept by the app that runs the public portal,
which `reviews` never imports. It hands its names in instead (the registry pattern, as
the report's annexes): `register_display_names(resolver)`, where `resolver(user_ids)`
returns `{user_id: display name}` in one query; `StakeholdersConfig.ready()`
registers the portal's.

`people_label(users, with_contact=…)` then names each person: their display name (else
their full name, else their user name unless it is an e-mail address) and, only for
someone allowed to see contact details (`reviews.view_contact_details`), their e-mail
address beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

DisplayNameResolver = Callable[[list[int]], dict[int, str]]
_RESOLVERS: dict[str, DisplayNameResolver] = {}


def register_display_names(name: str, resolver: DisplayNameResolver) -> None:
    """Add a source of display names; registering a name again replaces it."""
    _RESOLVERS[name] = resolver


def unregister_display_names(name: str) -> None:
    _RESOLVERS.pop(name, None)


@dataclass(frozen=True)
class PersonLabel:
    name: str
    email: str = ""


def _looks_like_an_address(text: str) -> bool:
    return "@" in text


def people_label(users: Iterable, *, with_contact: bool) -> dict[int, PersonLabel]:
    """{user id: PersonLabel} for `users`: one query per registered resolver, whatever
    their number. `email` is filled only `with_contact`; the name never shows an address
    to anyone else."""
    people = {user.pk: user for user in users if user is not None}
    names: dict[int, str] = {}
    ids = sorted(people)
    if ids:
        for resolver in _RESOLVERS.values():
            for user_id, name in resolver(ids).items():
                if name and user_id not in names:
                    names[user_id] = name
    labels = {}
    for user_id, user in people.items():
        name = names.get(user_id) or user.get_full_name() or user.get_username()
        if _looks_like_an_address(name) and not with_contact:
            name = _("A member of the public")
        email = (user.email or "") if with_contact else ""
        labels[user_id] = PersonLabel(name=name, email="" if email == name else email)
    return labels
