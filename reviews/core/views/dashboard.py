from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from reviews import rules as perms
from reviews.core.my_tasks import task_groups_for_user
from reviews.core.selectors import review_list_for_user


@login_required
def dashboard(request):
    reviews = list(review_list_for_user(request.user))
    countries_to_add = perms.countries_for_new_review(request.user)
    # Open council votes waiting for this person's ballot, flagged on their review's card;
    # asked of "My tasks" for the reviews in progress where they hold a role (as
    # `member_reviews`), taken from the list already read.
    mine = {review.pk: review for review in reviews if review.my_memberships and not review.is_record}
    groups = task_groups_for_user(request.user, today=timezone.localdate(), keys=["votes"], reviews=mine)
    votes = [item for group in groups for item in group.items]
    waiting = {item.review.pk: item for item in votes}
    for review in reviews:
        review.waiting_vote = waiting.get(review.pk)
    return render(
        request,
        "reviews/core/dashboard.html",
        {"reviews": reviews, "can_add_review": countries_to_add.exists(), "waiting_votes": votes},
    )
