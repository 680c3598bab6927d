import pytest
from django.core.exceptions import ValidationError

from reviews.followup.carryover import carryover_parts
from reviews.followup.selectors.carryover import carryover_entries
from reviews.followup.services.carryover import carryover_apply
from reviews.followup.tests.carryover_helpers import fill_previous, rows_of, third_review
from reviews.models import AuditEntry, GoalAssignment, Invitation, Membership, Ministry, Section
from reviews.tests.factories import (
    MembershipFactory,
    MinistryFactory,
    PastReviewContentFactory,
    ReviewFactory,
    SectionFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def previous(review, goals, coordinator):
    fill_previous(review, goals, coordinator)
    return review


@pytest.fixture
def target(previous, coordinator):
    return third_review(previous, coordinator)


def test_every_part_is_registered_in_order():
    keys = [part.key for part in carryover_parts()]
    for key in ["ministries", "matrix", "report_template", "outline", "outline_text", "members"]:
        assert key in keys
    assert keys.index("ministries") < keys.index("matrix")


def test_nothing_chosen_copies_nothing(previous, target, coordinator):
    with pytest.raises(ValidationError):
        carryover_apply(actor=coordinator, review=target, parts=[])
    assert not target.ministries.exists()


def test_an_unknown_part_is_refused(target, coordinator):
    with pytest.raises(ValidationError) as error:
        carryover_apply(actor=coordinator, review=target, parts=["ministries", "bogus"])
    assert "parts" in error.value.message_dict
    assert not target.ministries.exists()


def test_a_review_without_previous_is_refused(other_review, coordinator):
    with pytest.raises(ValidationError):
        carryover_apply(actor=coordinator, review=other_review, parts=["ministries"])


def test_outline_with_and_without_text_is_refused(target, coordinator):
    with pytest.raises(ValidationError):
        carryover_apply(actor=coordinator, review=target, parts=["outline", "outline_text"])


def test_ministries_only(previous, target, coordinator):
    results = carryover_apply(actor=coordinator, review=target, parts=["ministries"])
    assert [(r.key, r.count, r.refused) for r in results] == [("ministries", 3, "")]
    copied = {m.name: m for m in target.ministries.select_related("parent")}
    assert set(copied) == {"Ministry of Health", "Primary care division", "Ministry of Education"}
    assert copied["Primary care division"].parent == copied["Ministry of Health"]
    assert copied["Ministry of Health"].focal_point_email == "h@x.org"
    # Nothing else came along.
    assert not target.assignments.exists()
    assert not target.report_templates.exists()
    assert not Invitation.objects.filter(review=target).exists()
    assert [s.title for s in target.sections.filter(parent=None)][0] != "Introduction"


def test_matrix_maps_to_the_new_ministries(previous, target, coordinator, goals):
    carryover_apply(actor=coordinator, review=target, parts=["ministries", "matrix"])
    cells = {(c.ministry.name, c.goal.number, c.role) for c in GoalAssignment.objects.filter(review=target)}
    assert cells == {
        ("Ministry of Health", 3, "lead"),
        ("Ministry of Education", 4, "lead"),
        ("Ministry of Education", 3, "associate"),
    }
    assert all(c.ministry.review_id == target.pk for c in GoalAssignment.objects.filter(review=target))


def test_matrix_without_ministries_is_refused(previous, target, coordinator):
    results = carryover_apply(actor=coordinator, review=target, parts=["matrix"])
    assert results[0].refused.startswith("Carry over Ministries and divisions first")
    assert not target.assignments.exists()


def test_report_template_copies_the_current_version(previous, target, coordinator):
    carryover_apply(actor=coordinator, review=target, parts=["report_template"])
    template = target.report_templates.get()
    assert template.version == 1
    assert [(q.key, q.text) for q in template.questions.order_by("position")] == [
        ("progress", "What progress?"),
        ("gaps", "Which gaps?"),
    ]


def test_outline_copies_structure_without_text(previous, target, coordinator):
    results = carryover_apply(actor=coordinator, review=target, parts=["outline"])
    assert results[0].count == 3
    sections = {s.title: s for s in target.sections.select_related("parent")}
    assert set(sections) == {"Introduction", "Context", "Goal 3"}
    assert sections["Context"].parent == sections["Introduction"]
    assert sections["Goal 3"].goal.number == 3
    assert all(s.content == "" and s.version == 0 for s in sections.values())


def test_outline_with_text(previous, target, coordinator):
    carryover_apply(actor=coordinator, review=target, parts=["outline_text"])
    intro = target.sections.get(title="Introduction")
    assert intro.content == "<p>Our intro</p>"
    assert intro.revisions.get().author == coordinator


def test_members_are_invited_not_granted(previous, target, coordinator):
    carryover_apply(actor=coordinator, review=target, parts=["ministries", "members"])
    invitations = {i.email: i for i in Invitation.objects.filter(review=target).select_related("ministry")}
    assert set(invitations) == {"prev_editor@example.org", "prev_focal@example.org"}
    assert sorted(invitations["prev_editor@example.org"].roles) == ["editor", "reviewer"]
    assert invitations["prev_focal@example.org"].ministry.name == "Ministry of Health"
    assert invitations["prev_focal@example.org"].ministry.review_id == target.pk
    # Only the creator is a member: nobody granted silently.
    assert list(Membership.objects.filter(review=target).values_list("user__username", flat=True)) == ["coordinator"]


def test_members_twice_does_not_invite_twice(previous, target, coordinator):
    carryover_apply(actor=coordinator, review=target, parts=["members"])
    carryover_apply(actor=coordinator, review=target, parts=["members"])
    assert Invitation.objects.filter(review=target, email="prev_editor@example.org").count() == 1


def test_the_previous_review_is_unchanged(previous, target, coordinator):
    before = rows_of(previous)
    carryover_apply(
        actor=coordinator,
        review=target,
        parts=["ministries", "matrix", "report_template", "outline_text", "members"],
    )
    assert rows_of(previous) == before


def test_each_part_is_audited(previous, target, coordinator):
    carryover_apply(actor=coordinator, review=target, parts=["ministries", "report_template"])
    entries = list(carryover_entries(target))
    assert [(e.data["part"], e.data["count"], e.actor) for e in entries] == [
        ("ministries", 3, coordinator),
        ("report_template", 2, coordinator),
    ]
    assert not AuditEntry.objects.filter(review=previous, action="followup.carryover").exists()


def test_a_part_already_there_is_refused_and_nothing_lost(previous, target, coordinator):
    MinistryFactory(review=target, name="Ministry of Finance")
    section = target.sections.first()
    section.content = "<p>Written already</p>"
    section.version = 1
    section.save()
    outline_before = list(target.sections.values_list("pk", "title", "content"))
    results = carryover_apply(actor=coordinator, review=target, parts=["ministries", "outline", "report_template"])
    refused = {r.key: r.refused for r in results}
    assert "already has this part" in refused["ministries"]
    assert "already has this part" in refused["outline"]
    assert refused["report_template"] == ""
    assert list(Ministry.objects.filter(review=target).values_list("name", flat=True)) == ["Ministry of Finance"]
    assert list(target.sections.values_list("pk", "title", "content")) == outline_before
    assert [e.data["part"] for e in carryover_entries(target)] == ["report_template"]


def test_a_default_outline_gives_way(previous, target, coordinator):
    assert Section.objects.filter(review=target).count() > 3  # the Handbook's outline
    carryover_apply(actor=coordinator, review=target, parts=["outline"])
    assert Section.objects.filter(review=target).count() == 3


def test_outline_from_a_recorded_first_vnr_takes_its_chapters(review, coordinator):
    first = review.previous_review
    PastReviewContentFactory(review=first, chapters=["Introduction", "Policy environment", "Next steps"])
    MembershipFactory(review=first, user=coordinator, role="coordinator")
    results = carryover_apply(actor=coordinator, review=review, parts=["outline", "ministries"])
    assert {r.key: r.count for r in results} == {"outline": 3, "ministries": 0}
    assert list(review.sections.order_by("position").values_list("title", "parent")) == [
        ("Introduction", None),
        ("Policy environment", None),
        ("Next steps", None),
    ]


def test_outline_from_an_empty_record_keeps_the_default_outline(previous, coordinator):
    first = previous.previous_review
    target = ReviewFactory(country=previous.country, hlpf_year=2030, previous_review=first)
    SectionFactory(review=target, title="Kept")
    results = carryover_apply(actor=coordinator, review=target, parts=["outline"])
    assert results[0].count == 0
    assert list(target.sections.values_list("title", flat=True)) == ["Kept"]


def test_members_with_an_address_the_invitations_refuse_are_skipped(previous, target, coordinator):
    broken = MembershipFactory(review=previous, role="editor").user
    type(broken).objects.filter(pk=broken.pk).update(email="not an address")
    results = carryover_apply(actor=coordinator, review=target, parts=["ministries", "members"])
    assert results[-1].count == 2
    assert not Invitation.objects.filter(review=target, email="not an address").exists()


def test_a_focal_point_without_their_ministry_in_the_new_review_is_not_invited(previous, target, coordinator):
    carryover_apply(actor=coordinator, review=target, parts=["members"])
    assert list(Invitation.objects.filter(review=target).values_list("email", flat=True)) == ["prev_editor@example.org"]
