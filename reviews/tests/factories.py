"""Factories for every model of the reviews app, shared by the tests of all its features.

Rows that hang off a review take it from their parent (a report's round, ministry and
template belong to the report's review), so `ProgressReportFactory(review=review)` builds
a consistent report. Pass what a test is about; leave the rest to the defaults.
"""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from reviews.models import (
    AuditEntry,
    Ballot,
    Commitment,
    CommitmentDocument,
    CommitmentUpdate,
    CouncilVote,
    Country,
    Edition,
    GoalAssignment,
    ImportJob,
    Invitation,
    Membership,
    Milestone,
    Ministry,
    NationalStrategy,
    Notification,
    PastReviewContent,
    ProgressReport,
    ReportAnswer,
    ReportAttachment,
    ReportIncorporation,
    ReportingRound,
    ReportQuestionComment,
    ReportSubmission,
    ReportTemplate,
    Review,
    Section,
    SectionComment,
    SectionDecision,
    SectionImage,
    SectionMatch,
    SectionPresence,
    SectionRevision,
    SectionTranslation,
    SectorReview,
    SelfAssessment,
    SelfAssessmentAnswer,
    SelfAssessmentQuestion,
    SelfAssessmentRespondent,
    Stage,
    StrategyPillar,
    StrategyPriority,
    Task,
    TemplateQuestion,
)

# --- People, countries, reviews --------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}@example.org")
    email = factory.LazyAttribute(lambda o: o.username)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("correct-horse-battery")


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country

    name = factory.Sequence(lambda n: f"Country {n}")
    iso3 = factory.Sequence(lambda n: f"{chr(65 + n // 676 % 26)}{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    country = factory.SubFactory(CountryFactory)
    title = factory.Sequence(lambda n: f"Voluntary National Review {n}")
    hlpf_year = 2027
    languages = factory.LazyFunction(lambda: ["en"])
    stage = Stage.DRAFTING


class MinistryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ministry

    review = factory.SubFactory(ReviewFactory)
    name = factory.Sequence(lambda n: f"Ministry {n}")
    acronym = factory.Sequence(lambda n: f"M{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    review = factory.SubFactory(ReviewFactory)
    user = factory.SubFactory(UserFactory)
    role = "editor"


class GoalAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalAssignment

    ministry = factory.SubFactory(MinistryFactory)
    review = factory.SelfAttribute("ministry.review")
    goal = factory.SubFactory("indicators.tests.factories.GoalFactory")
    role = "lead"


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    review = factory.SubFactory(ReviewFactory)
    email = factory.Sequence(lambda n: f"invited{n}@example.org")
    roles = factory.LazyFunction(lambda: ["editor"])
    language = "en"
    invited_by = factory.SubFactory(UserFactory)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    review = factory.SubFactory(ReviewFactory)
    kind = Notification.Kind.OTHER
    message = factory.Sequence(lambda n: f"Message {n}")


class AuditEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEntry

    review = factory.SubFactory(ReviewFactory)
    action = "review.change"
    summary = factory.Sequence(lambda n: f"Change {n}")


# --- Planner ------------------------------------------------------------------------------


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    review = factory.SubFactory(ReviewFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_date = datetime.date(2027, 6, 15)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    review = factory.SubFactory(ReviewFactory)
    title = factory.Sequence(lambda n: f"Task {n}")


# --- Drafting -----------------------------------------------------------------------------


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    review = factory.SubFactory(ReviewFactory)
    title = factory.Sequence(lambda n: f"Section {n}")


class SectionRevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SectionRevision

    section = factory.SubFactory(SectionFactory)
    number = factory.SelfAttribute("section.version")
    content = factory.SelfAttribute("section.content")
    author = factory.SubFactory(UserFactory)


class SectionImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SectionImage

    section = factory.SubFactory(SectionFactory)
    image = factory.django.FileField(filename="picture.png", data=b"\x89PNG\r\n\x1a\n")
    content_type = "image/png"
    alt_text = "A picture"
    uploaded_by = factory.SubFactory(UserFactory)


class SectionTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SectionTranslation

    section = factory.SubFactory(SectionFactory)
    language = "fr"
    updated_by = factory.SubFactory(UserFactory)


class SectionCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SectionComment

    section = factory.SubFactory(SectionFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Comment {n}")


class SectionDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SectionDecision

    section = factory.SubFactory(SectionFactory)
    reviewer = factory.SubFactory(UserFactory)
    kind = SectionDecision.Kind.APPROVE
    revision_number = factory.SelfAttribute("section.version")


class SectionPresenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SectionPresence

    section = factory.SubFactory(SectionFactory)
    user = factory.SubFactory(UserFactory)


class CouncilVoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilVote

    review = factory.SubFactory(ReviewFactory)
    opened_by = factory.SubFactory(UserFactory)
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    quorum_percent = 50
    majority = "simple"


class BallotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ballot

    vote = factory.SubFactory(CouncilVoteFactory)
    voter = factory.SubFactory(UserFactory)
    choice = "approve"


def approved_section(review, reviewer, title, *, kind="other", version=1, position=0) -> Section:
    """A section approved by `reviewer` at its current version, written through the ORM
    (for tests about what comes after the review of sections, such as the council's vote)."""
    section = SectionFactory(
        review=review, title=title, kind=kind, version=version, status="approved", position=position
    )
    SectionDecisionFactory(
        section=section, reviewer=reviewer, kind=SectionDecision.Kind.APPROVE, revision_number=version
    )
    return section


# --- Publishing ---------------------------------------------------------------------------


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    review = factory.SubFactory(ReviewFactory)
    content_hash = factory.Sequence(lambda n: f"{n:064x}")
    requested_by = factory.SubFactory(UserFactory)


# --- Ministry progress reports ------------------------------------------------------------


class ReportTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportTemplate
        django_get_or_create = ("review", "version")  # one version 1 per review, shared by its reports

    review = factory.SubFactory(ReviewFactory)
    version = 1
    created_by = factory.SubFactory(UserFactory)


class TemplateQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TemplateQuestion

    template = factory.SubFactory(ReportTemplateFactory)
    key = factory.Sequence(lambda n: f"question-{n}")
    text = factory.Sequence(lambda n: f"Question {n}?")
    position = factory.Sequence(lambda n: n)


class ReportingRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingRound

    review = factory.SubFactory(ReviewFactory)
    title = factory.Sequence(lambda n: f"Round {n}")
    deadline = datetime.date(2027, 3, 31)


class ProgressReportFactory(factory.django.DjangoModelFactory):
    """A lead report; its round, ministry and template belong to its review."""

    class Meta:
        model = ProgressReport

    review = factory.SubFactory(ReviewFactory)
    round = factory.SubFactory(ReportingRoundFactory, review=factory.SelfAttribute("..review"))
    ministry = factory.SubFactory(MinistryFactory, review=factory.SelfAttribute("..review"))
    goal = factory.SubFactory("indicators.tests.factories.GoalFactory")
    template = factory.SubFactory(ReportTemplateFactory, review=factory.SelfAttribute("..review"))
    role = "lead"
    deadline = factory.SelfAttribute("round.deadline")


class ReportAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportAnswer

    report = factory.SubFactory(ProgressReportFactory)
    question_key = factory.Sequence(lambda n: f"question-{n}")
    value = "An answer"
    updated_by = factory.SubFactory(UserFactory)


class ReportAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportAttachment

    report = factory.SubFactory(ProgressReportFactory)
    question_key = factory.Sequence(lambda n: f"question-{n}")
    file = factory.django.FileField(filename="evidence.pdf", data=b"%PDF-1.4\n%%EOF\n")
    name = "evidence.pdf"
    content_type = "application/pdf"
    size = 15  # the bytes above
    uploaded_by = factory.SubFactory(UserFactory)


class ReportSubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportSubmission

    report = factory.SubFactory(ProgressReportFactory)
    number = factory.Sequence(lambda n: n + 1)
    answers = factory.LazyFunction(lambda: {"question-0": "An answer"})
    submitted_by = factory.SubFactory(UserFactory)


class ReportQuestionCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportQuestionComment

    submission = factory.SubFactory(ReportSubmissionFactory)
    question_key = factory.Sequence(lambda n: f"question-{n}")
    body = factory.Sequence(lambda n: f"Comment {n}")
    author = factory.SubFactory(UserFactory)


class ReportIncorporationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportIncorporation

    report = factory.SubFactory(ProgressReportFactory)
    section = factory.SubFactory(SectionFactory, review=factory.SelfAttribute("..report.review"))
    revision_number = 1
    by = factory.SubFactory(UserFactory)


# --- Evidence -------------------------------------------------------------------------------


class ImportJobFactory(factory.django.DjangoModelFactory):
    """An import asked from the import page (no file stored: for pages and permissions)."""

    class Meta:
        model = ImportJob

    review = factory.SubFactory(ReviewFactory)
    created_by = factory.SubFactory(UserFactory)
    files = factory.LazyFunction(lambda: [{"name": "indicator_1-1-1.csv", "path": "", "size": 0}])
    files_total = 1


class PastReviewContentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PastReviewContent

    review = factory.SubFactory(ReviewFactory, is_record=True, stage="published", hlpf_year=2019)
    chapters = factory.LazyFunction(lambda: ["Introduction", "Policy environment"])
    commitments = factory.LazyFunction(lambda: ["Set up the SDG council"])


# --- Follow-up ------------------------------------------------------------------------------


class SectionMatchFactory(factory.django.DjangoModelFactory):
    """A part of a second VNR compared with a chosen part of its first (side by side)."""

    class Meta:
        model = SectionMatch

    previous_section = factory.SubFactory(SectionFactory, review__is_record=True, review__hlpf_year=2019)
    section = factory.SubFactory(
        SectionFactory,
        review__country=factory.SelfAttribute("...previous_section.review.country"),
        review__previous_review=factory.SelfAttribute("...previous_section.review"),
        review__hlpf_year=2027,
    )
    chosen_by = factory.SubFactory(UserFactory)


class CommitmentFactory(factory.django.DjangoModelFactory):
    """A commitment of a first VNR, held by the second review that follows it up."""

    class Meta:
        model = Commitment

    review = factory.SubFactory(ReviewFactory)
    text = factory.Sequence(lambda n: f"Commitment {n}: extend social protection to informal workers")


class CommitmentUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitmentUpdate

    commitment = factory.SubFactory(CommitmentFactory)
    status = "in_progress"
    narrative = "The law was passed; the first payments follow next year."
    submitted_by = factory.SubFactory(UserFactory)


class CommitmentDocumentFactory(factory.django.DjangoModelFactory):
    """A PDF given as evidence of a commitment's follow-up."""

    class Meta:
        model = CommitmentDocument

    commitment = factory.SubFactory(CommitmentFactory)
    file = factory.django.FileField(filename="commitment-evidence.pdf", data=b"%PDF-1.4\n%%EOF\n")
    name = "Health sector review 2024.pdf"
    content_type = "application/pdf"
    size = 14


class SelfAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfAssessment

    review = factory.SubFactory(ReviewFactory)
    opens_on = factory.LazyFunction(timezone.localdate)
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class SelfAssessmentQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfAssessmentQuestion

    assessment = factory.SubFactory(SelfAssessmentFactory)
    text = factory.Sequence(lambda n: f"Question {n}: how often did the SDG council meet?")


class SelfAssessmentRespondentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfAssessmentRespondent

    assessment = factory.SubFactory(SelfAssessmentFactory)
    user = factory.SubFactory(UserFactory)
    group = "role:editor"
    group_label = "Editors"


class SelfAssessmentAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfAssessmentAnswer

    respondent = factory.SubFactory(SelfAssessmentRespondentFactory)
    question = factory.SubFactory(
        SelfAssessmentQuestionFactory, assessment=factory.SelfAttribute("..respondent.assessment")
    )
    score = 4
    comment = "It met twice a year."


class NationalStrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NationalStrategy

    review = factory.SubFactory(ReviewFactory)
    name = "Vision 2035"
    start_year = 2021
    end_year = 2035


class StrategyPillarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategyPillar

    strategy = factory.SubFactory(NationalStrategyFactory)
    name = factory.Sequence(lambda n: f"Pillar {n}")


class StrategyPriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategyPriority

    pillar = factory.SubFactory(StrategyPillarFactory)
    name = factory.Sequence(lambda n: f"Priority {n}")


class SectorReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SectorReview

    review = factory.SubFactory(ReviewFactory)
    title = factory.Sequence(lambda n: f"Health sector review {n}")
    sector = "Health"
    year = 2024
    link = "https://example.org/health-sector-review.pdf"
    added_by = factory.SubFactory(UserFactory)
