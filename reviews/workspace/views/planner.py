"""A review's cycle planner: creating reviews, stages, milestones and the checklist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviews import rules as perms
from reviews.core.access import get_review_for
from reviews.core.deadlines import deadline_status
from reviews.core.models import Review, Stage
from reviews.core.people import people_label
from reviews.workspace.forms.planner import (
    MilestoneForm,
    ReviewEditForm,
    ReviewForm,
    ReviewRecordForm,
    TaskForm,
)
from reviews.workspace.models import Milestone, Task
from reviews.workspace.selectors.matrix import goal_list_without_lead
from reviews.workspace.services import reviews as services
from vnr_portal.common.errors import add_service_errors


def _countries_for_new_review(user):
    countries = perms.countries_for_new_review(user)
    if user.is_superuser:
        return countries
    if not countries.exists():
        raise PermissionDenied(_("Only a coordinator of one of a country's reviews can add a review for it."))
    return countries


@login_required
def review_create(request):
    countries = _countries_for_new_review(request.user)
    previous_reviews = Review.objects.filter(country__in=countries).select_related("country")
    form = ReviewForm(request.POST or None, countries=countries, previous_reviews=previous_reviews)
    # "Start the next VNR from this one" (?previous=<pk>): the previous review preselected.
    previous_pk = request.GET.get("previous", "")
    if not form.is_bound and previous_pk.isdigit():
        previous = previous_reviews.filter(pk=int(previous_pk)).first()
        if previous is not None:
            form.initial.update(country=previous.country, previous_review=previous)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not request.user.has_perm("reviews.add_review_country", data["country"]):
            raise PermissionDenied
        try:
            review = services.review_create(actor=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The review has been created with the UN's usual milestones."))
            if review.previous_review_id is not None and request.user.has_perm("reviews.carry_over", review):
                # The next step: choose what to take over from the previous review (followup).
                return redirect("reviews:followup-carryover", pk=review.pk)
            return redirect("reviews:review-detail", pk=review.pk)
    return render(request, "reviews/workspace/review_form.html", {"form": form, "heading": _("New review")})


@login_required
def review_record_create(request):
    countries = _countries_for_new_review(request.user)
    form = ReviewRecordForm(request.POST or None, request.FILES or None, countries=countries)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_record_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The past review has been recorded."))
            return redirect("reviews:review-detail", pk=review.pk)
    return render(
        request,
        "reviews/workspace/review_form.html",
        {"form": form, "heading": _("Record a past review"), "multipart": True},
    )


@login_required
def review_detail(request, pk: int):
    review = get_review_for(request, pk)
    today = timezone.localdate()
    milestones = list(review.milestones.all())
    tasks = list(review.tasks.select_related("owner"))
    for item in milestones + tasks:
        item.status = deadline_status(due=item.due_date, done=item.done_on, today=today)
    stages = [choice for choice in Stage if choice != Stage.PUBLISHED]
    current = list(Stage).index(Stage(review.stage))
    return render(
        request,
        "reviews/workspace/review_detail.html",
        {
            "review": review,
            "today": today,
            "stages": [(stage, index < current, stage == review.stage) for index, stage in enumerate(stages)],
            "milestones": milestones,
            "tasks": tasks,
            "late_count": sum(1 for item in milestones + tasks if item.status == "late"),
            "due_count": sum(1 for item in milestones + tasks if item.status == "due"),
            "goals_without_lead": [] if review.is_record else list(goal_list_without_lead(review)),
            "ministry_count": review.ministries.count(),
        },
    )


@login_required
def review_edit(request, pk: int):
    review = get_review_for(request, pk, "reviews.change_review")
    form = ReviewEditForm(
        request.POST or None,
        instance=review,
        report_locked=not request.user.has_perm("reviews.change_report_title", review),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.review_update(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The review has been saved."))
            return redirect("reviews:review-detail", pk=review.pk)
    return render(
        request, "reviews/workspace/review_form.html", {"form": form, "review": review, "heading": _("Edit the review")}
    )


@login_required
def review_published_pdf(request, pk: int):
    review = get_review_for(request, pk)
    if not review.published_pdf:
        raise Http404
    filename = f"VNR-{review.country.iso3}-{review.hlpf_year}.pdf"
    return FileResponse(review.published_pdf.open("rb"), as_attachment=True, filename=filename)


@login_required
def milestone_create(request, pk: int):
    review = get_review_for(request, pk, "reviews.change_review")
    return _edit_milestone(request, review, Milestone(review=review))


@login_required
def milestone_edit(request, pk: int, milestone_pk: int):
    review = get_review_for(request, pk, "reviews.change_review")
    return _edit_milestone(request, review, get_object_or_404(Milestone, pk=milestone_pk, review=review))


def _edit_milestone(request, review, milestone):
    form = MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        services.milestone_save(actor=request.user, milestone=form.instance)
        messages.success(request, _("The milestone has been saved."))
        return redirect("reviews:review-detail", pk=review.pk)
    heading = _("Edit the milestone") if milestone.pk else _("New milestone")
    return render(request, "reviews/workspace/review_form.html", {"form": form, "review": review, "heading": heading})


@login_required
def task_create(request, pk: int):
    review = get_review_for(request, pk, "reviews.change_review")
    return _edit_task(request, review, Task(review=review, position=review.tasks.count()))


@login_required
def task_edit(request, pk: int, task_pk: int):
    review = get_review_for(request, pk, "reviews.change_review")
    return _edit_task(request, review, get_object_or_404(Task, pk=task_pk, review=review))


def _edit_task(request, review, task):
    form = TaskForm(request.POST or None, instance=task, review=review)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_save(actor=request.user, task=form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The task has been saved."))
            return redirect("reviews:review-detail", pk=review.pk)
    heading = _("Edit the task") if task.pk else _("New task")
    return render(request, "reviews/workspace/review_form.html", {"form": form, "review": review, "heading": heading})


@login_required
@require_POST
def task_toggle(request, pk: int, task_pk: int):
    review = get_review_for(request, pk, "reviews.change_review")
    task = get_object_or_404(Task, pk=task_pk, review=review)
    services.task_toggle(actor=request.user, task=task, today=timezone.localdate())
    return redirect(f"{review.get_absolute_url()}#task-{task.pk}")


@login_required
def audit_log(request, pk: int):
    """The review's audit log. People are named by their display name; their e-mail
    addresses only for those who may see contact details (coordinators, moderators)."""
    review = get_review_for(request, pk)
    entries = review.audit_entries.select_related("actor")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    with_contact = request.user.has_perm("reviews.view_contact_details", review)
    labels = people_label((entry.actor for entry in page), with_contact=with_contact)
    for entry in page:
        entry.who = labels.get(entry.actor_id)
    return render(request, "reviews/workspace/audit_log.html", {"review": review, "page": page})
