import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from reviews.followup.selectors.carryover import recorded_chapter_lines, recorded_commitment_lines
from reviews.followup.tests.carryover_helpers import fill_previous, rows_of, third_review
from reviews.models import AuditEntry, Invitation, Review
from reviews.tests.factories import MembershipFactory, MinistryFactory, ReviewFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def previous(review, goals, coordinator):
    fill_previous(review, goals, coordinator)
    return review


@pytest.fixture
def target(previous, coordinator):
    return third_review(previous, coordinator)


def choose_url(review):
    return reverse("reviews:followup-carryover", args=[review.pk])


def result_url(review):
    return reverse("reviews:followup-carryover-result", args=[review.pk])


# --- Permissions ----------------------------------------------------------------------------


def test_coordinator_sees_the_choices(client, target, coordinator):
    client.force_login(coordinator)
    response = client.get(choose_url(target))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Start from the previous review" in page
    for label in ["Ministries and divisions", "The role matrix", "The progress-report template", "Members, invited"]:
        assert label in page
    assert "Second VNR of Aurelia" in page


def test_superuser_may_carry_over(client, target, superuser):
    client.force_login(superuser)
    assert client.get(choose_url(target)).status_code == 200


@pytest.mark.parametrize("role", ["editor", "reviewer", "focal_point", "statistician"])
def test_other_roles_may_not_carry_over(client, target, role):
    user = MembershipFactory(
        review=target, role=role, ministry=MinistryFactory(review=target) if role == "focal_point" else None
    ).user
    client.force_login(user)
    assert client.get(choose_url(target)).status_code == 403
    assert client.post(choose_url(target), {"parts": ["ministries"]}).status_code == 403
    assert not AuditEntry.objects.filter(review=target, action="followup.carryover").exists()
    assert not target.ministries.filter(name="Ministry of Health").exists()


def test_outsider_and_other_country_may_not(client, target, outsider, other_member):
    for user in (outsider, other_member):
        client.force_login(user)
        assert client.get(choose_url(target)).status_code == 403


def test_a_coordinator_who_cannot_see_the_previous_review_may_not(client, target, previous):
    stranger = MembershipFactory(review=target, role="coordinator").user
    client.force_login(stranger)
    assert client.get(choose_url(target)).status_code == 403


def test_a_review_without_previous_refuses(client, other_review, other_member):
    client.force_login(other_member)
    assert client.get(choose_url(other_review)).status_code == 403


def test_a_frozen_review_refuses(client, target, coordinator):
    Review.objects.filter(pk=target.pk).update(frozen_at=timezone.now())
    client.force_login(coordinator)
    assert client.get(choose_url(target)).status_code == 403


def test_unknown_review_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("reviews:followup-carryover", args=[999999])).status_code == 404
    assert client.get(reverse("reviews:followup-carryover-result", args=[999999])).status_code == 404


def test_the_result_page_is_for_members(client, target, previous, coordinator, outsider):
    editor = MembershipFactory(review=target, role="editor").user
    client.force_login(editor)
    response = client.get(result_url(target))
    assert response.status_code == 200
    assert "Nothing has been carried over yet." in response.content.decode()
    assert "Carry over more parts" not in response.content.decode()
    client.force_login(outsider)
    assert client.get(result_url(target)).status_code == 403


# --- Carrying over --------------------------------------------------------------------------


def test_post_carries_over_and_lists_the_result(client, target, previous, coordinator):
    before = rows_of(previous)
    client.force_login(coordinator)
    response = client.post(choose_url(target), {"parts": ["ministries", "matrix", "members"]}, follow=True)
    assert response.redirect_chain[-1][0] == result_url(target)
    page = response.content.decode()
    assert '<th scope="row">Ministries and divisions</th><td>3</td>' in page
    assert '<th scope="row">The role matrix</th><td>3</td>' in page
    assert '<th scope="row">Members, invited again</th><td>2</td>' in page
    assert target.ministries.count() == 3
    assert not target.report_templates.exists()
    assert Invitation.objects.filter(review=target).count() == 2
    assert rows_of(previous) == before


def test_refused_part_is_said(client, target, previous, coordinator):
    MinistryFactory(review=target, name="Ministry of Finance")
    client.force_login(coordinator)
    page = client.get(choose_url(target)).content.decode()
    assert "This review already has it" in page
    response = client.post(choose_url(target), {"parts": ["ministries"]}, follow=True)
    page = response.content.decode()
    assert "Ministries and divisions: The new review already has this part" in page
    assert list(target.ministries.values_list("name", flat=True)) == ["Ministry of Finance"]


@pytest.mark.parametrize(
    "data, message",
    [
        ({"go": "1"}, "Choose at least one of the listed parts."),
        ({"parts": ["bogus"]}, "Select a valid choice."),
        ({"parts": ["outline", "outline_text"]}, "either with or without its text"),
    ],
)
def test_bad_input_rerenders_with_the_error(client, target, coordinator, data, message):
    client.force_login(coordinator)
    response = client.post(choose_url(target), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AuditEntry.objects.filter(review=target, action="followup.carryover").exists()


@pytest.mark.parametrize("ministries", [1, 60])
def test_choose_page_query_count(client, target, previous, coordinator, ministries, django_assert_num_queries):
    for index in range(ministries):
        MinistryFactory(review=previous, name=f"Extra ministry {index}")
        MinistryFactory(review=target, name=f"Target ministry {index}")
    client.force_login(coordinator)
    client.get(choose_url(target))
    with django_assert_num_queries(15):
        response = client.get(choose_url(target))
    assert response.status_code == 200


@pytest.mark.parametrize("parts", [1, 3])
def test_result_page_query_count(client, target, coordinator, parts, django_assert_num_queries):
    chosen = ["ministries", "report_template", "outline"][:parts]
    client.force_login(coordinator)
    client.post(choose_url(target), {"parts": chosen})
    client.get(result_url(target))
    with django_assert_num_queries(5):
        response = client.get(result_url(target))
    assert response.content.decode().count('<th scope="row">') == parts


# --- The creation flow ----------------------------------------------------------------------


def test_creating_a_review_with_a_previous_one_leads_to_the_choice(client, previous, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("reviews:review-create"),
        {
            "country": previous.country_id,
            "title": "Third VNR",
            "hlpf_year": 2031,
            "languages": ["en"],
            "previous_review": previous.pk,
        },
    )
    created = Review.objects.get(title="Third VNR")
    assert response.url == choose_url(created)


def test_creating_a_review_without_previous_goes_to_the_review(client, coordinator, review):
    client.force_login(coordinator)
    response = client.post(
        reverse("reviews:review-create"),
        {"country": review.country_id, "title": "Standalone", "hlpf_year": 2033, "languages": ["en"]},
    )
    assert response.url == reverse("reviews:review-detail", args=[Review.objects.get(title="Standalone").pk])


def test_start_the_next_vnr_from_this_one(client, previous, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("reviews:review-detail", args=[previous.pk])).content.decode()
    assert f"?previous={previous.pk}" in page
    form_page = client.get(reverse("reviews:review-create") + f"?previous={previous.pk}").content.decode()
    assert f'<option value="{previous.pk}" selected>' in form_page


@pytest.mark.parametrize("value", ["abc", "999999", "-1", ""])
def test_start_the_next_vnr_bad_parameter(client, coordinator, review, value):
    client.force_login(coordinator)
    response = client.get(reverse("reviews:review-create") + f"?previous={value}")
    assert response.status_code == 200
    select = response.content.decode().split('name="previous_review"')[1].split("</select>")[0]
    assert not re.search(r'<option value="\d+" selected>', select)


def test_start_the_next_vnr_of_another_country_is_not_preselected(client, coordinator, other_review):
    client.force_login(coordinator)
    page = client.get(reverse("reviews:review-create") + f"?previous={other_review.pk}").content.decode()
    assert f'value="{other_review.pk}"' not in page


# --- Recording a first VNR made outside the portal -----------------------------------------

RECORD_URL = "reviews:followup-record-create"


def pdf(content=b"%PDF-1.4 a report"):
    return SimpleUploadedFile("vnr.pdf", content, content_type="application/pdf")


def test_record_a_first_vnr(client, coordinator, review, media):
    client.force_login(coordinator)
    response = client.post(
        reverse(RECORD_URL),
        {
            "country": review.country_id,
            "title": "First VNR of Aurelia, 2017",
            "hlpf_year": 2017,
            "published_pdf": pdf(),
            "chapters": "Introduction\n\n  Policy environment \nGoal 1",
            "commitments": "Adopt a data strategy\nSet up the SDG council\n",
        },
    )
    recorded = Review.objects.get(title="First VNR of Aurelia, 2017")
    assert response.url == reverse("reviews:review-detail", args=[recorded.pk])
    assert recorded.is_record and recorded.published_pdf
    assert recorded_chapter_lines(recorded) == ["Introduction", "Policy environment", "Goal 1"]
    assert recorded_commitment_lines(recorded) == ["Adopt a data strategy", "Set up the SDG council"]
    assert AuditEntry.objects.filter(review=recorded, action="followup.record").exists()
    page = client.get(response.url).content.decode()
    assert "<li><bdi>Policy environment</bdi></li>" in page
    assert "<li><bdi>Set up the SDG council</bdi></li>" in page


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"published_pdf": "not-a-pdf"}, "published_pdf", "This file is not a PDF."),
        ({"hlpf_year": 1999}, "hlpf_year", "greater than or equal to 2016"),
        ({"commitments": "x\n" * 301}, "commitments", "At most 300 lines."),
        ({"chapters": "y" * 1001}, "chapters", "at most 1,000 characters"),
        ({"hlpf_year": 2027}, "", "Review with this Country and Year presented at the HLPF already exists"),
    ],
)
def test_record_bad_input(client, coordinator, review, media, change, field, message):
    client.force_login(coordinator)
    data = {"country": review.country_id, "title": "First VNR", "hlpf_year": 2017, "published_pdf": pdf()}
    if change.get("published_pdf") == "not-a-pdf":
        change = {"published_pdf": pdf(b"GIF89a not a pdf")}
    data.update(change)
    response = client.post(reverse(RECORD_URL), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Review.objects.filter(title="First VNR").exists()


def test_record_refused_to_a_non_coordinator(client, editor, outsider):
    for user in (editor, outsider):
        client.force_login(user)
        assert client.get(reverse(RECORD_URL)).status_code == 403


def test_record_of_another_country_is_refused(client, coordinator, other_review):
    client.force_login(coordinator)
    response = client.post(
        reverse(RECORD_URL), {"country": other_review.country_id, "title": "Not mine", "hlpf_year": 2017}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Review.objects.filter(title="Not mine").exists()


def test_record_form_for_coordinator(client, coordinator, review):
    client.force_login(coordinator)
    page = client.get(reverse(RECORD_URL)).content.decode()
    assert "Record a first VNR made outside the portal" in page
    assert 'name="chapters"' in page and 'name="commitments"' in page


def test_dashboard_links_to_the_record_form(client, coordinator, review):
    client.force_login(coordinator)
    assert reverse(RECORD_URL) in client.get(reverse("reviews:dashboard")).content.decode()


def test_recorded_lines_of_an_ordinary_review_are_empty(review):
    assert recorded_commitment_lines(review) == []
    assert recorded_chapter_lines(ReviewFactory()) == []


def test_a_record_never_carries_over(client, coordinator, review):
    record = ReviewFactory(
        country=review.country, hlpf_year=2023, is_record=True, stage="published", previous_review=review
    )
    MembershipFactory(review=record, user=coordinator, role="coordinator")
    client.force_login(coordinator)
    assert client.get(choose_url(record)).status_code == 403


def test_from_a_recorded_first_vnr_the_page_says_what_it_can_take(client, review, coordinator):
    MembershipFactory(review=review.previous_review, user=coordinator, role="coordinator")
    client.force_login(coordinator)
    page = client.get(choose_url(review)).content.decode()
    assert "only its recorded chapters can be carried over" in page
