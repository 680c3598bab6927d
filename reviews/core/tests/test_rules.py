import pytest

from reviews.tests.factories import MembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.unit]

ROLES = ["coordinator", "editor", "focal_a", "reviewer", "statistician", "council_member", "moderator"]


@pytest.mark.parametrize("role", ROLES)
def test_view_review_allowed_for_every_role(request, review, role):
    user = request.getfixturevalue(role)
    assert user.has_perm("reviews.view_review", review) is True


@pytest.mark.parametrize("who", ["outsider", "other_member"])
def test_view_review_refused_outside_the_review(request, review, who):
    assert request.getfixturevalue(who).has_perm("reviews.view_review", review) is False


def test_view_review_allowed_for_superuser(superuser, review):
    assert superuser.has_perm("reviews.view_review", review) is True


@pytest.mark.parametrize("perm", ["change_review", "manage_members", "manage_ministries", "change_matrix"])
def test_management_perms_allowed_for_coordinator(coordinator, review, perm):
    assert coordinator.has_perm(f"reviews.{perm}", review) is True


@pytest.mark.parametrize("role", ["editor", "focal_a", "reviewer", "statistician", "council_member", "moderator"])
@pytest.mark.parametrize("perm", ["change_review", "manage_members", "manage_ministries", "change_matrix"])
def test_management_perms_refused_for_other_roles(request, review, role, perm):
    assert request.getfixturevalue(role).has_perm(f"reviews.{perm}", review) is False


def test_coordinator_of_another_review_cannot_manage_this_one(other_member, review):
    assert other_member.has_perm("reviews.change_review", review) is False


def test_roles_are_per_review(coordinator, review, other_review):
    """A coordinator here who is only an editor elsewhere cannot manage the other review."""
    MembershipFactory(review=other_review, user=coordinator, role="editor")
    assert coordinator.has_perm("reviews.change_review", review) is True
    assert coordinator.has_perm("reviews.view_review", other_review) is True
    assert coordinator.has_perm("reviews.change_review", other_review) is False


def test_object_perms_follow_the_objects_review(coordinator, editor, ministry_a, other_review):
    from reviews.tests.factories import MinistryFactory

    other_ministry = MinistryFactory(review=other_review)
    assert coordinator.has_perm("reviews.change_ministry", ministry_a) is True
    assert editor.has_perm("reviews.change_ministry", ministry_a) is False
    assert coordinator.has_perm("reviews.change_ministry", other_ministry) is False


def test_add_review_for_country_needs_a_coordinator_there(coordinator, editor, other_member, country):
    assert coordinator.has_perm("reviews.add_review_country", country) is True
    assert editor.has_perm("reviews.add_review_country", country) is False
    assert other_member.has_perm("reviews.add_review_country", country) is False


def test_membership_lookup_is_cached_per_user(coordinator, review, django_assert_num_queries):
    coordinator.has_perm("reviews.view_review", review)
    with django_assert_num_queries(0):
        for _ in range(5):
            coordinator.has_perm("reviews.change_review", review)


@pytest.mark.parametrize("perm", ["manage_ministries", "change_matrix"])
def test_a_past_review_record_has_no_ministries_or_matrix_to_manage(first_review, perm):
    from reviews.tests.factories import UserFactory

    user = UserFactory()
    MembershipFactory(review=first_review, user=user, role="coordinator")
    assert user.has_perm("reviews.change_review", first_review) is True
    assert user.has_perm(f"reviews.{perm}", first_review) is False
