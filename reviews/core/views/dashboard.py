from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from reviews import rules as perms
from reviews.core.selectors import review_list_for_user


@login_required
def dashboard(request):
    reviews = list(review_list_for_user(request.user))
    countries_to_add = perms.countries_for_new_review(request.user)
    return render(
        request,
        "reviews/core/dashboard.html",
        {"reviews": reviews, "can_add_review": countries_to_add.exists()},
    )
