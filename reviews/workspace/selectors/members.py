"""Reads of memberships: the people of a review with the roles they hold."""

from dataclasses import dataclass, field

from reviews.core.models import MemberRole, Membership, Review


@dataclass
class Person:
    """One person of a review with the memberships (roles) they hold in it."""

    user: object
    memberships: list[Membership] = field(default_factory=list)


def member_list(review: Review) -> list[Person]:
    """The review's members, one entry per person (by name), roles in MemberRole order.

    One query (memberships with their user and ministry).
    """
    order = {role: index for index, role in enumerate(MemberRole.values)}
    people: dict[int, Person] = {}
    memberships = Membership.objects.filter(review=review).select_related("user", "ministry")
    for membership in memberships.order_by("user__last_name", "user__first_name", "user__username", "pk"):
        people.setdefault(membership.user_id, Person(user=membership.user)).memberships.append(membership)
    for person in people.values():
        person.memberships.sort(key=lambda m: order.get(m.role, len(order)))
    return list(people.values())
