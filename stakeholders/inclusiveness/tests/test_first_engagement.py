"""The first VNR's engagement on the inclusiveness page: who took part by category and
what they said of it, entered on the baseline form and shown beside this review's
figures; and the engagement's share of the follow-up (the generated chapter's part, the
side-by-side figures)."""

import pytest
from django.urls import reverse

from stakeholders.inclusiveness.followup import engagement_chapter_part, engagement_comparison
from stakeholders.inclusiveness.selectors import inclusiveness_dashboard
from stakeholders.inclusiveness.services import baseline_save
from stakeholders.models import EngagementBaseline
from stakeholders.tests.factories import CategoryFactory, ContributionFactory, ContributorFactory, RoundFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def _url(review, name="inclusiveness-baseline"):
    return reverse(f"stakeholders:{name}", kwargs={"pk": review.pk})


@pytest.fixture
def engaged(review):
    """Youth (2 contributions by one person) and Women (none) in this review."""
    youth = CategoryFactory(review=review, name="Youth", position=0)
    CategoryFactory(review=review, name="Women", position=1)
    round_ = RoundFactory(review=review, title="First round", stage="consultation")
    person = ContributorFactory()
    for _ in range(2):
        ContributionFactory(round=round_, author=person, declared_category=youth, document=None, kind="general")
    return review


def test_the_coordinator_enters_who_took_part_and_what_they_said(client, engaged, coordinator):
    client.force_login(coordinator)

    response = client.post(
        _url(engaged),
        {
            "participants": "120",
            "by_category": "youth: 40\n\nTrade unions: 12\r\n",
            "feedback": "  The consultation came too late to change the report.  ",
        },
    )

    assert response.status_code == 302
    baseline = EngagementBaseline.objects.get(review=engaged)
    assert baseline.by_category == [{"name": "youth", "participants": 40}, {"name": "Trade unions", "participants": 12}]
    assert baseline.feedback == "The consultation came too late to change the report."
    page = client.get(_url(engaged, "inclusiveness")).content.decode()
    assert 'id="category-comparison"' in page
    assert "The consultation came too late to change the report." in page
    rows = {
        item["label"]: (item["first"], item["now"]) for item in inclusiveness_dashboard(engaged).category_comparison
    }
    # This review's categories matched by name (case aside), then the first VNR's others.
    assert rows == {"Youth": (40, 1), "Women": (None, 0), "Trade unions": (12, None)}
    form = client.get(_url(engaged)).context["form"]
    assert form.initial["by_category"] == "youth: 40\nTrade unions: 12"


@pytest.mark.parametrize(
    "text, message",
    [
        ("Youth 40", "Line 1: write the category, a colon and a whole number."),
        ("Youth: -4", "Line 1: write the category, a colon and a whole number."),
        ("Youth: 4.5", "Line 1: write the category, a colon and a whole number."),
        (": 4", "Line 1: write the category, a colon and a whole number."),
        ("Youth: 4\nYOUTH: 5", "Line 2: “YOUTH” is already listed."),
        ("x" * 121 + ": 3", "Line 1: the category&#x27;s name is too long (120 characters at most)."),
        ("\n".join(f"C{n}: 1" for n in range(51)), "At most 50 categories."),
        ('=HYPERLINK("http://x"): 3\nYouth: 1e9', "Line 2: write the category, a colon and a whole number."),
    ],
)
def test_bad_category_lines_are_named_and_nothing_is_saved(client, review, coordinator, text, message):
    client.force_login(coordinator)
    response = client.post(_url(review), {"by_category": text})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not EngagementBaseline.objects.exists()


def test_the_service_refuses_bad_rows(review, coordinator):
    from django.core.exceptions import ValidationError

    for rows in (
        [{"name": "", "participants": 1}],
        [{"name": "A", "participants": "3"}],
        [{"name": "A", "participants": 1}, {"name": "a", "participants": 2}],
    ):
        with pytest.raises(ValidationError):
            baseline_save(actor=coordinator, review=review, by_category=rows)
    assert not EngagementBaseline.objects.exists()


def test_entering_them_needs_manage_engagement(client, review, reviewer, coordinator):
    client.force_login(reviewer)
    assert client.post(_url(review), {"by_category": "Youth: 3"}).status_code == 403
    client.force_login(coordinator)
    assert client.post(_url(review), {"by_category": "Youth: 3"}).status_code == 302


def test_the_chapter_part_and_the_side_by_side_figures(engaged, coordinator):
    baseline_save(
        actor=coordinator,
        review=engaged,
        participants=120,
        felt_heard_percent=35,
        by_category=[{"name": "Youth", "participants": 40}],
        feedback="<b>Too late</b>",
    )

    html = engagement_chapter_part(engaged)

    assert '<th scope="row">Participants</th><td>120</td><td>1</td>' in html
    assert '<th scope="row">Youth</th><td>40</td><td>1</td>' in html
    assert "&lt;b&gt;Too late&lt;/b&gt;" in html
    figures = {label: (first, now) for label, first, now in engagement_comparison(engaged)}
    assert figures["Participants"] == (120, 1) and figures["Felt heard (%)"] == (35, None)


def test_nothing_to_say_without_engagement(review):
    review.previous_review = None
    review.save()
    assert engagement_chapter_part(review) == ""
    assert engagement_comparison(review) == []


def test_the_baseline_page_names_the_previous_vnr_mid_sentence_in_lower_case(client, review, coordinator):
    client.force_login(coordinator)
    page = client.get(_url(review)).content.decode()
    assert "<title>The engagement of the first VNR · " in page
    assert "The engagement of The" not in page
