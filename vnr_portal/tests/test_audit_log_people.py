"""The audit log names the public by the display name they chose; their e-mail address
only for the coordinators and moderators (issue 13, item 7). The names come from the
stakeholders' portal through the registry the project wires in vnr_portal/apps.py."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from reviews.core.audit import audit_record
from stakeholders.models import ContributorProfile

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

ADDRESS = "amina.citizen@example.net"


@pytest.fixture
def contributor(review):
    """A public account as the portal's sign-up makes one (the address is the user name),
    with an entry in the review's audit log."""
    user = get_user_model().objects.create_user(username=ADDRESS, email=ADDRESS, password="a long enough password")
    ContributorProfile.objects.create(user=user, display_name="Amina from Riverside")
    audit_record(review=review, actor=user, action="stakeholders.contribution", summary="Contribution to “Round 1”")
    return user


def _audit_page(client, review, user) -> str:
    client.force_login(user)
    response = client.get(reverse("reviews:audit-log", args=[review.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", ["coordinator", "moderator"])
def test_coordinators_and_moderators_see_the_address(client, request, review, contributor, who):
    page = _audit_page(client, review, request.getfixturevalue(who))

    assert ("Amina from Riverside" in page, f'href="mailto:{ADDRESS}"' in page) == (True, True)


@pytest.mark.parametrize("who", ["editor", "reviewer", "council_member", "focal_a", "statistician"])
def test_other_members_see_the_display_name_and_no_address_anywhere(client, request, review, contributor, who):
    page = _audit_page(client, review, request.getfixturevalue(who))

    assert ("Amina from Riverside" in page, ADDRESS in page, "amina.citizen" in page) == (True, False, False)


def test_contact_details_follow_the_predicate(review, coordinator, moderator, editor, reviewer):
    assert {
        user.username: user.has_perm("reviews.view_contact_details", review)
        for user in (coordinator, moderator, editor, reviewer)
    } == {"coordinator": True, "moderator": True, "editor": False, "reviewer": False}
