"""The institutional self-assessment: the summary (every member), setting it up and
inviting respondents (coordinators), answering (invited respondents), the raw answers
(coordinators only)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from reviews.core.access import check_perm, get_review_for
from reviews.core.selectors import vnr_names
from reviews.followup.forms.selfassessment import AnswerForm, InviteForm, QuestionForm, SelfAssessmentForm
from reviews.followup.models.selfassessment import SelfAssessment, SelfAssessmentQuestion
from reviews.followup.selectors import selfassessment as selectors
from reviews.followup.services import selfassessment as services
from vnr_portal.common.errors import add_service_errors

VIEW = "reviews.view_followup"
MANAGE = "reviews.manage_followup"
RAW = "reviews.view_selfassessment_answers"


def _assessment(review) -> SelfAssessment:
    return get_object_or_404(SelfAssessment, review=review)


def _form_page(request, review, form, heading, *, multipart=False):
    return render(
        request,
        "reviews/followup/form.html",
        {
            "review": review,
            "form": form,
            "heading": heading,
            "multipart": multipart,
            "cancel_url": reverse("reviews:followup-selfassessment", args=[review.pk]),
        },
    )


@login_required
def selfassessment(request, pk: int):
    review = get_review_for(request, pk, VIEW)
    assessment = selectors.selfassessment_for(review)
    context = {"review": review, "assessment": assessment, "today": timezone.localdate(), "vnr": vnr_names(review)}
    if assessment is not None:
        context["results"] = selectors.selfassessment_results(assessment)
        context["respondent"] = assessment.respondents.filter(user=request.user).first()
    return render(request, "reviews/followup/selfassessment.html", context)


@login_required
def selfassessment_create(request, pk: int):
    review = get_review_for(request, pk, MANAGE)
    today = timezone.localdate()
    form = SelfAssessmentForm(
        request.POST or None, initial={"opens_on": today, "closes_on": today + datetime.timedelta(days=30)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.selfassessment_create(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The self-assessment has been set up with the default questions."))
            return redirect("reviews:followup-selfassessment", pk=review.pk)
    return _form_page(request, review, form, _("Set up the self-assessment"))


@login_required
def selfassessment_settings(request, pk: int):
    review = get_review_for(request, pk, MANAGE)
    assessment = _assessment(review)
    initial = {
        "opens_on": assessment.opens_on,
        "closes_on": assessment.closes_on,
        "first_vnr_arrangements": assessment.first_vnr_arrangements,
    }
    form = SelfAssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.selfassessment_update(actor=request.user, assessment=assessment, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The self-assessment has been saved."))
            return redirect("reviews:followup-selfassessment", pk=review.pk)
    return _form_page(request, review, form, _("Dates and the first VNR's arrangements"))


@login_required
def question_edit(request, pk: int, question_pk: int | None = None):
    review = get_review_for(request, pk, MANAGE)
    assessment = _assessment(review)
    if question_pk is None:
        question = SelfAssessmentQuestion(assessment=assessment)
    else:
        question = get_object_or_404(SelfAssessmentQuestion, pk=question_pk, assessment=assessment)
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(actor=request.user, assessment=assessment, question=form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The question has been saved."))
            return redirect("reviews:followup-selfassessment", pk=review.pk)
    heading = _("Edit the question") if question.pk else _("New question")
    return _form_page(request, review, form, heading)


@login_required
@require_POST
def question_delete(request, pk: int, question_pk: int):
    review = get_review_for(request, pk, MANAGE)
    question = get_object_or_404(SelfAssessmentQuestion, pk=question_pk, assessment__review=review)
    try:
        services.question_delete(actor=request.user, question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The question has been removed."))
    return redirect("reviews:followup-selfassessment", pk=review.pk)


@login_required
def selfassessment_invite(request, pk: int):
    review = get_review_for(request, pk, MANAGE)
    assessment = _assessment(review)
    form = InviteForm(request.POST or None, groups=services.invitable_groups(review))
    if request.method == "POST" and form.is_valid():
        try:
            count = services.respondents_invite(
                actor=request.user, assessment=assessment, group_keys=form.cleaned_data["groups"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s person has been invited.",
                    "%(count)s people have been invited.",
                    count,
                )
                % {"count": count},
            )
            return redirect("reviews:followup-selfassessment", pk=review.pk)
    return _form_page(request, review, form, _("Invite respondents"))


@login_required
def selfassessment_answers(request, pk: int):
    review = get_review_for(request, pk, RAW)
    assessment = _assessment(review)
    return render(
        request,
        "reviews/followup/selfassessment_answers.html",
        {
            "review": review,
            "assessment": assessment,
            "questions": list(assessment.questions.all()),
            "table": selectors.selfassessment_raw_answers(assessment),
        },
    )


@login_required
def selfassessment_respond(request, pk: int):
    assessment = get_object_or_404(SelfAssessment.objects.select_related("review__country"), review_id=pk)
    check_perm(request, "reviews.answer_selfassessment", assessment)
    review = assessment.review
    respondent, answers = selectors.respondent_answers(assessment, request.user)
    questions = list(assessment.questions.all())
    form = AnswerForm(request.POST or None, questions=questions, answers=answers)
    today = timezone.localdate()
    if request.method == "POST" and form.is_valid():
        try:
            services.selfassessment_answer(
                actor=request.user, assessment=assessment, answers=form.answers(), today=today
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Thank you: your answers have been saved. You can change them until the close.")
            )
            return redirect("reviews:followup-selfassessment-respond", pk=review.pk)
    return render(
        request,
        "reviews/followup/selfassessment_respond.html",
        {
            "review": review,
            "assessment": assessment,
            "respondent": respondent,
            "form": form,
            "is_open": assessment.is_open_on(today),
            "today": today,
            "is_member": request.user.has_perm(VIEW, review),
        },
    )
