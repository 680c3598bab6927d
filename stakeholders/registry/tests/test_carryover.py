"""Stakeholders' parts of the carry-over (stakeholders/registry/carryover.py)."""

import datetime

import pytest
from django.forms.models import model_to_dict

from reviews.followup.services.carryover import carryover_apply
from reviews.workspace.services.reviews import review_create
from stakeholders.models import (
    Contact,
    EngagementActivity,
    Organisation,
    ResponseTemplate,
    StakeholderCategory,
    StandingGroup,
)
from stakeholders.tests.factories import (
    ActivityFactory,
    CategoryFactory,
    ContactFactory,
    OrganisationFactory,
    ResponseTemplateFactory,
    StandingGroupFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

MODELS = [
    (StakeholderCategory, "review"),
    (Organisation, "review"),
    (Contact, "organisation__review"),
    (StandingGroup, "review"),
    (EngagementActivity, "review"),
    (ResponseTemplate, "review"),
]


def rows_of(review):
    return {
        model.__name__: sorted(
            (model_to_dict(r) for r in model.objects.filter(**{path: review})), key=lambda r: r["id"]
        )
        for model, path in MODELS
    }


@pytest.fixture
def previous(review, coordinator):
    youth = CategoryFactory(review=review, name="Youth", key="youth", at_risk=True)
    business = CategoryFactory(review=review, name="Business")
    union = OrganisationFactory(review=review, name="Youth Union", category=youth, interest=5)
    chamber = OrganisationFactory(review=review, name="Chamber of Commerce", category=business)
    ContactFactory(organisation=union, name="Ana", email="ana@example.org")
    ContactFactory(organisation=union, name="No Consent", consent_note="")
    group = StandingGroupFactory(review=review, name="CSO platform", meets_every="Every month")
    group.organisations.set([union, chamber])
    workshop = ActivityFactory(
        review=review,
        title="Youth workshop",
        date=datetime.date(2027, 3, 1),
        status="held",
        outputs="Notes of the day",
        owner=coordinator,
    )
    workshop.audience.set([youth])
    ResponseTemplateFactory(review=review, classification="constructive", language="en", title="Thanks")
    return review


@pytest.fixture
def target(previous, coordinator):
    return review_create(
        actor=coordinator,
        country=previous.country,
        title="Third VNR",
        hlpf_year=2031,
        languages=["en"],
        previous_review=previous,
    )


def test_registry_copies_organisations_consented_contacts_and_groups(previous, target, coordinator):
    results = carryover_apply(actor=coordinator, review=target, parts=["stakeholders"])
    assert results[0].refused == ""
    organisations = {o.name: o for o in Organisation.objects.filter(review=target).select_related("category")}
    assert set(organisations) == {"Youth Union", "Chamber of Commerce"}
    assert organisations["Youth Union"].category.review_id == target.pk
    assert organisations["Youth Union"].category.at_risk
    assert organisations["Youth Union"].interest == 5
    assert list(Contact.objects.filter(organisation__review=target).values_list("name", flat=True)) == ["Ana"]
    group = StandingGroup.objects.get(review=target)
    assert group.meets_every == "Every month"
    assert {o.name for o in group.organisations.all()} == {"Youth Union", "Chamber of Commerce"}
    assert all(o.review_id == target.pk for o in group.organisations.all())
    # Not chosen: not copied.
    assert not EngagementActivity.objects.filter(review=target).exists()
    assert not ResponseTemplate.objects.filter(review=target).exists()


def test_engagement_plan_structure_without_dates_or_outputs(previous, target, coordinator):
    carryover_apply(actor=coordinator, review=target, parts=["engagement_plan"])
    activity = EngagementActivity.objects.get(review=target)
    assert (activity.title, activity.stage, activity.kind) == ("Youth workshop", "consultation", "workshop")
    assert activity.date is None and activity.outputs == "" and activity.owner is None
    assert activity.status == "planned"
    assert [c.name for c in activity.audience.all()] == ["Youth"]
    assert activity.audience.get().review_id == target.pk
    assert not Organisation.objects.filter(review=target).exists()


def test_response_templates(previous, target, coordinator):
    carryover_apply(actor=coordinator, review=target, parts=["response_templates"])
    assert list(ResponseTemplate.objects.filter(review=target).values_list("title", "classification")) == [
        ("Thanks", "constructive")
    ]


def test_the_previous_review_is_unchanged(previous, target, coordinator):
    before = rows_of(previous)
    carryover_apply(actor=coordinator, review=target, parts=["stakeholders", "engagement_plan", "response_templates"])
    assert rows_of(previous) == before


def test_a_registry_already_there_is_refused(previous, target, coordinator):
    OrganisationFactory(review=target, name="Already here")
    ResponseTemplateFactory(review=target, classification="constructive", language="en", title="Mine")
    results = carryover_apply(actor=coordinator, review=target, parts=["stakeholders", "response_templates"])
    assert all("already has this part" in r.refused for r in results)
    assert list(Organisation.objects.filter(review=target).values_list("name", flat=True)) == ["Already here"]
    assert list(ResponseTemplate.objects.filter(review=target).values_list("title", flat=True)) == ["Mine"]
