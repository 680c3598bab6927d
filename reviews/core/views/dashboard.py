from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from reviews.core.selectors import review_list_for_user
from reviews.models import Country


@login_required
def dashboard(request):
    reviews = list(review_list_for_user(request.user))
    countries_to_add = (
        Country.objects.all()
        if request.user.is_superuser
        else Country.objects.filter(
            reviews__memberships__user=request.user, reviews__memberships__role="coordinator"
        ).distinct()
    )
    return render(
        request,
        "reviews/core/dashboard.html",
        {"reviews": reviews, "can_add_review": countries_to_add.exists()},
    )
