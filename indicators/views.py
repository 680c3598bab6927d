"""Public pages of the SDG framework: the 17 goals and each goal's targets and indicators."""

from django.shortcuts import get_object_or_404, render

from .selectors import goal_list_with_counts, goal_neighbours, goal_with_targets


def goal_list(request):
    return render(request, "indicators/goal_list.html", {"goals": goal_list_with_counts()})


def goal_detail(request, number: int):
    goal = get_object_or_404(goal_with_targets(), number=number)
    previous, following = goal_neighbours(goal)
    return render(request, "indicators/goal_detail.html", {"goal": goal, "previous": previous, "next": following})
