from datetime import timedelta

import factory
from django.utils import timezone

from reviews.tests.factories import ReviewFactory, UserFactory
from stakeholders.models import (
    ConsultationRound,
    Contact,
    Contribution,
    ContributorProfile,
    EngagementActivity,
    Organisation,
    Portal,
    ResponseTemplate,
    RoundDocument,
    RoundQuestion,
    StakeholderCategory,
    StandingGroup,
)


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
