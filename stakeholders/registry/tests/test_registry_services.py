import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reviews.models import AuditEntry
from stakeholders.models import Contact, StakeholderCategory
from stakeholders.registry import exports, selectors
from stakeholders.registry.services import categories, organisations, unique_names
from stakeholders.tests.factories import (
    ActivityFactory,
    ActivityParticipationFactory,
    CategoryFactory,
    ContactFactory,
    OrganisationFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def names(review) -> list[str]:
    return list(StakeholderCategory.objects.filter(review=review).values_list("name", flat=True))


# --- Categories -----------------------------------------------------------------------


def test_categories_ensure_defaults_creates_the_defaults_once(review, coordinator):
    assert categories.categories_ensure_defaults(review, actor=coordinator) == 11
    assert categories.categories_ensure_defaults(review, actor=coordinator) == 0
    assert names(review)[:3] == ["Civil society", "Private sector", "Academia"]
    assert set(StakeholderCategory.objects.filter(review=review, at_risk=True).values_list("key", flat=True)) == {
        "youth",
        "women",
        "disability",
        "left_behind",
    }
    assert AuditEntry.objects.filter(review=review, action="stakeholders.category_defaults").count() == 1


def test_categories_ensure_defaults_leaves_a_review_with_categories_alone(review):
    CategoryFactory(review=review, name="Farmers")
    assert categories.categories_ensure_defaults(review) == 0
    assert names(review) == ["Farmers"]


def test_category_create_refuses_a_duplicate_name_whatever_its_case(review, coordinator):
    categories.category_create(actor=coordinator, review=review, name="Farmers")
    with pytest.raises(ValidationError) as error:
        categories.category_create(actor=coordinator, review=review, name="  FARMERS ")
    assert error.value.message_dict == {"name": ["This review already has a category with this name."]}
    assert names(review) == ["Farmers"]


def test_category_create_puts_it_last(review, coordinator):
    categories.categories_ensure_defaults(review)
    categories.category_create(actor=coordinator, review=review, name="Farmers", at_risk=True)
    assert names(review)[-1] == "Farmers"
    assert AuditEntry.objects.filter(review=review, action="stakeholders.category_create").count() == 1


def test_category_move_swaps_neighbours_and_stops_at_the_ends(review, coordinator):
    a, b, c = (categories.category_create(actor=coordinator, review=review, name=n) for n in "ABC")
    assert categories.category_move(actor=coordinator, category=c, direction="up") is True
    assert names(review) == ["A", "C", "B"]
    assert categories.category_move(actor=coordinator, category=a, direction="up") is False
    assert categories.category_move(actor=coordinator, category=b, direction="down") is False
    assert names(review) == ["A", "C", "B"]


def test_category_delete_refused_while_organisations_use_it(review, coordinator):
    category = CategoryFactory(review=review, name="Farmers")
    OrganisationFactory(review=review, category=category)
    with pytest.raises(ValidationError) as error:
        categories.category_delete(actor=coordinator, category=category)
    assert error.value.messages == [
        "“Farmers” cannot be deleted: 1 organisation belongs to it. Move it to another category first."
    ]
    assert names(review) == ["Farmers"]


def test_category_delete_refused_when_participation_was_counted_in_it(review, coordinator):
    category = CategoryFactory(review=review, name="Farmers")
    ActivityParticipationFactory(activity=ActivityFactory(review=review), category=category, count=3)
    with pytest.raises(ValidationError):
        categories.category_delete(actor=coordinator, category=category)
    assert names(review) == ["Farmers"]


def test_category_delete_removes_an_unused_category_and_audits(review, coordinator):
    category = CategoryFactory(review=review, name="Farmers")
    categories.category_delete(actor=coordinator, category=category)
    assert names(review) == []
    assert AuditEntry.objects.get(review=review, action="stakeholders.category_delete").summary == "Farmers"


# --- Organisations and contacts -------------------------------------------------------


def test_organisation_create_refuses_a_category_of_another_review(review, other_review, coordinator):
    foreign = CategoryFactory(review=other_review)
    with pytest.raises(ValidationError) as error:
        organisations.organisation_create(actor=coordinator, review=review, name="X", category=foreign)
    assert error.value.message_dict == {"category": ["Choose one of this review's categories."]}


def test_organisation_create_refuses_a_duplicate_name(review, coordinator):
    category = CategoryFactory(review=review)
    organisations.organisation_create(actor=coordinator, review=review, name="Red Cross", category=category)
    with pytest.raises(ValidationError) as error:
        organisations.organisation_create(actor=coordinator, review=review, name="red  cross", category=category)
    assert error.value.message_dict == {"name": ["This review already has an organisation with this name."]}


def test_organisation_list_filters_by_language_category_region_and_search(review):
    youth = CategoryFactory(review=review, name="Youth")
    OrganisationFactory(review=review, name="Alpha", category=youth, languages=["en", "fr"], region="North")
    OrganisationFactory(review=review, name="Beta", languages=["fr"], region="South", description="farmers union")
    OrganisationFactory(review=review, name="Gamma", languages=["zh-Hans"], region="North")

    def listed(**filters):
        return [o.name for o in selectors.organisation_list(review, **filters)]

    assert listed(language="fr") == ["Alpha", "Beta"]
    assert listed(language="zh-Hans") == ["Gamma"]
    assert listed(category=youth) == ["Alpha"]
    assert listed(region="north") == ["Alpha", "Gamma"]
    assert listed(search="FARMERS") == ["Beta"]
    assert listed(language="fr", region="North") == ["Alpha"]


def test_contact_create_records_consent_and_who_added_it_without_personal_data_in_the_audit(review, coordinator):
    organisation = OrganisationFactory(review=review, name="Red Cross")
    contact = organisations.contact_create(
        actor=coordinator,
        organisation=organisation,
        name="Ana Silva",
        position="",
        email="ana@example.org",
        phone="",
        consent_note="Signed form",
        consent_date=datetime.date(2026, 5, 3),
    )
    assert (contact.recorded_by, timezone.localtime(contact.consent_at).date()) == (
        coordinator,
        datetime.date(2026, 5, 3),
    )
    entry = AuditEntry.objects.get(review=review, action="stakeholders.contact_create")
    assert (entry.actor, entry.summary) == (coordinator, "Contact added to Red Cross")
    assert "Ana" not in str(entry.data) and "ana@" not in str(entry.data)


def test_contact_create_refuses_consent_in_the_future_or_without_a_note(review, coordinator):
    organisation = OrganisationFactory(review=review)
    with pytest.raises(ValidationError) as error:
        organisations.contact_create(
            actor=coordinator,
            organisation=organisation,
            name="Ana",
            consent_note=" ",
            consent_date=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert set(error.value.message_dict) == {"consent_date"}
    with pytest.raises(ValidationError) as error:
        organisations.contact_create(
            actor=coordinator,
            organisation=organisation,
            name="Ana",
            consent_note=" ",
            consent_date=timezone.localdate(),
        )
    assert error.value.message_dict == {"consent_note": ["Say how the person gave consent to keep their details."]}
    assert Contact.objects.count() == 0


def test_organisation_delete_takes_its_contacts(review, coordinator):
    contact = ContactFactory(organisation=OrganisationFactory(review=review))
    organisations.organisation_delete(actor=coordinator, organisation=contact.organisation)
    assert Contact.objects.count() == 0
    assert AuditEntry.objects.get(action="stakeholders.organisation_delete").data["contacts_deleted"] == 1


def test_organisation_export_rows_are_formula_safe_and_without_contacts(review):
    ContactFactory(organisation=OrganisationFactory(review=review, name='=HYPERLINK("x")', acronym="+1"), name="Ana")
    rows = exports.organisation_export_rows(review)
    assert rows[1][:2] == ['\'=HYPERLINK("x")', "'+1"]
    assert "Ana" not in str(rows)


# --- Map ------------------------------------------------------------------------------


def test_engagement_map_places_organisations_and_flags_targeted_gaps(review):
    youth = CategoryFactory(review=review, name="Youth")
    women = CategoryFactory(review=review, name="Women")
    CategoryFactory(review=review, name="Farmers")
    dropped = CategoryFactory(review=review, name="Dropped")
    OrganisationFactory(review=review, name="Youth Parliament", category=youth, interest=5, influence=2)
    ActivityFactory(review=review).audience.set([youth, women])
    ActivityFactory(review=review, status="cancelled").audience.set([dropped])
    result = selectors.engagement_map(review)
    assert [[o.name for o in cell.organisations] for cell in result.rows[0][1]] == [
        [],
        ["Youth Parliament"],
        [],
        [],
        [],
    ]
    assert result.rows[0][0] == 5
    assert [c.name for c in result.targeted_gaps] == ["Women"]
    assert [c.name for c in result.empty] == ["Dropped", "Farmers", "Women"]


def test_a_name_taken_by_a_concurrent_request_becomes_a_field_error(review):
    CategoryFactory(review=review, name="Farmers")
    with pytest.raises(ValidationError) as error:
        unique_names.save_unique(StakeholderCategory(review=review, name="Farmers"), "Taken.")
    assert error.value.message_dict == {"name": ["Taken."]}
