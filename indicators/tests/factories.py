import factory

from indicators.models import Goal, Indicator, Target


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: n % 17 + 1)
    title = factory.LazyAttribute(lambda o: {"en": f"Goal {o.number} title", "zh-Hans": f"目标{o.number}"})
    short_title = factory.LazyAttribute(lambda o: {"en": f"Goal {o.number}", "zh-Hans": f"目标{o.number}"})


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    goal = factory.SubFactory(GoalFactory)
    # Codes start with the goal's number, as in the framework ("3.12").
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.goal.number}.{n + 1}")
    position = factory.Sequence(lambda n: n)
    title = factory.LazyAttribute(lambda o: {"en": f"Target {o.code}"})


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    target = factory.SubFactory(TargetFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.target.code}.{n + 1}")
    position = factory.Sequence(lambda n: n)
    title = factory.LazyAttribute(lambda o: {"en": f"Indicator {o.code}"})
