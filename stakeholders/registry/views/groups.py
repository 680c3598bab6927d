"""Standing groups: the list, a group with its members and meetings, and their forms."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from reviews.core.access import get_review_for
from stakeholders.rules import MANAGE_ENGAGEMENT, VIEW_ENGAGEMENT
from vnr_portal.common.errors import add_service_errors

from .. import selectors
from ..forms.groups import GroupForm, MeetingForm
from ..models import GroupMeeting, StandingGroup
from ..services import groups as services


def _group(review, group_pk: int) -> StandingGroup:
    return get_object_or_404(StandingGroup, pk=group_pk, review=review)


@login_required
def group_list(request, pk: int):
    review = get_review_for(request, pk, VIEW_ENGAGEMENT)
    return render(
        request,
        "stakeholders/registry/group_list.html",
        {
            "review": review,
            "groups": selectors.group_list(review),
            "can_manage": request.user.has_perm(MANAGE_ENGAGEMENT, review),
        },
    )


@login_required
def group_create(request, pk: int):
    review = get_review_for(request, pk, MANAGE_ENGAGEMENT)
    form = GroupForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Group “%(name)s” created.") % {"name": group.name})
            return redirect("stakeholders:group-detail", pk=review.pk, group_pk=group.pk)
    return render(request, "stakeholders/registry/group_form.html", {"review": review, "form": form})


@login_required
def group_detail(request, pk: int, group_pk: int):
    review = get_review_for(request, pk, VIEW_ENGAGEMENT)
    try:
        group = selectors.group_get(review, group_pk)
    except StandingGroup.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "stakeholders/registry/group_detail.html",
        {"review": review, "group": group, "can_manage": request.user.has_perm(MANAGE_ENGAGEMENT, review)},
    )


@login_required
def group_edit(request, pk: int, group_pk: int):
    review = get_review_for(request, pk, MANAGE_ENGAGEMENT)
    group = _group(review, group_pk)
    form = GroupForm(request.POST or None, review=review, initial=GroupForm.initial_for(group))
    if request.method == "POST" and form.is_valid():
        try:
            services.group_update(actor=request.user, group=copy.copy(group), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Group saved."))
            return redirect("stakeholders:group-detail", pk=review.pk, group_pk=group.pk)
    return render(request, "stakeholders/registry/group_form.html", {"review": review, "form": form, "group": group})


@login_required
def meeting_create(request, pk: int, group_pk: int):
    review = get_review_for(request, pk, MANAGE_ENGAGEMENT)
    group = _group(review, group_pk)
    form = MeetingForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_create(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Meeting recorded."))
            return redirect("stakeholders:group-detail", pk=review.pk, group_pk=group.pk)
    return render(request, "stakeholders/registry/meeting_form.html", {"review": review, "group": group, "form": form})


@login_required
def meeting_edit(request, pk: int, group_pk: int, meeting_pk: int):
    review = get_review_for(request, pk, MANAGE_ENGAGEMENT)
    group = _group(review, group_pk)
    meeting = get_object_or_404(GroupMeeting, pk=meeting_pk, group=group)
    form = MeetingForm(request.POST or None, group=group, initial=MeetingForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(actor=request.user, meeting=copy.copy(meeting), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Meeting saved."))
            return redirect("stakeholders:group-detail", pk=review.pk, group_pk=group.pk)
    return render(
        request,
        "stakeholders/registry/meeting_form.html",
        {"review": review, "group": group, "meeting": meeting, "form": form},
    )
