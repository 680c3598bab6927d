import factory
from django.contrib.auth import get_user_model

from reviews.models import Country, GoalAssignment, Membership, Ministry, Review, Stage


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
