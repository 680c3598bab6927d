"""Queries compiled once (vnr_portal/common/compiled.py): the same rows and objects as
the queryset they were compiled from, whatever the arguments of later calls."""

import datetime

import pytest
from django.db.models import Count

from reviews.core.models import Review
from reviews.tests.factories import ReviewFactory
from vnr_portal.common.compiled import compiled_objects, compiled_rows


def _review_with_country(pk):
    return Review.objects.select_related("country").filter(pk=pk)


def _review_with_portal(pk):
    return Review.objects.select_related("portal", "previous_review").filter(pk=pk)


def _reviews_of_country(country_id):
    return Review.objects.filter(country_id=country_id).annotate(members=Count("memberships")).order_by("pk")


def _titles_of_country(country_id):
    return Review.objects.filter(country_id=country_id).order_by("pk").values_list("pk", "title")


def _title_not_a_parameter(pk):
    return Review.objects.filter(pk=pk, title="fixed")


@pytest.mark.django_db
def test_objects_are_those_of_the_queryset_with_their_related_objects(review, other_review, django_assert_num_queries):
    for wanted in (review, other_review):  # the SQL kept from the first call, the arguments sent each time
        with django_assert_num_queries(1):
            (found,) = compiled_objects(_review_with_country, wanted.pk)
            assert found.country.name == wanted.country.name
        reloaded = Review.objects.get(pk=wanted.pk)
        assert {f.attname: getattr(found, f.attname) for f in Review._meta.concrete_fields} == {
            f.attname: getattr(reloaded, f.attname) for f in Review._meta.concrete_fields
        }
        assert found._state.adding is False and found._state.db == "default"


@pytest.mark.django_db
def test_values_go_through_the_model_converters(review):
    (found,) = compiled_objects(_review_with_country, review.pk)
    assert found.languages == ["en", "zh-Hans"]  # JSON, decoded
    assert found.is_record is False  # a boolean, not 0 on SQLite
    assert isinstance(found.created_at, datetime.datetime) and found.created_at.tzinfo is not None


@pytest.mark.django_db
def test_a_missing_one_to_one_and_a_missing_row(review, first_review):
    (found,) = compiled_objects(_review_with_portal, review.pk)
    assert getattr(found, "portal", None) is None
    assert found.previous_review.title == first_review.title
    assert compiled_objects(_review_with_portal, review.pk + 1000) == []


@pytest.mark.django_db
def test_annotations_are_set(review, first_review, coordinator, editor):
    found = compiled_objects(_reviews_of_country, review.country_id)
    assert [(r.pk, r.members) for r in found] == [(first_review.pk, 0), (review.pk, 2)]
    assert compiled_objects(_reviews_of_country, ReviewFactory().country_id)[0].members == 0


@pytest.mark.django_db
def test_rows(review, first_review):
    assert compiled_rows(_titles_of_country, review.country_id) == [
        (first_review.pk, first_review.title),
        (review.pk, review.title),
    ]


@pytest.mark.django_db
def test_a_query_whose_parameters_are_not_its_arguments_is_refused(review):
    with pytest.raises(ValueError, match="_title_not_a_parameter"):
        compiled_objects(_title_not_a_parameter, review.pk)
