import pytest

from indicators.selectors import goal_list_with_counts, goal_neighbours
from indicators.tests.factories import GoalFactory, IndicatorFactory, TargetFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.mark.parametrize(
    ("number", "expected"), [(1, (None, 5)), (5, (1, 9)), (9, (5, None))], ids=["first", "middle", "last"]
)
def test_goal_neighbours_are_the_nearest_goals_even_with_gaps(django_assert_num_queries, number, expected):
    goals = {n: GoalFactory(number=n) for n in (1, 5, 9)}

    with django_assert_num_queries(1):
        previous, following = goal_neighbours(goals[number])

    assert (previous and previous.number, following and following.number) == expected


def test_goal_list_with_counts_counts_targets_and_indicators_of_each_goal():
    first, second = GoalFactory(number=1), GoalFactory(number=2)
    for target in TargetFactory.create_batch(2, goal=first):
        IndicatorFactory.create_batch(3, target=target)
    TargetFactory(goal=second)

    assert [(goal.number, goal.target_count, goal.indicator_count) for goal in goal_list_with_counts()] == [
        (1, 2, 6),
        (2, 1, 0),
    ]
