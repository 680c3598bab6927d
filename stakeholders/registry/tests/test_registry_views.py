import csv
import io
import re

import pytest

from reviews.models import AuditEntry
from stakeholders.models import Contact, Organisation, StakeholderCategory
from stakeholders.tests.factories import (
    ActivityFactory,
    CategoryFactory,
    ContactFactory,
    GroupMeetingFactory,
    OrganisationFactory,
    StandingGroupFactory,
)
from stakeholders.tests.helpers import HOSTILE, form_errors, url
from vnr_portal.common.text import one_line

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def category(review):
    return CategoryFactory(review=review, name="Civil society")


@pytest.fixture
def organisation(review, category):
    return OrganisationFactory(review=review, name="Red Cross Society", category=category, interest=4, influence=5)


@pytest.fixture
def contact(organisation):
    return ContactFactory(organisation=organisation, name="Ana Silva", email="ana.silva@example.org")


# --- Hub ------------------------------------------------------------------------------


def test_hub_anonymous_is_sent_to_login(client, review):
    response = client.get(url("engagement", review))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["outsider", "other_member", "focal_a"])
def test_hub_refused_without_an_engagement_role(client, review, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url("engagement", review)).status_code == 403


def test_hub_first_visit_of_a_manager_creates_the_default_categories(client, review, coordinator):
    client.force_login(coordinator)
    response = client.get(url("engagement", review))
    assert response.status_code == 200
    assert response.context["figures"].categories == 11
    assert StakeholderCategory.objects.filter(review=review).count() == 11


def test_hub_reviewer_sees_figures_without_creating_categories(client, review, reviewer, organisation):
    ActivityFactory(review=review, status="held")
    ActivityFactory(review=review)
    client.force_login(reviewer)
    response = client.get(url("engagement", review))
    figures = response.context["figures"]
    assert (figures.organisations, figures.activities_planned, figures.activities_held) == (1, 1, 1)
    assert StakeholderCategory.objects.filter(review=review).count() == 1
    assert url("organisation-list", review) in response.content.decode()


@pytest.mark.parametrize("size", [1, 4])
def test_hub_query_budget(client, review, coordinator, size, django_assert_num_queries):
    for _ in range(size):
        ContactFactory(organisation=OrganisationFactory(review=review))
        ActivityFactory(review=review)
    client.force_login(coordinator)
    client.get(url("engagement", review))
    with django_assert_num_queries(11):
        assert client.get(url("engagement", review)).status_code == 200


# --- Categories -----------------------------------------------------------------------


def test_categories_reviewer_reads_without_the_add_form(client, review, reviewer, category):
    client.force_login(reviewer)
    response = client.get(url("engagement-categories", review))
    assert [c.name for c in response.context["categories"]] == ["Civil society"]
    assert b'name="new-name"' not in response.content


def test_categories_first_visit_of_a_manager_creates_the_defaults(client, review, editor):
    client.force_login(editor)
    response = client.get(url("engagement-categories", review))
    assert [c.name for c in response.context["categories"]][:2] == ["Civil society", "Private sector"]


def test_categories_reviewer_cannot_add(client, review, reviewer):
    client.force_login(reviewer)
    assert client.post(url("engagement-categories", review), {"new-name": "Farmers"}).status_code == 403
    assert not StakeholderCategory.objects.filter(review=review).exists()


def test_categories_editor_adds_one(client, review, editor):
    client.force_login(editor)
    response = client.post(url("engagement-categories", review), {"new-name": "Farmers", "new-at_risk": "on"})
    assert response.status_code == 302
    assert list(StakeholderCategory.objects.filter(review=review, key="").values_list("name", "at_risk")) == [
        ("Farmers", True)
    ]


@pytest.mark.parametrize(
    "name, message",
    [
        ("   ", "This field is required."),
        ("a\x00b", "Null characters are not allowed."),
        ("x" * 121, "Ensure this value has at most 120 characters (it has 121)."),
        ("CIVIL SOCIETY", "This review already has a category with this name."),
    ],
    ids=["blank", "nul", "long", "duplicate"],
)
def test_categories_bad_name_shows_the_message_and_saves_nothing(client, review, editor, category, name, message):
    client.force_login(editor)
    response = client.post(url("engagement-categories", review), {"new-name": name})
    assert response.status_code == 200
    assert form_errors(response) == {"name": [message]}
    assert StakeholderCategory.objects.filter(review=review).count() == 1


def test_category_rename_and_mark_at_risk(client, review, coordinator, category):
    client.force_login(coordinator)
    response = client.post(url("engagement-category-edit", review, category.pk), {"name": "NGOs", "at_risk": "on"})
    assert response.status_code == 302
    category.refresh_from_db()
    assert (category.name, category.at_risk) == ("NGOs", True)


def test_category_of_another_review_is_not_found(client, review, other_review, coordinator):
    foreign = CategoryFactory(review=other_review)
    client.force_login(coordinator)
    assert client.get(url("engagement-category-edit", review, foreign.pk)).status_code == 404


def test_category_move_reorders(client, review, coordinator, category):
    other = CategoryFactory(review=review, name="Academia", position=5)
    client.force_login(coordinator)
    client.post(url("engagement-category-move", review, other.pk), {"direction": "up"})
    assert list(StakeholderCategory.objects.filter(review=review).values_list("name", flat=True)) == [
        "Academia",
        "Civil society",
    ]


def test_category_delete_refused_with_a_message_when_used(client, review, coordinator, organisation, category):
    client.force_login(coordinator)
    response = client.post(url("engagement-category-delete", review, category.pk), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "“Civil society” cannot be deleted: 1 organisation belongs to it. Move it to another category first."
    ]
    assert StakeholderCategory.objects.filter(pk=category.pk).exists()


def test_category_delete_reviewer_refused(client, review, reviewer, category):
    client.force_login(reviewer)
    assert client.post(url("engagement-category-delete", review, category.pk)).status_code == 403
    assert StakeholderCategory.objects.filter(pk=category.pk).exists()


# --- Organisation list ----------------------------------------------------------------


def test_organisation_list_shows_language_names(client, review, reviewer, category):
    OrganisationFactory(review=review, category=category, languages=["en", "zh-Hans"])
    client.force_login(reviewer)
    response = client.get(url("organisation-list", review))
    assert "English, Chinese (Simplified)" in response.content.decode()


def test_organisation_list_filters_and_keeps_them_across_pages(client, review, reviewer, category):
    for n in range(30):
        OrganisationFactory(review=review, name=f"Org {n:02}", category=category, languages=["fr"], region="North")
    OrganisationFactory(review=review, name="Other", category=category, languages=["en"])
    client.force_login(reviewer)
    response = client.get(url("organisation-list", review), {"language": "fr", "region": "North"})
    page = response.context["page"]
    assert (page.paginator.count, len(page.object_list)) == (30, 25)
    assert "?language=fr&amp;region=North&amp;page=2" in response.content.decode()


def test_organisation_list_bad_filter_shows_the_message(client, review, reviewer, organisation):
    client.force_login(reviewer)
    response = client.get(url("organisation-list", review), {"category": "abc"})
    assert response.status_code == 200
    assert response.context["filters"].errors["category"]
    assert response.context["page"].paginator.count == 1


@pytest.mark.parametrize("size", [1, 30])
def test_organisation_list_query_budget(client, review, coordinator, category, size, django_assert_num_queries):
    for n in range(size):
        OrganisationFactory(review=review, category=CategoryFactory(review=review), region=f"R{n}")
    client.force_login(coordinator)
    with django_assert_num_queries(8):
        response = client.get(url("organisation-list", review))
    assert response.status_code == 200


def test_organisation_list_refused_to_outsider(client, review, outsider):
    client.force_login(outsider)
    assert client.get(url("organisation-list", review)).status_code == 403


# --- Organisation create / edit / delete ----------------------------------------------


def organisation_data(category, **overrides):
    data = {
        "name": "Youth Parliament",
        "acronym": "YP",
        "category": category.pk,
        "region": "North",
        "languages": ["en", "zh-Hans"],
        "website": "https://youth.example.org",
        "description": "",
        "interest": "5",
        "influence": "2",
    }
    data.update(overrides)
    return data


def test_organisation_create_by_editor(client, review, editor, category):
    client.force_login(editor)
    response = client.post(url("organisation-create", review), organisation_data(category))
    organisation = Organisation.objects.get(review=review)
    assert response["Location"] == url("organisation-detail", review, organisation.pk)
    assert (organisation.languages, organisation.interest, organisation.influence) == (["en", "zh-Hans"], 5, 2)
    assert AuditEntry.objects.filter(review=review, action="stakeholders.organisation_create", actor=editor).exists()


@pytest.mark.parametrize("who", ["reviewer", "moderator", "other_member"])
def test_organisation_create_refused_without_manage_role(client, review, category, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.post(url("organisation-create", review), organisation_data(category)).status_code == 403
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("website", "javascript:alert(1)", "Enter a valid URL."),
        ("interest", "1e309", "Select a valid choice. 1e309 is not one of the available choices."),
        ("influence", "١٢٣", "Select a valid choice. ١٢٣ is not one of the available choices."),
        ("languages", ["xx"], "Select a valid choice. xx is not one of the available choices."),
        ("name", "a\x00b", "Null characters are not allowed."),
        ("description", "x" * 100000, "Ensure this value has at most 2000 characters (it has 100000)."),
    ],
    ids=["js-url", "huge-number", "arabic-digits", "language", "nul", "long"],
)
def test_organisation_create_bad_input_shows_the_message_and_saves_nothing(
    client, review, coordinator, category, field, value, message
):
    client.force_login(coordinator)
    response = client.post(url("organisation-create", review), organisation_data(category, **{field: value}))
    assert response.status_code == 200
    assert form_errors(response) == {field: [message]}
    assert not Organisation.objects.exists()


def test_organisation_create_category_of_another_review_refused(client, review, other_review, coordinator):
    foreign = CategoryFactory(review=other_review)
    client.force_login(coordinator)
    response = client.post(url("organisation-create", review), organisation_data(foreign))
    assert list(form_errors(response)) == ["category"]


def test_organisation_edit_duplicate_name_shows_the_message(client, review, coordinator, organisation, category):
    OrganisationFactory(review=review, name="Taken", category=category)
    client.force_login(coordinator)
    response = client.post(url("organisation-edit", review, organisation.pk), organisation_data(category, name="taken"))
    assert form_errors(response) == {"name": ["This review already has an organisation with this name."]}
    assert response.context["organisation"].name == "Red Cross Society"
    organisation.refresh_from_db()
    assert organisation.name == "Red Cross Society"


def test_organisation_edit_saves(client, review, coordinator, organisation, category):
    client.force_login(coordinator)
    client.post(url("organisation-edit", review, organisation.pk), organisation_data(category, name="Red Crescent"))
    organisation.refresh_from_db()
    assert (organisation.name, organisation.influence) == ("Red Crescent", 2)


def test_organisation_delete(client, review, coordinator, contact):
    client.force_login(coordinator)
    assert client.get(url("organisation-delete", review, contact.organisation.pk)).status_code == 200
    client.post(url("organisation-delete", review, contact.organisation.pk))
    assert (Organisation.objects.count(), Contact.objects.count()) == (0, 0)


def test_organisation_delete_refused_to_reviewer(client, review, reviewer, organisation):
    client.force_login(reviewer)
    assert client.post(url("organisation-delete", review, organisation.pk)).status_code == 403
    assert Organisation.objects.count() == 1


# --- Organisation page and contacts ---------------------------------------------------


@pytest.mark.parametrize("who", ["coordinator", "editor", "moderator"])
def test_organisation_detail_taskforce_sees_contacts(client, review, contact, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url("organisation-detail", review, contact.organisation.pk))
    assert [c.name for c in response.context["contacts"]] == ["Ana Silva"]
    assert "ana.silva@example.org" in response.content.decode()


def test_organisation_detail_reviewer_sees_the_organisation_without_contacts(client, review, reviewer, contact):
    client.force_login(reviewer)
    response = client.get(url("organisation-detail", review, contact.organisation.pk))
    content = response.content.decode()
    assert response.status_code == 200 and response.context["contacts"] is None
    assert "Red Cross Society" in content
    assert "Ana Silva" not in content and "ana.silva@example.org" not in content


def test_organisation_of_another_review_is_not_found(client, review, other_review, coordinator):
    foreign = OrganisationFactory(review=other_review)
    client.force_login(coordinator)
    assert client.get(url("organisation-detail", review, foreign.pk)).status_code == 404


def test_organisation_detail_refused_to_a_member_of_another_review(client, review, other_member, organisation):
    client.force_login(other_member)
    assert client.get(url("organisation-detail", review, organisation.pk)).status_code == 403


@pytest.mark.parametrize("size", [1, 5])
def test_organisation_detail_query_budget(client, review, coordinator, organisation, size, django_assert_num_queries):
    for _ in range(size):
        ContactFactory(organisation=organisation, recorded_by=coordinator)
    client.force_login(coordinator)
    with django_assert_num_queries(7):
        assert client.get(url("organisation-detail", review, organisation.pk)).status_code == 200


def contact_data(**overrides):
    data = {
        "name": "Ben Osei",
        "position": "Director",
        "email": "ben@example.org",
        "phone": "+233 20 000",
        "consent_date": "2026-05-03",
        "consent_note": "Signed form at the workshop of 3 May",
    }
    data.update(overrides)
    return data


def test_contact_create_records_consent_and_audits_who_added_it(client, review, editor, organisation):
    client.force_login(editor)
    response = client.post(url("organisation-contact-create", review, organisation.pk), contact_data())
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.name, contact.recorded_by, contact.consent_note) == (
        "Ben Osei",
        editor,
        "Signed form at the workshop of 3 May",
    )
    entry = AuditEntry.objects.get(review=review, action="stakeholders.contact_create")
    assert entry.actor == editor


@pytest.mark.parametrize(
    "overrides, errors",
    [
        ({"consent_note": ""}, {"consent_note": ["This field is required."]}),
        ({"consent_date": ""}, {"consent_date": ["This field is required."]}),
        ({"consent_date": "2026-02-30"}, {"consent_date": ["Enter a valid date."]}),
        ({"consent_date": "9999-12-31"}, {"consent_date": ["Consent cannot have been given in the future."]}),
        ({"email": "<script>@x"}, {"email": ["Enter a valid email address."]}),
    ],
    ids=["no-note", "no-date", "bad-date", "future", "bad-email"],
)
def test_contact_create_without_valid_consent_saves_nothing(client, review, editor, organisation, overrides, errors):
    client.force_login(editor)
    response = client.post(url("organisation-contact-create", review, organisation.pk), contact_data(**overrides))
    assert form_errors(response) == errors
    assert not Contact.objects.exists()


@pytest.mark.parametrize("who", ["moderator", "reviewer"])
def test_contact_create_refused_without_manage_role(client, review, organisation, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.post(url("organisation-contact-create", review, organisation.pk), contact_data()).status_code == 403
    assert not Contact.objects.exists()


def test_contact_edit_and_delete(client, review, coordinator, contact):
    client.force_login(coordinator)
    organisation = contact.organisation
    client.post(url("organisation-contact-edit", review, organisation.pk, contact.pk), contact_data(name="Ana S."))
    contact.refresh_from_db()
    assert contact.name == "Ana S."
    client.post(url("organisation-contact-delete", review, organisation.pk, contact.pk))
    assert not Contact.objects.exists()
    assert list(
        AuditEntry.objects.filter(review=review, action__startswith="stakeholders.contact")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["stakeholders.contact_update", "stakeholders.contact_delete"]


def test_contact_of_another_organisation_is_not_found(client, review, coordinator, contact, category):
    other = OrganisationFactory(review=review, category=category)
    client.force_login(coordinator)
    assert client.get(url("organisation-contact-edit", review, other.pk, contact.pk)).status_code == 404


# --- Export ---------------------------------------------------------------------------


def test_organisation_csv_is_formula_safe_and_has_no_contacts(client, review, reviewer, category):
    for value in HOSTILE["csv_formula"]:
        ContactFactory(
            organisation=OrganisationFactory(review=review, name=value, category=category, region=value),
            name="Secret Person",
        )
    client.force_login(reviewer)
    response = client.get(url("organisation-csv", review))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["name", "acronym", "category"]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t")) for row in rows[1:] for cell in row)
    # Names are stored on one line (a leading tab goes), then neutralised.
    assert sorted(row[0] for row in rows[1:]) == sorted("'" + one_line(value) for value in HOSTILE["csv_formula"])
    assert "Secret Person" not in response.content.decode()


def test_organisation_csv_refused_to_outsider(client, review, outsider):
    client.force_login(outsider)
    assert client.get(url("organisation-csv", review)).status_code == 403


# --- Hostile text is stored and shown inert -------------------------------------------


def test_hostile_names_are_stored_and_shown_escaped(client, review, coordinator, category):
    client.force_login(coordinator)
    values = [v for v in HOSTILE["xss_html"] + HOSTILE["pdf_fetch"] if len(v) <= 200]
    for n, value in enumerate(values):
        response = client.post(
            url("organisation-create", review),
            organisation_data(category, name=value, acronym=str(n), description=value),
        )
        assert response.status_code == 302, value
    listing = client.get(url("organisation-list", review), {"page": 1}).content.decode()
    assert "<script>alert(1)</script>" not in listing
    organisation = Organisation.objects.get(review=review, name="<img src=x onerror=alert(1)>")
    page = client.get(url("organisation-detail", review, organisation.pk)).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img src=x" not in page


@pytest.mark.parametrize("value", [v for v in HOSTILE["text_edges"] if not v.startswith("LONG")])
def test_text_edges_in_an_organisation_name_never_500(client, review, coordinator, category, value):
    client.force_login(coordinator)
    response = client.post(url("organisation-create", review), organisation_data(category, name=value))
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert list(form_errors(response)) == ["name"]


# --- Map ------------------------------------------------------------------------------


def test_map_is_a_table_with_headers_and_flags_gaps(client, review, reviewer, organisation):
    youth = CategoryFactory(review=review, name="Youth", at_risk=True)
    ActivityFactory(review=review).audience.set([youth])
    client.force_login(reviewer)
    response = client.get(url("engagement-map", review))
    content = response.content.decode()
    assert content.count('<th scope="col" id="influence-') == 5
    assert content.count('<th scope="row" id="interest-') == 5
    assert 'headers="interest-4 influence-5"' in content
    assert [c.name for c in response.context["map"].targeted_gaps] == ["Youth"]
    assert 'id="targeted-gaps"' in content and "alert-warning" in content


def test_map_refused_to_outsider(client, review, outsider):
    client.force_login(outsider)
    assert client.get(url("engagement-map", review)).status_code == 403


@pytest.mark.parametrize("size", [1, 6])
def test_map_query_budget(client, review, reviewer, size, django_assert_num_queries):
    for n in range(size):
        category = CategoryFactory(review=review)
        OrganisationFactory(review=review, category=category, interest=n % 5 + 1)
        ActivityFactory(review=review).audience.set([category, CategoryFactory(review=review)])
    client.force_login(reviewer)
    with django_assert_num_queries(6):
        assert client.get(url("engagement-map", review)).status_code == 200


# --- Every page of the engagement area renders for a manager, and is refused to an outsider


@pytest.fixture
def everything(review, contact):
    group = StandingGroupFactory(review=review)
    meeting = GroupMeetingFactory(group=group, date="2026-05-01")
    activity = ActivityFactory(review=review)
    org = contact.organisation
    return [
        ("engagement", []),
        ("engagement-categories", []),
        ("engagement-category-edit", [org.category_id]),
        ("engagement-category-delete", [org.category_id]),
        ("engagement-map", []),
        ("organisation-list", []),
        ("organisation-create", []),
        ("organisation-detail", [org.pk]),
        ("organisation-edit", [org.pk]),
        ("organisation-delete", [org.pk]),
        ("organisation-contact-create", [org.pk]),
        ("organisation-contact-edit", [org.pk, contact.pk]),
        ("organisation-contact-delete", [org.pk, contact.pk]),
        ("group-list", []),
        ("group-create", []),
        ("group-detail", [group.pk]),
        ("group-edit", [group.pk]),
        ("group-meeting-create", [group.pk]),
        ("group-meeting-edit", [group.pk, meeting.pk]),
        ("activity-list", []),
        ("activity-create", []),
        ("activity-edit", [activity.pk]),
        ("activity-report", [activity.pk]),
    ]


def test_every_page_renders_for_a_coordinator_with_one_h1_in_the_engagement_tab(
    client, review, coordinator, everything
):
    client.force_login(coordinator)
    for name, args in everything:
        response = client.get(url(name, review, *args))
        content = response.content.decode()
        assert (name, response.status_code, content.count("<h1")) == (name, 200, 1)
        assert re.search(
            r'class="nav-link active"[^>]*href="{}"'.format(re.escape(url("engagement", review))), content
        ), name


def test_every_page_is_refused_to_a_member_of_another_review(client, review, other_member, everything):
    client.force_login(other_member)
    for name, args in everything:
        assert (name, client.get(url(name, review, *args)).status_code) == (name, 403)
