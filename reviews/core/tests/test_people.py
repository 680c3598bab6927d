"""How the audit log names people: display names from the registry, never an address for
those who may not see contact details."""

import pytest

from reviews.core import people
from reviews.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.unit]


@pytest.fixture
def registry():
    """Only this test's resolver in the registry; the project's ones are put back after."""
    saved = dict(people._RESOLVERS)
    people._RESOLVERS.clear()
    yield people
    people._RESOLVERS.clear()
    people._RESOLVERS.update(saved)


def test_registered_display_name_wins_and_the_address_is_for_contact_viewers(registry):
    user = UserFactory(username="pat@example.net", email="pat@example.net", first_name="", last_name="")
    registry.register_display_names("test", lambda ids: {user.pk: "Pat"} if user.pk in ids else {})

    assert registry.people_label([user], with_contact=False)[user.pk] == people.PersonLabel(name="Pat")
    assert registry.people_label([user], with_contact=True)[user.pk] == people.PersonLabel(
        name="Pat", email="pat@example.net"
    )


def test_an_address_used_as_a_name_is_never_shown_without_contact_rights(registry):
    user = UserFactory(username="pat@example.net", email="pat@example.net", first_name="", last_name="")

    label = registry.people_label([user], with_contact=False)[user.pk]

    assert label == people.PersonLabel(name="A member of the public")


def test_a_member_keeps_their_full_name(registry):
    user = UserFactory(username="ed", email="ed@example.org", first_name="Ed", last_name="Itor")

    assert registry.people_label([user, None], with_contact=False) == {user.pk: people.PersonLabel(name="Ed Itor")}


def test_people_label_asks_each_resolver_once_for_every_person(registry):
    calls = []
    registry.register_display_names("test", lambda ids: calls.append(list(ids)) or {})
    users = [UserFactory() for _n in range(3)]

    registry.people_label(users + users, with_contact=False)

    assert calls == [sorted(user.pk for user in users)]
