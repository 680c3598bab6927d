"""Stakeholder categories: the list with the form to add one, renaming, moving, deleting."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviews.core.access import get_review_for
from stakeholders.rules import MANAGE_ENGAGEMENT, VIEW_ENGAGEMENT
from vnr_portal.common.errors import add_service_errors

from .. import selectors
from ..forms.categories import CategoryForm
from ..models import StakeholderCategory
from ..services import categories as services


@login_required
def categories(request, pk: int):
    """The list, with the form to add one (managers)."""
    review = get_review_for(request, pk, VIEW_ENGAGEMENT)
    can_manage = request.user.has_perm(MANAGE_ENGAGEMENT, review)
    if can_manage:
        services.categories_ensure_defaults(review, actor=request.user)
    form = CategoryForm(request.POST or None, prefix="new")
    if request.method == "POST":
        get_review_for(request, pk, MANAGE_ENGAGEMENT)
        if form.is_valid():
            try:
                category = services.category_create(actor=request.user, review=review, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Category “%(name)s” added.") % {"name": category.name})
                return redirect("stakeholders:engagement-categories", pk=review.pk)
    return render(
        request,
        "stakeholders/registry/categories.html",
        {"review": review, "categories": selectors.category_list(review), "form": form, "can_manage": can_manage},
    )


@login_required
def category_edit(request, pk: int, category_pk: int):
    review = get_review_for(request, pk, MANAGE_ENGAGEMENT)
    category = get_object_or_404(StakeholderCategory, pk=category_pk, review=review)
    form = CategoryForm(request.POST or None, initial={"name": category.name, "at_risk": category.at_risk})
    if request.method == "POST" and form.is_valid():
        try:
            services.category_update(actor=request.user, category=copy.copy(category), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Category saved."))
            return redirect("stakeholders:engagement-categories", pk=review.pk)
    return render(
        request, "stakeholders/registry/category_form.html", {"review": review, "category": category, "form": form}
    )


@login_required
@require_POST
def category_move(request, pk: int, category_pk: int):
    review = get_review_for(request, pk, MANAGE_ENGAGEMENT)
    category = get_object_or_404(StakeholderCategory, pk=category_pk, review=review)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    services.category_move(actor=request.user, category=category, direction=direction)
    return redirect("stakeholders:engagement-categories", pk=review.pk)


@login_required
def category_delete(request, pk: int, category_pk: int):
    review = get_review_for(request, pk, MANAGE_ENGAGEMENT)
    category = get_object_or_404(StakeholderCategory, pk=category_pk, review=review)
    if request.method == "POST":
        try:
            services.category_delete(actor=request.user, category=category)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Category “%(name)s” deleted.") % {"name": category.name})
        return redirect("stakeholders:engagement-categories", pk=review.pk)
    return render(request, "stakeholders/registry/category_delete.html", {"review": review, "category": category})
