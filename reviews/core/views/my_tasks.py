"""A person's "My tasks": what waits for them across their reviews (the landing page
after signing in)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from reviews.core.my_tasks import member_reviews, task_groups_for_user
from reviews.rules import member_review_ids


@login_required
def my_tasks(request):
    if not (member_review_ids(request.user) or request.user.is_superuser or request.user.is_staff):
        # A member of the public who signed in: their place is the portal's landing.
        return redirect("home")
    reviews = member_reviews(request.user)
    groups = task_groups_for_user(request.user, today=timezone.localdate(), reviews=reviews)
    context = {
        "groups": groups,
        "total": sum(group.count for group in groups),
        "late": sum(group.late_count for group in groups),
        "has_reviews": bool(reviews),
    }
    return render(request, "reviews/core/my_tasks.html", context)
