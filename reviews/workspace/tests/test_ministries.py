import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reviews.models import AuditEntry, Ministry
from reviews.tests.factories import MinistryFactory
from reviews.workspace.services.ministries import ministry_save

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def test_ministry_save_creates_a_division_under_its_ministry(coordinator, review, ministry_a):
    division = ministry_save(
        actor=coordinator, review=review, ministry=Ministry(name="Public Health Division", parent=ministry_a)
    )
    assert division.parent == ministry_a
    assert AuditEntry.objects.filter(review=review, action="ministry.create").count() == 1


def test_ministry_save_refuses_a_parent_from_another_review(coordinator, review, other_review):
    foreign = MinistryFactory(review=other_review)
    with pytest.raises(ValidationError) as error:
        ministry_save(actor=coordinator, review=review, ministry=Ministry(name="X", parent=foreign))
    assert error.value.message_dict == {"parent": ["This ministry belongs to another review."]}


def test_ministry_save_refuses_a_cycle(coordinator, review, ministry_a):
    division = MinistryFactory(review=review, parent=ministry_a)
    ministry_a.parent = division
    with pytest.raises(ValidationError):
        ministry_save(actor=coordinator, review=review, ministry=ministry_a)
    assert Ministry.objects.get(pk=ministry_a.pk).parent is None


def test_ministry_name_unique_per_review_is_a_field_error(client, coordinator, review, ministry_a):
    client.force_login(coordinator)
    response = client.post(reverse("reviews:ministry-create", args=[review.pk]), {"name": "Ministry of Health"})
    assert "name" in response.context["form"].errors or "__all__" in response.context["form"].errors
    assert Ministry.objects.filter(review=review, name="Ministry of Health").count() == 1


def test_ministry_list_shows_divisions_below_their_ministry(client, focal_a, review, ministry_a, ministry_b):
    MinistryFactory(review=review, name="Public Health Division", parent=ministry_a)
    client.force_login(focal_a)
    response = client.get(reverse("reviews:ministry-list", args=[review.pk]))
    assert [(m.name, m.depth) for m in response.context["ministries"]] == [
        ("Ministry of Education", 0),
        ("Ministry of Health", 0),
        ("Public Health Division", 1),
    ]


@pytest.mark.parametrize("count", [2, 15], ids=["two", "fifteen"])
def test_ministry_list_query_budget(client, coordinator, review, count, django_assert_num_queries):
    for _n in range(count):
        parent = MinistryFactory(review=review)
        MinistryFactory(review=review, parent=parent)
    client.force_login(coordinator)
    with django_assert_num_queries(5):
        client.get(reverse("reviews:ministry-list", args=[review.pk]))


@pytest.mark.parametrize("who", ["editor", "focal_a", "other_member"])
def test_ministry_create_refused_without_coordinator_role(request, client, review, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("reviews:ministry-create", args=[review.pk]), {"name": "Ministry of Sneaking"})
    assert response.status_code == 403
    assert not Ministry.objects.filter(name="Ministry of Sneaking").exists()


def test_ministry_of_another_review_cannot_be_edited_through_mine(client, coordinator, review, other_review):
    foreign = MinistryFactory(review=other_review)
    client.force_login(coordinator)
    assert client.get(reverse("reviews:ministry-edit", args=[review.pk, foreign.pk])).status_code == 404


def test_ministry_delete_asks_then_deletes_with_divisions(client, coordinator, review, ministry_a):
    MinistryFactory(review=review, parent=ministry_a)
    client.force_login(coordinator)
    url = reverse("reviews:ministry-delete", args=[review.pk, ministry_a.pk])
    assert "Its 1 division will be deleted too." in client.get(url).content.decode()
    client.post(url)
    assert not Ministry.objects.filter(review=review, name__in=["Ministry of Health"]).exists()
    assert Ministry.objects.filter(review=review).count() == 0


@pytest.mark.parametrize(
    "name",
    ["<img src=x onerror=alert(1)>", '=HYPERLINK("http://example.invalid")', "العربية mixed English 中文", "a" * 201],
)
def test_ministry_hostile_names_are_stored_or_refused_cleanly(client, coordinator, review, name):
    client.force_login(coordinator)
    response = client.post(reverse("reviews:ministry-create", args=[review.pk]), {"name": name}, follow=True)
    assert response.status_code == 200
    if len(name) > 200:
        assert "name" in response.context["form"].errors
    else:
        assert Ministry.objects.filter(review=review, name=name).exists()
        assert "<img src=x" not in response.content.decode()
