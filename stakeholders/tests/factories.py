"""A factory for every stakeholders model the tests build. Optional links (who blocked,
who invited…) are left empty unless a test gives them."""

from datetime import timedelta

import factory
from django.utils import timezone

from reviews.tests.factories import ReviewFactory, UserFactory
from stakeholders.models import (
    ActivityParticipation,
    ConductAcceptance,
    ConsultationRound,
    Contact,
    Contribution,
    ContributionAttachment,
    ContributionFlag,
    ContributorBlock,
    ContributorProfile,
    EngagementActivity,
    EngagementBaseline,
    GroupMeeting,
    ModeratorResponse,
    Organisation,
    Portal,
    ResponseTemplate,
    RoundDocument,
    RoundInvitation,
    RoundQuestion,
    StakeholderCategory,
    StandingGroup,
    SurveyResponse,
)
from stakeholders.rounds.documents import frozen_paragraphs


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StakeholderCategory

    review = factory.SubFactory(ReviewFactory)
    name = factory.Sequence(lambda n: f"Category {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    review = factory.SubFactory(ReviewFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    category = factory.SubFactory(CategoryFactory, review=factory.SelfAttribute("..review"))


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Contact Person {n}")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    phone = "+1 555 0100"
    consent_at = factory.LazyFunction(timezone.now)
    consent_note = "Signed form"


class StandingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StandingGroup

    review = factory.SubFactory(ReviewFactory)
    name = factory.Sequence(lambda n: f"Working group {n}")
    kind = StandingGroup.Kind.WORKING_GROUP


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EngagementActivity

    review = factory.SubFactory(ReviewFactory)
    stage = "consultation"
    kind = EngagementActivity.Kind.WORKSHOP
    title = factory.Sequence(lambda n: f"Workshop {n}")


class PortalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Portal
        django_get_or_create = ("review",)

    review = factory.SubFactory(ReviewFactory)
    is_published = True
    introduction = "<p>How the review is prepared.</p>"
    how_to_take_part = "<p>Comment on the drafts.</p>"
    contacts = "<p>VNR secretariat, vnr@example.gov</p>"
    code_of_conduct = "<p>Be respectful.</p>"


class RoundFactory(factory.django.DjangoModelFactory):
    """An open public round, published now (no documents: add RoundDocumentFactory)."""

    class Meta:
        model = ConsultationRound

    review = factory.SubFactory(ReviewFactory)
    title = factory.Sequence(lambda n: f"Consultation round {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    published_at = factory.LazyFunction(timezone.now)
    languages = factory.LazyFunction(lambda: ["en"])


class RoundDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundDocument

    round = factory.SubFactory(RoundFactory)
    language = "en"
    title = factory.Sequence(lambda n: f"Goal {n % 17 + 1}")
    content = "<p>First paragraph.</p><p>Second paragraph.</p>"
    frozen_at = factory.LazyFunction(timezone.now)
    # As the publishing service makes them when it freezes the copy.
    paragraphs = factory.LazyAttribute(lambda o: frozen_paragraphs(o.content) if o.frozen_at else None)


class RoundQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundQuestion

    round = factory.SubFactory(RoundFactory, kind=ConsultationRound.Kind.QUESTIONS)
    text = factory.Sequence(lambda n: f"Question {n}?")


class ContributorFactory(UserFactory):
    """A public account with a verified e-mail address."""

    class Meta:
        skip_postgeneration_save = True

    profile = factory.RelatedFactory(
        "stakeholders.tests.factories.ContributorProfileFactory", factory_related_name="user"
    )


class ContributorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContributorProfile

    user = factory.SubFactory(UserFactory)
    display_name = factory.LazyAttribute(lambda o: o.user.get_full_name() or o.user.username)
    email_verified_at = factory.LazyFunction(timezone.now)


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    round = factory.SubFactory(RoundFactory)
    document = factory.SubFactory(RoundDocumentFactory, round=factory.SelfAttribute("..round"))
    author = factory.SubFactory(ContributorFactory)
    body = factory.Sequence(lambda n: f"Comment number {n} on the draft.")
    language = "en"


class ResponseTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponseTemplate

    review = factory.SubFactory(ReviewFactory)
    classification = "constructive"
    language = "en"
    title = factory.Sequence(lambda n: f"Thanks {n}")
    body = "Thank you for your contribution; the drafting team will consider it."


class GroupMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMeeting

    group = factory.SubFactory(StandingGroupFactory)
    date = factory.LazyFunction(timezone.localdate)


class ActivityParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityParticipation

    activity = factory.SubFactory(ActivityFactory)
    category = factory.SubFactory(CategoryFactory, review=factory.SelfAttribute("..activity.review"))
    count = 1


class RoundInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundInvitation

    round = factory.SubFactory(RoundFactory, audience=ConsultationRound.Audience.INVITED)
    email = factory.Sequence(lambda n: f"guest{n}@example.org")


class ConductAcceptanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConductAcceptance

    review = factory.SubFactory(ReviewFactory)
    user = factory.SubFactory(ContributorFactory)


class ContributionAttachmentFactory(factory.django.DjangoModelFactory):
    """A small PDF attached to a contribution (stored under MEDIA_ROOT: point it at a
    temporary folder)."""

    class Meta:
        model = ContributionAttachment

    contribution = factory.SubFactory(ContributionFactory)
    file = factory.django.FileField(filename="evidence.pdf", data=b"%PDF-1.4 test")
    original_name = "evidence.pdf"
    content_type = "application/pdf"
    size = 13


class ContributionFlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContributionFlag

    contribution = factory.SubFactory(ContributionFactory)
    user = factory.SubFactory(ContributorFactory)


class ModeratorResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ModeratorResponse

    contribution = factory.SubFactory(ContributionFactory)
    author = factory.SubFactory(UserFactory)
    body = "Thank you: the drafting team will consider your point."


class ContributorBlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContributorBlock

    review = factory.SubFactory(ReviewFactory)
    user = factory.SubFactory(ContributorFactory)
    reason = "Abusive comments"


class SurveyResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyResponse

    round = factory.SubFactory(RoundFactory)
    user = factory.SubFactory(ContributorFactory)
    felt_heard = 4
    process_clear = 4
    would_take_part_again = True


class EngagementBaselineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EngagementBaseline

    review = factory.SubFactory(ReviewFactory)
