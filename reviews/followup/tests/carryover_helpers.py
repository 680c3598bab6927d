"""Shared arrangement of the carry-over tests: a second VNR with content, and a third VNR
created from it."""

from django.forms.models import model_to_dict

from reviews.models import (
    GoalAssignment,
    Invitation,
    Membership,
    Ministry,
    ReportTemplate,
    Section,
    SectionRevision,
    TemplateQuestion,
)
from reviews.tests.factories import (
    GoalAssignmentFactory,
    MembershipFactory,
    MinistryFactory,
    ReportTemplateFactory,
    TemplateQuestionFactory,
    UserFactory,
)
from reviews.workspace.services.reviews import review_create


def fill_previous(review, goals, coordinator):
    """Ministries (one with a division), a matrix, a template, an outline with text, members."""
    health = MinistryFactory(review=review, name="Ministry of Health", acronym="MOH", focal_point_email="h@x.org")
    MinistryFactory(review=review, name="Primary care division", acronym="PCD", parent=health)
    education = MinistryFactory(review=review, name="Ministry of Education", acronym="MOE")
    GoalAssignmentFactory(review=review, ministry=health, goal=goals[2], role="lead")
    GoalAssignmentFactory(review=review, ministry=education, goal=goals[3], role="lead")
    GoalAssignmentFactory(review=review, ministry=education, goal=goals[2], role="associate")
    template = ReportTemplateFactory(review=review, version=2)
    TemplateQuestionFactory(template=template, key="progress", text="What progress?", position=0)
    TemplateQuestionFactory(template=template, key="gaps", text="Which gaps?", position=1)
    old = ReportTemplateFactory(review=review, version=1)
    TemplateQuestionFactory(template=old, key="old", text="Old question", position=0)
    intro = Section.objects.create(review=review, title="Introduction", position=0, content="<p>Our intro</p>")
    SectionRevision.objects.create(section=intro, number=1, content="<p>Our intro</p>")
    intro.version = 1
    intro.save()
    Section.objects.create(review=review, title="Context", position=0, parent=intro)
    Section.objects.create(review=review, title="Goal 3", position=1, kind="goal", goal=goals[2])
    editor = UserFactory(username="prev_editor", email="prev_editor@example.org")
    MembershipFactory(review=review, user=editor, role="editor")
    MembershipFactory(review=review, user=editor, role="reviewer")
    focal = UserFactory(username="prev_focal", email="prev_focal@example.org")
    MembershipFactory(review=review, user=focal, role="focal_point", ministry=health)
    return {"health": health, "education": education, "editor": editor, "focal": focal}


def third_review(review, coordinator, *, title="Third VNR of Aurelia", year=2031):
    return review_create(
        actor=coordinator,
        country=review.country,
        title=title,
        hlpf_year=year,
        languages=["en"],
        previous_review=review,
    )


REVIEW_MODELS = [
    (Ministry, "review"),
    (GoalAssignment, "review"),
    (ReportTemplate, "review"),
    (TemplateQuestion, "template__review"),
    (Section, "review"),
    (SectionRevision, "section__review"),
    (Membership, "review"),
    (Invitation, "review"),
]


def rows_of(review, models=REVIEW_MODELS) -> dict:
    """Every row of `review` in the carried-over models, as plain values (for before/after)."""
    review.refresh_from_db()
    rows = {"review": model_to_dict(review, exclude=["cover_image", "published_pdf"])}
    for model, path in models:
        rows[model.__name__] = sorted(
            (model_to_dict(row) for row in model.objects.filter(**{path: review})), key=lambda r: r["id"]
        )
    return rows
