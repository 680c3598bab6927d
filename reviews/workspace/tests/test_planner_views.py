import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from reviews.models import Milestone, Review
from reviews.tests.factories import MembershipFactory, MilestoneFactory, ReviewFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def detail_url(review):
    return reverse("reviews:review-detail", args=[review.pk])


def test_review_detail_redirects_anonymous_to_login(client, review):
    response = client.get(detail_url(review))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["outsider", "other_member"])
def test_review_detail_refused_outside_the_review(request, client, review, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(detail_url(review))
    assert response.status_code == 403
    assert "You do not have the role in this review" in response.content.decode()


def test_review_detail_shows_the_cycle_planner_to_a_member(client, focal_a, review, goals):
    MilestoneFactory(review=review, kind="report", title="Report due", due_date="2027-06-15")
    client.force_login(focal_a)
    page = client.get(detail_url(review)).content.decode()
    assert "Second VNR of Aurelia" in page
    assert "Report due" in page
    assert "Preparation checklist" in page
    assert "Goals without a lead:" in page
    assert "Edit the review" not in page  # a focal point does not manage the review


def test_review_detail_marks_late_and_due_items(client, coordinator, review):
    today = timezone.localdate()
    MilestoneFactory(review=review, title="Long overdue", due_date=today.replace(year=today.year - 1))
    MilestoneFactory(review=review, title="Due tomorrow", due_date=today + datetime.timedelta(days=1))
    client.force_login(coordinator)
    response = client.get(detail_url(review))
    milestones = {m.title: m.status for m in response.context["milestones"]}
    assert milestones == {"Long overdue": "late", "Due tomorrow": "due"}
    assert response.context["late_count"] == 1


@pytest.mark.parametrize("extra_items", [1, 12], ids=["few", "many"])
def test_review_detail_query_budget(client, coordinator, review, goals, extra_items, django_assert_num_queries):
    for n in range(extra_items):
        MilestoneFactory(review=review, title=f"M{n}", due_date="2027-01-01")
        review.tasks.create(title=f"T{n}", owner=coordinator)
    client.force_login(coordinator)
    with django_assert_num_queries(8):
        client.get(detail_url(review))


def test_review_create_by_coordinator_links_the_first_vnr(client, coordinator, country, first_review):
    client.force_login(coordinator)
    response = client.post(
        reverse("reviews:review-create"),
        {
            "country": country.pk,
            "title": "Third VNR",
            "hlpf_year": 2031,
            "languages": ["en", "ar"],
            "previous_review": first_review.pk,
        },
    )
    review = Review.objects.get(title="Third VNR")
    assert response.url == detail_url(review)
    assert (review.previous_review, review.languages) == (first_review, ["en", "ar"])


def test_review_create_refused_without_a_coordinator_role(client, editor):
    client.force_login(editor)
    assert client.get(reverse("reviews:review-create")).status_code == 403


def test_review_create_shows_field_error_for_another_countrys_review(client, coordinator, country, other_review):
    MembershipFactory(review=other_review, user=coordinator, role="coordinator")
    client.force_login(coordinator)
    response = client.post(
        reverse("reviews:review-create"),
        {
            "country": country.pk,
            "title": "Mixed",
            "hlpf_year": 2031,
            "languages": ["en"],
            "previous_review": other_review.pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "previous_review": ["The previous VNR must be a review of the same country."]
    }
    assert not Review.objects.filter(title="Mixed").exists()


def test_review_create_cannot_target_a_country_where_user_is_not_coordinator(client, coordinator, other_review):
    client.force_login(coordinator)
    response = client.post(
        reverse("reviews:review-create"),
        {"country": other_review.country.pk, "title": "Intrusion", "hlpf_year": 2031, "languages": ["en"]},
    )
    assert response.status_code == 200
    assert "country" in response.context["form"].errors
    assert not Review.objects.filter(title="Intrusion").exists()


@pytest.mark.parametrize("year", ["abc", "1e309", "-1", "99999999999999999999999", "١٢٣"])
def test_review_create_bad_year_is_a_field_error(client, coordinator, country, year):
    client.force_login(coordinator)
    response = client.post(
        reverse("reviews:review-create"), {"country": country.pk, "title": "T", "hlpf_year": year, "languages": ["en"]}
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["hlpf_year"]


def test_review_record_upload_refuses_a_non_pdf(client, coordinator, country):
    client.force_login(coordinator)
    response = client.post(
        reverse("reviews:review-record-create"),
        {
            "country": country.pk,
            "title": "Old",
            "hlpf_year": 2017,
            "published_pdf": SimpleUploadedFile("x.pdf", b"MZ\x90\x00"),
        },
    )
    assert response.context["form"].errors == {"published_pdf": ["This file is not a PDF."]}


def test_review_record_pdf_downloads_for_members_only(client, coordinator, outsider, country):
    client.force_login(coordinator)
    client.post(
        reverse("reviews:review-record-create"),
        {
            "country": country.pk,
            "title": "Old",
            "hlpf_year": 2017,
            "published_pdf": SimpleUploadedFile("r.pdf", b"%PDF-1.7 demo"),
        },
    )
    record = Review.objects.get(title="Old")
    url = reverse("reviews:review-published-pdf", args=[record.pk])
    assert b"".join(client.get(url).streaming_content) == b"%PDF-1.7 demo"
    client.force_login(outsider)
    assert client.get(url).status_code == 403


def test_review_edit_refused_for_editor(client, editor, review):
    client.force_login(editor)
    assert client.post(reverse("reviews:review-edit", args=[review.pk]), {"title": "Hijack"}).status_code == 403
    assert Review.objects.get(pk=review.pk).title == "Second VNR of Aurelia"


def test_milestone_edit_by_coordinator(client, coordinator, review):
    milestone = MilestoneFactory(review=review, title="Report due", due_date="2027-06-15")
    client.force_login(coordinator)
    client.post(
        reverse("reviews:milestone-edit", args=[review.pk, milestone.pk]),
        {"title": "Report due", "kind": "report", "due_date": "2027-06-10", "done_on": ""},
    )
    assert str(Milestone.objects.get(pk=milestone.pk).due_date) == "2027-06-10"


@pytest.mark.parametrize("date", ["2026-02-30", "0000-00-00", "31/12/2026", "2026-13-01"])
def test_milestone_bad_date_is_a_field_error(client, coordinator, review, date):
    milestone = MilestoneFactory(review=review, title="Report due", due_date="2027-06-15")
    client.force_login(coordinator)
    response = client.post(
        reverse("reviews:milestone-edit", args=[review.pk, milestone.pk]),
        {"title": "X", "kind": "report", "due_date": date},
    )
    assert list(response.context["form"].errors) == ["due_date"]
    assert str(Milestone.objects.get(pk=milestone.pk).due_date) == "2027-06-15"


def test_milestone_of_another_review_is_not_found(client, coordinator, review, other_review):
    milestone = MilestoneFactory(review=other_review, title="Theirs", due_date="2027-06-15")
    client.force_login(coordinator)
    assert client.get(reverse("reviews:milestone-edit", args=[review.pk, milestone.pk])).status_code == 404


def test_task_toggle_requires_post_and_role(client, coordinator, editor, review):
    task = review.tasks.create(title="Do it")
    url = reverse("reviews:task-toggle", args=[review.pk, task.pk])
    client.force_login(editor)
    assert client.post(url).status_code == 403
    client.force_login(coordinator)
    assert client.get(url).status_code == 405
    client.post(url)
    task.refresh_from_db()
    assert task.done_on is not None


def test_task_owner_choices_are_members_of_the_review(client, coordinator, editor, outsider, review):
    client.force_login(coordinator)
    response = client.get(reverse("reviews:task-create", args=[review.pk]))
    owners = set(response.context["form"].fields["owner"].queryset.values_list("username", flat=True))
    assert owners == {"coordinator", "editor"}


def test_hostile_title_is_escaped_on_the_planner(client, coordinator, review):
    review.tasks.create(title="<script>alert(1)</script>")
    client.force_login(coordinator)
    page = client.get(detail_url(review)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_audit_log_lists_entries_for_members(client, coordinator, editor, review):
    from reviews.workspace.services.reviews import review_update

    review_update(actor=coordinator, review=review, stage="consultation")
    client.force_login(editor)
    page = client.get(reverse("reviews:audit-log", args=[review.pk])).content.decode()
    assert "Stage changed from Drafting to Consultation" in page


def test_dashboard_lists_only_my_reviews(client, coordinator, review, other_review):
    client.force_login(coordinator)
    response = client.get(reverse("reviews:dashboard"))
    assert [r.title for r in response.context["reviews"]] == ["Second VNR of Aurelia"]


@pytest.mark.parametrize("count", [1, 6], ids=["one", "six"])
def test_dashboard_query_budget(client, count, django_assert_num_queries):
    user = UserFactory()
    for _n in range(count):
        MembershipFactory(user=user, review=ReviewFactory(), role="editor")
    client.force_login(user)
    # 5 of the dashboard, and 1 for the person's roles: read once, at `/` to choose the
    # dashboard over the public's landing (vnr_portal/home.py), and kept for the
    # waiting-vote flag's permission check.
    with django_assert_num_queries(6):
        response = client.get(reverse("reviews:dashboard"))
    assert len(response.context["reviews"]) == count


@pytest.mark.parametrize("entries", [1, 30], ids=["one", "thirty"])
def test_audit_log_query_budget(client, coordinator, review, entries, django_assert_num_queries):
    from reviews.core.audit import audit_record

    for n in range(entries):
        audit_record(review=review, actor=coordinator, action="test.entry", summary=f"Entry {n}")
    client.force_login(coordinator)
    with django_assert_num_queries(7):
        response = client.get(reverse("reviews:audit-log", args=[review.pk]))
    assert len(response.context["page"]) == entries
