"""Each permission that a page also lists is decided once, in reviews/rules.py: the list
(its queryset beside the predicate) and the check must agree for every person of the cast."""

import pytest

from reviews import rules as perms
from reviews.models import Country, ProgressReport, Review
from reviews.tests.factories import MembershipFactory, MinistryFactory, ProgressReportFactory, SectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

CAST = [
    "coordinator",
    "editor",
    "focal_a",
    "focal_b",
    "reviewer",
    "statistician",
    "council_member",
    "moderator",
    "outsider",
    "other_member",
    "superuser",
]


@pytest.fixture
def cast(request, review, ministry_a, ministry_b):
    return {name: request.getfixturevalue(name) for name in CAST}


# --- Reviews: "reviews.view_review" ---------------------------------------------------------


@pytest.mark.parametrize("who", CAST)
def test_review_list_and_view_check_agree(cast, first_review, other_review, who):
    user = cast[who]
    listed = set(perms.reviews_visible_to(user, Review.objects.all()))
    assert listed == {r for r in Review.objects.all() if user.has_perm("reviews.view_review", r)}


def test_review_list_shows_members_their_reviews_only(cast, review, other_review):
    assert list(perms.reviews_visible_to(cast["editor"], Review.objects.all())) == [review]
    assert list(perms.reviews_visible_to(cast["outsider"], Review.objects.all())) == []


# --- Countries: "reviews.add_review_country" --------------------------------------------------


@pytest.mark.parametrize("who", CAST)
def test_countries_for_a_new_review_and_add_check_agree(cast, other_review, who):
    user = cast[who]
    listed = set(perms.countries_for_new_review(user))
    assert listed == {c for c in Country.objects.all() if user.has_perm("reviews.add_review_country", c)}


def test_only_coordinators_get_countries_for_a_new_review(cast, country):
    assert list(perms.countries_for_new_review(cast["coordinator"])) == [country]
    assert list(perms.countries_for_new_review(cast["editor"])) == []


# --- Progress reports: "reviews.view_progressreport" -----------------------------------------


@pytest.fixture
def reports(review, ministry_a, ministry_b, goals):
    division = MinistryFactory(review=review, name="Directorate of Hospitals", parent=ministry_a)
    return [
        ProgressReportFactory(review=review, ministry=ministry, goal=goals[number])
        for ministry, number in ((ministry_a, 2), (ministry_b, 3), (division, 4))
    ]


@pytest.mark.parametrize("who", CAST)
def test_report_list_and_view_check_agree(cast, review, reports, who):
    user = cast[who]
    listed = set(perms.progress_reports_visible_to(user, review, ProgressReport.objects.filter(review=review)))
    assert listed == {r for r in reports if user.has_perm("reviews.view_progressreport", r)}


@pytest.mark.parametrize(
    ("who", "ministries"),
    [
        ("coordinator", {"Ministry of Health", "Ministry of Education", "Directorate of Hospitals"}),
        ("reviewer", {"Ministry of Health", "Ministry of Education", "Directorate of Hospitals"}),
        ("editor", {"Ministry of Health", "Ministry of Education", "Directorate of Hospitals"}),
        ("focal_a", {"Ministry of Health", "Directorate of Hospitals"}),
        ("focal_b", {"Ministry of Education"}),
        ("statistician", set()),
        ("council_member", set()),
        ("outsider", set()),
        ("other_member", set()),
    ],
)
def test_who_reads_which_reports(cast, review, reports, who, ministries):
    listed = perms.progress_reports_visible_to(cast[who], review, ProgressReport.objects.filter(review=review))
    assert {report.ministry.name for report in listed} == ministries


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("coordinator", True), ("reviewer", True), ("editor", True), ("superuser", True), ("focal_a", False)],
)
def test_report_tracker_is_for_the_roles_that_read_every_report(cast, review, who, allowed):
    assert cast[who].has_perm("reviews.view_report_tracker", review) is allowed


# --- Sections: who writes a section (`is_section_editor`) -------------------------------------


@pytest.mark.parametrize("assigned", [False, True], ids=["nobody-assigned", "one-assigned"])
def test_section_editors_and_the_editor_check_agree(cast, review, assigned):
    second_editor = MembershipFactory(review=review, role="editor").user
    section = SectionFactory(review=review)
    if assigned:
        section.editors.add(second_editor)
    people = {*cast.values(), second_editor}
    listed = set(perms.section_editors(section))
    assert listed == {user for user in people if perms.is_section_editor(user, section)}
    assert listed == ({second_editor} if assigned else {cast["editor"], second_editor})
