"""The engagement hub (the figures of the registry and the plan) and the interest ×
influence map."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from reviews.core.access import get_review_for
from stakeholders.rules import MANAGE_ENGAGEMENT, VIEW_ENGAGEMENT

from .. import selectors
from ..services import categories as category_services


@login_required
def engagement(request, pk: int):
    review = get_review_for(request, pk, VIEW_ENGAGEMENT)
    if request.user.has_perm(MANAGE_ENGAGEMENT, review):
        category_services.categories_ensure_defaults(review, actor=request.user)
    return render(
        request,
        "stakeholders/registry/hub.html",
        {
            "review": review,
            "figures": selectors.hub_figures(review),
            "can_manage": request.user.has_perm(MANAGE_ENGAGEMENT, review),
        },
    )


@login_required
def engagement_map(request, pk: int):
    review = get_review_for(request, pk, VIEW_ENGAGEMENT)
    return render(
        request, "stakeholders/registry/map.html", {"review": review, "map": selectors.engagement_map(review)}
    )
