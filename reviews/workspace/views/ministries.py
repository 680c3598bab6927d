"""Ministries and their divisions, each with a focal point."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from reviews.core.access import get_review_for
from reviews.workspace.forms.ministries import MinistryForm
from reviews.workspace.models import Ministry
from reviews.workspace.selectors.ministries import ministry_list_tree
from reviews.workspace.services import ministries as services
from vnr_portal.common.errors import add_service_errors


@login_required
def ministry_list(request, pk: int):
    review = get_review_for(request, pk)
    return render(
        request, "reviews/workspace/ministry_list.html", {"review": review, "ministries": ministry_list_tree(review)}
    )


@login_required
def ministry_create(request, pk: int):
    review = get_review_for(request, pk, "reviews.manage_ministries")
    return _edit(request, review, Ministry(review=review))


@login_required
def ministry_edit(request, pk: int, ministry_pk: int):
    review = get_review_for(request, pk, "reviews.manage_ministries")
    return _edit(request, review, get_object_or_404(Ministry, pk=ministry_pk, review=review))


def _edit(request, review, ministry):
    form = MinistryForm(request.POST or None, instance=ministry, review=review)
    if request.method == "POST" and form.is_valid():
        try:
            services.ministry_save(actor=request.user, review=review, ministry=form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(name)s” has been saved.") % {"name": ministry.name})
            return redirect("reviews:ministry-list", pk=review.pk)
    heading = _("Edit the ministry") if ministry.pk else _("New ministry or division")
    return render(request, "reviews/workspace/review_form.html", {"form": form, "review": review, "heading": heading})


@login_required
def ministry_delete(request, pk: int, ministry_pk: int):
    review = get_review_for(request, pk, "reviews.manage_ministries")
    ministry = get_object_or_404(Ministry, pk=ministry_pk, review=review)
    if request.method == "POST":
        services.ministry_delete(actor=request.user, ministry=ministry)
        messages.success(request, _("“%(name)s” has been deleted.") % {"name": ministry.name})
        return redirect("reviews:ministry-list", pk=review.pk)
    return render(
        request,
        "reviews/workspace/ministry_confirm_delete.html",
        {
            "review": review,
            "ministry": ministry,
            "division_count": ministry.divisions.count(),
            "assignment_count": ministry.assignments.count(),
            "member_count": ministry.members.count(),
        },
    )
